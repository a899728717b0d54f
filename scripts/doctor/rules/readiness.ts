/** Running but never ready: read the probe failures (the backend's /ready answers 503 without its database). */
import { byKind, eventsFor, Finding, Rule } from '../model';

export const readiness: Rule = (state) =>
  byKind(state, 'Pod')
    .filter((pod) => pod.status?.phase === 'Running')
    .flatMap((pod): Finding[] => {
      const notReady = (pod.status?.containerStatuses ?? []).filter(
        (s: any) => s.ready === false && s.state?.running,
      );
      const failures = eventsFor(state, 'Pod', pod.metadata.name).filter(
        (e) => e.reason === 'Unhealthy' && /Readiness probe failed/.test(e.message),
      );
      if (notReady.length === 0 || failures.length === 0) return [];
      const last = failures[failures.length - 1];
      const is503 = /statuscode: 503/.test(last.message);
      const backend =
        (pod.metadata.labels?.['app.kubernetes.io/component'] ?? pod.metadata.labels?.app) === 'backend';
      const fix =
        is503 && backend
          ? [
              `kubectl logs ${pod.metadata.name} -n ${state.namespace} --tail=30   # /ready answers 503 while the database is unreachable`,
              `kubectl get secret app-secrets -n ${state.namespace} -o jsonpath='{.data.DATABASE_URL}' | base64 -d | sed 's/:[^:@]*@/:***@/'   # check DATABASE_URL (host, sslmode=require for Neon)`,
            ]
          : [
              `kubectl describe pod ${pod.metadata.name} -n ${state.namespace}`,
              `kubectl logs ${pod.metadata.name} -n ${state.namespace} --tail=30`,
            ];
      return [
        {
          id: 'readiness',
          severity: 'critical',
          title:
            is503 && backend
              ? `${pod.metadata.name} is not ready: the backend cannot reach its database`
              : `${pod.metadata.name} is not ready`,
          resource: `pod/${pod.metadata.name}`,
          evidence: [`${last.message} (${last.count ?? failures.length} times)`],
          fix,
        },
      ];
    });
