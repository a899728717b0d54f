/** Containers that keep dying: exit code, last log lines, and OOMKilled → more memory. */
import { containerStatuses, Finding, podSpecContainer, Rule } from '../model';

export const crashLoop: Rule = (state) =>
  containerStatuses(state)
    .filter(
      ({ status }) =>
        status.state?.waiting?.reason === 'CrashLoopBackOff' ||
        status.lastState?.terminated?.reason === 'OOMKilled',
    )
    .map(({ pod, container, status }): Finding => {
      const terminated = status.lastState?.terminated ?? {};
      const component = pod.metadata.labels?.['app.kubernetes.io/component'] ?? 'backend';
      const oom = terminated.reason === 'OOMKilled' || terminated.exitCode === 137;
      const limit = podSpecContainer(pod, container)?.resources?.limits?.memory ?? 'unset';
      const logs = state.logs[`${pod.metadata.name}/${container}`];
      const evidence = [
        `restarts: ${status.restartCount ?? 0}, last exit code ${terminated.exitCode ?? '?'} (${terminated.reason ?? 'unknown reason'})`,
        ...(oom ? [`memory limit: ${limit}`] : []),
        ...(logs
          ? [
              'last log lines:',
              ...logs
                .trimEnd()
                .split('\n')
                .slice(-10)
                .map((l) => `  ${l}`),
            ]
          : ['last log lines: unavailable (run the command below)']),
      ];
      const fix = oom
        ? [
            `helm upgrade todo-app ./dist/helm/todo-app -n ${state.namespace} --reuse-values --set ${component}.resources.limits.memory=1Gi   # OOMKilled: raise the memory limit`,
          ]
        : [];
      fix.push(
        `kubectl logs ${pod.metadata.name} -c ${container} -n ${state.namespace} --previous --tail=50`,
      );
      if (!oom && logs && /JWT_SECRET is required/.test(logs))
        fix.unshift(
          `kubectl create secret generic app-secrets -n ${state.namespace} --from-literal=JWT_SECRET="$(openssl rand -hex 32)" --dry-run=client -o yaml | kubectl apply -f -`,
        );
      return {
        id: oom ? 'oom-killed' : 'crash-loop',
        severity: 'critical',
        title: oom
          ? `${container} is killed for running out of memory (limit ${limit})`
          : `${container} keeps crashing (exit code ${terminated.exitCode ?? '?'})`,
        resource: `pod/${pod.metadata.name}`,
        evidence,
        fix,
      };
    });
