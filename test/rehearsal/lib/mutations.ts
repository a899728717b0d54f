/**
 * Changes to rendered manifests, as a post-renderer would make them: the tests use
 * them to make the chart and the images disagree (and to model a chart variant),
 * without touching the chart. Each returns changed copies.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ContainerPlan } from './pod-plan';
import type { KubeObject } from './rehearsal';

function podSpec(objects: KubeObject[], deployment: string): IPodSpec {
  const found = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === deployment);
  if (!found) throw new Error(`no Deployment ${deployment} in the rendered chart`);
  return (found as unknown as IDeployment).spec!.template.spec!;
}

function changeDeployment(objects: KubeObject[], deployment: string, change: (pod: IPodSpec) => void) {
  const copies = structuredClone(objects);
  change(podSpec(copies, deployment));
  return copies;
}

/** The mount whose path is the longest prefix of `path`. */
function holdingMount<T extends { mountPath: string }>(mounts: T[], path: string): T | undefined {
  return mounts
    .filter((m) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
}

const mainContainer = (objects: KubeObject[], deployment: string): IContainer =>
  podSpec(objects, deployment).containers[0];

/** The literal value of an environment variable in a Deployment's container. */
export function containerEnv(objects: KubeObject[], deployment: string, variable: string): string {
  const value = mainContainer(objects, deployment).env?.find((e) => e.name === variable)?.value;
  if (!value) throw new Error(`${deployment} sets no ${variable}`);
  return value;
}

export function setEnv(objects: KubeObject[], deployment: string, name: string, value: string): KubeObject[] {
  return changeDeployment(objects, deployment, (pod) => {
    const env = (pod.containers[0].env ??= []);
    const entry = env.find((e) => e.name === name);
    if (entry) entry.value = value;
    else env.push({ name, value });
  });
}

export function dropVolume(objects: KubeObject[], deployment: string, volume: string): KubeObject[] {
  return changeDeployment(objects, deployment, (pod) => {
    pod.volumes = (pod.volumes ?? []).filter((v) => v.name !== volume);
    const container = pod.containers[0];
    container.volumeMounts = (container.volumeMounts ?? []).filter((m) => m.name !== volume);
  });
}

/** Drops the volume that holds the directory an environment variable names (say DATA_DIR). */
export function dropVolumeHolding(objects: KubeObject[], deployment: string, variable: string): KubeObject[] {
  const path = containerEnv(objects, deployment, variable);
  const holder = holdingMount(mainContainer(objects, deployment).volumeMounts ?? [], path);
  if (!holder) throw new Error(`${variable}=${path} is on no volume of ${deployment}`);
  return dropVolume(objects, deployment, holder.name);
}

/** A PersistentVolumeClaim mounted at `mountPath`, with DATA_DIR below it. */
export function dataOnClaim(objects: KubeObject[], deployment: string, mountPath: string): KubeObject[] {
  const claimName = `${deployment}-rehearsal-data`;
  const withDataDir = setEnv(objects, deployment, 'DATA_DIR', `${mountPath}/data`);
  const changed = changeDeployment(withDataDir, deployment, (pod) => {
    (pod.volumes ??= []).push({ name: 'rehearsal-data', persistentVolumeClaim: { claimName } });
    (pod.containers[0].volumeMounts ??= []).push({ name: 'rehearsal-data', mountPath });
  });
  const claim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claimName },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
  return [...changed, claim];
}

/** Where the backend's DATA_DIR lives in this pod, for failure messages. */
export function backendDataPlacement(plan: ContainerPlan): string {
  const dataDir = plan.env.find(([name]) => name === 'DATA_DIR')?.[1];
  if (!dataDir) return 'DATA_DIR is not set';
  const holder = holdingMount(plan.mounts, dataDir);
  if (!holder) return `DATA_DIR=${dataDir} is in the container's root filesystem (gone with the pod)`;
  return holder.source.kind === 'claim'
    ? `DATA_DIR=${dataDir} is on PersistentVolumeClaim ${holder.source.claimName} (volume ${holder.volume})`
    : `DATA_DIR=${dataDir} is on emptyDir volume "${holder.volume}" at ${holder.mountPath}, ` +
        'which a new pod does not keep';
}
