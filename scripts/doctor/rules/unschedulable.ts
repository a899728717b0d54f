/** Pods that stay Pending: not enough CPU or memory on the nodes, or taints nobody tolerates. */
import { byKind, eventsFor, Finding, nameOf, Rule } from '../model';
import { componentOf, helmUpgrade } from '../names';

/** minikube sizes its node when the cluster is created: a bigger one means a new cluster. */
const BIGGER_MINIKUBE =
  'minikube delete && minikube start --cpus 4 --memory 8192' +
  '   # minikube cannot resize a cluster: this deletes it and all in it; deploy again after';

const ASK_FOR_LESS = [
  ['cpu', '50m'],
  ['memory', '64Mi'],
] as const;

export const unschedulable: Rule = (state) =>
  byKind(state, 'Pod')
    .filter((pod) => pod.status?.phase === 'Pending')
    .flatMap((pod): Finding[] => {
      const condition = (pod.status?.conditions ?? []).find(
        (c) => c.type === 'PodScheduled' && c.status === 'False',
      );
      const event = eventsFor(state, 'Pod', nameOf(pod))
        .filter((e) => e.reason === 'FailedScheduling')
        .pop();
      const message = event?.message ?? condition?.message ?? '';
      if (!message) return [];
      const fix: string[] = [];
      for (const [resource, less] of ASK_FOR_LESS) {
        if (!new RegExp(`Insufficient ${resource}`, 'i').test(message)) continue;
        const request = `${componentOf(pod)}.resources.requests.${resource}=${less}`;
        fix.push(`${helmUpgrade(pod, state.namespace, request)}   # ask for less ${resource}`);
        if (!fix.includes(BIGGER_MINIKUBE)) fix.push(BIGGER_MINIKUBE);
      }
      if (/taint/i.test(message))
        fix.push(
          'kubectl describe nodes | grep -A3 Taints' +
            '   # remove the taint (kubectl taint nodes <node> <key>-) or add a toleration',
        );
      if (fix.length === 0) fix.push(`kubectl describe pod ${nameOf(pod)} -n ${state.namespace}`);
      return [
        {
          id: 'unschedulable',
          severity: 'critical',
          title: `${nameOf(pod)} cannot be scheduled`,
          resource: `pod/${nameOf(pod)}`,
          evidence: [`FailedScheduling: ${message}`],
          fix,
        },
      ];
    });
