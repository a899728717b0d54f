/**
 * The order people read Kubernetes objects in: apiVersion, kind, metadata,
 * spec; in a container name, image, imagePullPolicy, ports, env, probes,
 * resources, securityContext, volumeMounts. Keys not listed follow in
 * alphabetical order. One list serves every map: it only ever compares keys
 * that share a map.
 */
const ORDER = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'labels',
  'annotations',
  'spec',
  'data',
  'type',
  'scaleTargetRef',
  'minReplicas',
  'maxReplicas',
  'replicas',
  'storageClassName',
  'accessModes',
  'podSelector',
  'policyTypes',
  'ingressClassName',
  'tls',
  'rules',
  'image',
  'imagePullPolicy',
  'command',
  'args',
  'ports',
  'selector',
  'strategy',
  'template',
  'imagePullSecrets',
  'serviceAccountName',
  'automountServiceAccountToken',
  'enableServiceLinks',
  'priorityClassName',
  'terminationGracePeriodSeconds',
  'restartPolicy',
  'env',
  'envFrom',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'resources',
  'securityContext',
  'containers',
  'volumeMounts',
  'volumes',
  'nodeSelector',
  'affinity',
  'tolerations',
  'topologySpreadConstraints',
  'ingress',
  'egress',
  // probes
  'httpGet',
  'initialDelaySeconds',
  'periodSeconds',
  'timeoutSeconds',
  'successThreshold',
  'failureThreshold',
];

const RANK = new Map(ORDER.map((key, index) => [key, index]));

export function orderedEntries<T>(entries: [string, T][]): [string, T][] {
  const rank = (key: string) => RANK.get(key) ?? ORDER.length;
  return [...entries].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
