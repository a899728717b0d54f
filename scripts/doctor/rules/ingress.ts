/** An Ingress with no address: no ingress controller is serving its class (minikube: the addon is off). */
import { byKind, ClusterState, Finding, IIngress, nameOf, Rule } from '../model';
import { appPods, componentOf, serviceOf } from '../names';

/** The Service the Ingress sends `/` to (its first path), else the one that selects a frontend pod. */
function routedService(state: ClusterState, ing: IIngress): { name: string; port: number } | undefined {
  const backend =
    ing.spec?.rules?.[0]?.http?.paths?.[0]?.backend?.service ?? ing.spec?.defaultBackend?.service;
  if (backend?.name) return { name: backend.name, port: backend.port?.number ?? 80 };
  const frontend = appPods(state).find((pod) => componentOf(pod) === 'frontend');
  return frontend && serviceOf(state, frontend);
}

export const ingressAddress: Rule = (state) =>
  byKind(state, 'Ingress')
    .filter((ing) => (ing.status?.loadBalancer?.ingress ?? []).length === 0)
    .map((ing): Finding => {
      const service = routedService(state, ing);
      const hosts = (ing.spec?.rules ?? []).map((r) => r.host).filter(Boolean);
      return {
        id: 'ingress-no-address',
        severity: 'warning',
        title: `ingress ${nameOf(ing)} has no address`,
        resource: `ingress/${nameOf(ing)}`,
        evidence: [
          `class ${ing.spec?.ingressClassName ?? '(default)'}, hosts ${hosts.join(', ') || '(none)'}: ` +
            'no controller has admitted it',
        ],
        fix: [
          'minikube addons enable ingress   # then wait for the controller: kubectl get pods -n ingress-nginx',
          ...(service
            ? [
                `kubectl port-forward -n ${state.namespace} svc/${service.name} ${service.port}:${service.port}` +
                  `   # meanwhile, reach the app at http://localhost:${service.port}`,
              ]
            : []),
        ],
      };
    });
