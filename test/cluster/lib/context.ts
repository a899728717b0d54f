/**
 * What the cluster suite's runner (../main.ts) hands its test files: the tools built
 * for this cluster and its kubeconfig, in one environment variable.
 */
export interface ClusterContext {
  kubeconfig: string;
  kubectl: string;
  /** Helm 4, the helm `npm install` extracts. */
  helm: string;
  /** The newest Helm 3, built from its module. */
  helm3: string;
  /** The Traefik Service's address: the Ingress, as this machine reaches it. */
  ingressUrl: string;
}

export const CONTEXT_VARIABLE = 'CLUSTER_TEST_CONTEXT';

export function loadContext(): ClusterContext {
  const raw = process.env[CONTEXT_VARIABLE];
  if (!raw) throw new Error(`${CONTEXT_VARIABLE} is not set: run the suite with npm run test:cluster`);
  return JSON.parse(raw) as ClusterContext;
}
