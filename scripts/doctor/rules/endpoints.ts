/** Services that select no ready pod: traffic to them fails. */
import { byKind, Finding, Rule } from '../model';

export const serviceEndpoints: Rule = (state) =>
  byKind(state, 'Service')
    .filter((svc) => svc.spec?.selector && Object.keys(svc.spec.selector).length > 0)
    .flatMap((svc): Finding[] => {
      const endpoints = byKind(state, 'Endpoints').find((e) => e.metadata.name === svc.metadata.name);
      if (!endpoints) return [];
      const ready = (endpoints.subsets ?? []).flatMap((s: any) => s.addresses ?? []);
      const notReady = (endpoints.subsets ?? []).flatMap((s: any) => s.notReadyAddresses ?? []);
      if (ready.length > 0) return [];
      const selector = Object.entries(svc.spec.selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return [
        {
          id: 'no-endpoints',
          severity: 'warning',
          title: `service ${svc.metadata.name} has no ready endpoints`,
          resource: `service/${svc.metadata.name}`,
          evidence: [
            notReady.length > 0
              ? `${notReady.length} pod(s) selected but not ready`
              : `no pod matches the selector ${selector}`,
          ],
          fix: [
            `kubectl get pods -n ${state.namespace} -l ${selector} -o wide   # are the pods running and ready? see the findings above`,
          ],
        },
      ];
    });
