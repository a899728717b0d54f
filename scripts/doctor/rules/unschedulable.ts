/** Pods that stay Pending: not enough CPU or memory on the nodes, or taints nobody tolerates. */
import { byKind, eventsFor, Finding, Rule } from '../model';

export const unschedulable: Rule = (state) =>
  byKind(state, 'Pod')
    .filter((pod) => pod.status?.phase === 'Pending')
    .flatMap((pod): Finding[] => {
      const condition = (pod.status?.conditions ?? []).find(
        (c: any) => c.type === 'PodScheduled' && c.status === 'False',
      );
      const event = eventsFor(state, 'Pod', pod.metadata.name)
        .filter((e) => e.reason === 'FailedScheduling')
        .pop();
      const message: string = event?.message ?? condition?.message ?? '';
      if (!message) return [];
      const component = pod.metadata.labels?.['app.kubernetes.io/component'] ?? 'backend';
      const fix: string[] = [];
      if (/Insufficient cpu/i.test(message))
        fix.push(
          `minikube stop && minikube start --cpus 4 --memory 8192   # give the node more CPU`,
          `helm upgrade todo-app ./dist/helm/todo-app -n ${state.namespace} --reuse-values --set ${component}.resources.requests.cpu=50m   # or ask for less`,
        );
      if (/Insufficient memory/i.test(message))
        fix.push(
          `minikube stop && minikube start --cpus 4 --memory 8192   # give the node more memory`,
          `helm upgrade todo-app ./dist/helm/todo-app -n ${state.namespace} --reuse-values --set ${component}.resources.requests.memory=64Mi   # or ask for less`,
        );
      if (/taint/i.test(message))
        fix.push(
          'kubectl describe nodes | grep -A3 Taints   # remove the taint (kubectl taint nodes <node> <key>-) or add a toleration',
        );
      if (fix.length === 0) fix.push(`kubectl describe pod ${pod.metadata.name} -n ${state.namespace}`);
      return [
        {
          id: 'unschedulable',
          severity: 'critical',
          title: `${pod.metadata.name} cannot be scheduled`,
          resource: `pod/${pod.metadata.name}`,
          evidence: [`FailedScheduling: ${message}`],
          fix,
        },
      ];
    });
