/** An Ingress with no address: no ingress controller is serving its class (minikube: the addon is off). */
import { byKind, Finding, Rule } from '../model';

export const ingressAddress: Rule = (state) =>
  byKind(state, 'Ingress')
    .filter((ing) => (ing.status?.loadBalancer?.ingress ?? []).length === 0)
    .map((ing): Finding => ({
      id: 'ingress-no-address',
      severity: 'warning',
      title: `ingress ${ing.metadata.name} has no address`,
      resource: `ingress/${ing.metadata.name}`,
      evidence: [
        `class ${ing.spec?.ingressClassName ?? '(default)'}, hosts ${(ing.spec?.rules ?? []).map((r: any) => r.host).join(', ') || '(none)'}: no controller has admitted it`,
      ],
      fix: [
        'minikube addons enable ingress   # then wait for the controller: kubectl get pods -n ingress-nginx',
        `kubectl port-forward -n ${state.namespace} svc/todo-app-frontend 3000:3000   # meanwhile, reach the app at http://localhost:3000`,
      ],
    }));
