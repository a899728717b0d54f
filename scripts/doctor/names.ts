/**
 * The names a fix has to use, read from the objects themselves: the release and
 * component from the pod's labels, its Deployment from the selector or owner,
 * the Secret from its container's secretKeyRef, the Service that selects it.
 * Nothing is assumed about how the chart names things.
 */
import { CHART_PATH } from '../lib/paths';
import { byKind, ClusterState, IPod, K8sObject, nameOf, podContainers } from './model';

const INSTANCE = 'app.kubernetes.io/instance';
const COMPONENT = 'app.kubernetes.io/component';
/** The original specification's label: plain manifests (and hand-edited or older installs) carry only it. */
const PLAIN_APP = 'app';
const APP_COMPONENTS = ['backend', 'frontend'];

const labelsOf = (o: K8sObject): Record<string, string> => o.metadata?.labels ?? {};

/** An object of the app: a backend or frontend component of some release, or labelled app=backend|frontend. */
export function isAppObject(o: K8sObject): boolean {
  const labels = labelsOf(o);
  return (
    (APP_COMPONENTS.includes(labels[COMPONENT]) && Boolean(labels[INSTANCE])) ||
    APP_COMPONENTS.includes(labels[PLAIN_APP])
  );
}

/** The app's pods, whichever of the two label sets they carry. */
export function appPods(state: ClusterState): IPod[] {
  return byKind(state, 'Pod').filter(isAppObject);
}

/** backend or frontend, for `--set <component>.…`. */
export const componentOf = (pod: IPod): string =>
  labelsOf(pod)[COMPONENT] ?? labelsOf(pod)[PLAIN_APP] ?? '<component>';

/** The Helm release the pod belongs to. */
export const releaseOf = (pod: IPod): string => labelsOf(pod)[INSTANCE] ?? '<release>';

const selects = (selector: Record<string, string> | undefined, pod: IPod) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labelsOf(pod)[k] === v);

/** The Deployment that owns the pod: the one whose selector matches, else the ReplicaSet owner's name. */
export function deploymentOf(state: ClusterState, pod: IPod): string {
  const owner = byKind(state, 'Deployment').find((d) => selects(d.spec?.selector?.matchLabels, pod));
  if (owner) return nameOf(owner);
  const replicaSet = (pod.metadata?.ownerReferences ?? []).find((o) => o.kind === 'ReplicaSet');
  const hash = labelsOf(pod)['pod-template-hash'];
  if (replicaSet && hash && replicaSet.name.endsWith(`-${hash}`))
    return replicaSet.name.slice(0, -hash.length - 1);
  return replicaSet?.name ?? `<deployment of ${nameOf(pod)}>`;
}

/** The Secret a container reads `key` from (secretKeyRef, else envFrom). */
export function secretOf(pod: IPod, key: string): string {
  const containers = podContainers(pod);
  for (const c of containers) {
    const ref = (c.env ?? []).find((e) => e.name === key)?.valueFrom?.secretKeyRef;
    if (ref?.name) return ref.name;
  }
  for (const c of containers) {
    const ref = (c.envFrom ?? []).find((e) => e.secretRef?.name)?.secretRef;
    if (ref?.name) return ref.name;
  }
  return '<secret>';
}

/** The Service that selects the pod, with its first port. */
export function serviceOf(state: ClusterState, pod: IPod): { name: string; port: number } | undefined {
  const service = byKind(state, 'Service').find((s) => selects(s.spec?.selector, pod));
  const port = service?.spec?.ports?.[0]?.port;
  return service && port !== undefined ? { name: nameOf(service), port } : undefined;
}

/** `helm upgrade` of the pod's release, keeping its values and setting some. */
export function helmUpgrade(pod: IPod, namespace: string, ...sets: string[]): string {
  const flags = sets.map((s) => `--set ${/[[\]*?]/.test(s) ? `'${s}'` : s}`).join(' ');
  return `npm run helm -- upgrade ${releaseOf(pod)} ${CHART_PATH} -n ${namespace} --reuse-values ${flags}`;
}

/** Restarts the pod's Deployment, so new pods read the changed Secret. */
export const restartCommand = (state: ClusterState, pod: IPod): string =>
  `kubectl rollout restart deployment/${deploymentOf(state, pod)} -n ${state.namespace}`;
