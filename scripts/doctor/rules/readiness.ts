/**
 * Running but never ready. The backend's /ready answers 503 while its database
 * is unreachable and it logs each retry: the log names the cause when it can.
 */
import { showDatabaseUrlCommand } from '../../lib/backend-secret';
import { logCause } from '../logs';
import { byKind, eventsFor, Finding, nameOf, Rule } from '../model';
import { componentOf, secretOf } from '../names';
import { logCauseFinding } from './log-cause';

export const readiness: Rule = (state) =>
  byKind(state, 'Pod')
    .filter((pod) => pod.status?.phase === 'Running')
    .flatMap((pod): Finding[] => {
      const notReady = (pod.status?.containerStatuses ?? []).filter(
        (s) => s.ready === false && s.state?.running,
      );
      if (notReady.length === 0) return [];
      const failures = eventsFor(state, 'Pod', nameOf(pod)).filter(
        (e) => e.reason === 'Unhealthy' && /Readiness probe failed/.test(e.message ?? ''),
      );
      const last = failures[failures.length - 1];
      const probeEvidence = last ? [`${last.message} (${last.count ?? failures.length} times)`] : [];
      for (const status of notReady) {
        const cause = logCause(state.logs[`${nameOf(pod)}/${status.name}`]);
        if (cause) return [logCauseFinding(state, pod, status.name, cause, probeEvidence)];
      }
      if (!last) return [];
      const databaseDown = /statuscode: 503/.test(last.message ?? '') && componentOf(pod) === 'backend';
      const logs = `kubectl logs ${nameOf(pod)} -n ${state.namespace} --tail=30`;
      const showUrl = showDatabaseUrlCommand(secretOf(pod, 'DATABASE_URL'), state.namespace);
      return [
        {
          id: 'readiness',
          severity: 'critical',
          title: databaseDown
            ? `${nameOf(pod)} is not ready: the backend cannot reach its database`
            : `${nameOf(pod)} is not ready`,
          resource: `pod/${nameOf(pod)}`,
          evidence: probeEvidence,
          fix: databaseDown
            ? [
                `${logs}   # /ready answers 503 while the database is unreachable; the log says why`,
                `${showUrl}   # check DATABASE_URL (host, sslmode=require for Neon)`,
              ]
            : [`kubectl describe pod ${nameOf(pod)} -n ${state.namespace}`, logs],
        },
      ];
    });
