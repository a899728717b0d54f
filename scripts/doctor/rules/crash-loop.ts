/** Containers that keep dying: exit code and last log lines; OOMKilled → more memory; known log causes → their fix. */
import { logCause, redact } from '../logs';
import { containerStatuses, Finding, nameOf, podSpecContainer, Rule } from '../model';
import { componentOf, helmUpgrade } from '../names';
import { logCauseFinding } from './log-cause';

export const crashLoop: Rule = (state) =>
  containerStatuses(state)
    .filter(
      ({ status }) =>
        status.state?.waiting?.reason === 'CrashLoopBackOff' ||
        status.lastState?.terminated?.reason === 'OOMKilled',
    )
    .map(({ pod, container, status }): Finding => {
      const terminated = status.lastState?.terminated;
      const exitCode = terminated?.exitCode ?? '?';
      const oom = terminated?.reason === 'OOMKilled' || terminated?.exitCode === 137;
      const limit = podSpecContainer(pod, container)?.resources?.limits?.memory ?? 'unset';
      const logs = state.logs[`${nameOf(pod)}/${container}`];
      const restarts =
        `restarts: ${status.restartCount ?? 0}, ` +
        `last exit code ${exitCode} (${terminated?.reason ?? 'unknown reason'})`;
      const cause = oom ? undefined : logCause(logs);
      if (cause) return logCauseFinding(state, pod, container, cause, [restarts]);
      const lastLines = logs
        ? [
            'last log lines:',
            ...logs
              .trimEnd()
              .split('\n')
              .slice(-10)
              .map((l) => `  ${redact(l)}`),
          ]
        : ['last log lines: unavailable (run the command below)'];
      const raiseMemory = helmUpgrade(
        pod,
        state.namespace,
        `${componentOf(pod)}.resources.limits.memory=1Gi`,
      );
      return {
        id: oom ? 'oom-killed' : 'crash-loop',
        severity: 'critical',
        title: oom
          ? `${container} is killed for running out of memory (limit ${limit})`
          : `${container} keeps crashing (exit code ${exitCode})`,
        resource: `pod/${nameOf(pod)}`,
        evidence: [restarts, ...(oom ? [`memory limit: ${limit}`] : []), ...lastLines],
        fix: [
          ...(oom ? [`${raiseMemory}   # OOMKilled: raise the memory limit`] : []),
          `kubectl logs ${nameOf(pod)} -c ${container} -n ${state.namespace} --previous --tail=50`,
        ],
      };
    });
