/** Services that select no ready pod: traffic to them fails. */
import { byKind, Finding, nameOf, Rule } from '../model';

export const serviceEndpoints: Rule = (state) =>
  byKind(state, 'Service').flatMap((svc): Finding[] => {
    const selector = svc.spec?.selector ?? {};
    if (Object.keys(selector).length === 0) return [];
    const endpoints = byKind(state, 'Endpoints').find((e) => nameOf(e) === nameOf(svc));
    if (!endpoints) return [];
    const ready = (endpoints.subsets ?? []).flatMap((s) => s.addresses ?? []);
    const notReady = (endpoints.subsets ?? []).flatMap((s) => s.notReadyAddresses ?? []);
    if (ready.length > 0) return [];
    const labels = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    return [
      {
        id: 'no-endpoints',
        severity: 'warning',
        title: `service ${nameOf(svc)} has no ready endpoints`,
        resource: `service/${nameOf(svc)}`,
        evidence: [
          notReady.length > 0
            ? `${notReady.length} pod(s) selected but not ready`
            : `no pod matches the selector ${labels}`,
        ],
        fix: [
          `kubectl get pods -n ${state.namespace} -l ${labels} -o wide   # are they running and ready? see above`,
        ],
      },
    ];
  });
