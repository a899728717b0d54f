/** What the doctor reads (a namespace's objects as kubectl prints them) and what it reports. */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import type { IEndpoints } from 'kubernetes-models/v1/Endpoints';
import type { IEvent } from 'kubernetes-models/v1/Event';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IService } from 'kubernetes-models/v1/Service';

export type { IContainer, IContainerStatus, IDeployment, IEndpoints, IEvent, IIngress, IPod, IService };

/** Any object of a saved List: its kind and metadata are all the doctor relies on before narrowing. */
export interface K8sObject {
  kind?: string;
  metadata?: IPod['metadata'];
}

/** The kinds the rules read, by `kind`. */
interface Kinds {
  Pod: IPod;
  Event: IEvent;
  Deployment: IDeployment;
  Service: IService;
  Endpoints: IEndpoints;
  Ingress: IIngress;
}

export interface ClusterState {
  namespace: string;
  /** The kube context read (undefined for a saved state). */
  context?: string;
  /** The file a saved state was read from. */
  file?: string;
  objects: K8sObject[];
  /** Last log lines of crashed containers (previous run) and of running but unready ones, by "pod/container". */
  logs: Record<string, string>;
  /** Whether the namespace exists (checked in the cluster when no pod of the app is found). */
  namespaceExists?: boolean;
}

export type Severity = 'critical' | 'warning';

export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  resource: string;
  evidence: string[];
  /** Commands (or edits) that fix it, most likely first. */
  fix: string[];
}

export type Rule = (state: ClusterState) => Finding[];

/** How to save a namespace's state for `--from`. */
export const saveStateCommand = (namespace: string) =>
  `kubectl get pods,events,deploy,svc,ingress,endpoints -n ${namespace} -o json > state.json`;

export const byKind = <K extends keyof Kinds>(state: ClusterState, kind: K): Kinds[K][] =>
  state.objects.filter((o) => o.kind === kind) as Kinds[K][];

/** An object's name ('' when the saved state lacks it). */
export const nameOf = (o: K8sObject): string => o.metadata?.name ?? '';

export interface ContainerProblem {
  pod: IPod;
  container: string;
  status: IContainerStatus;
}

/** Every container status of every pod, with its pod. */
export function containerStatuses(state: ClusterState): ContainerProblem[] {
  return byKind(state, 'Pod').flatMap((pod) =>
    [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].map(
      (status) => ({
        pod,
        container: status.name,
        status,
      }),
    ),
  );
}

export function podContainers(pod: IPod): IContainer[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
}

export function podSpecContainer(pod: IPod, name: string): IContainer | undefined {
  return podContainers(pod).find((c) => c.name === name);
}

/** Events about one object, newest last. */
export function eventsFor(state: ClusterState, kind: string, name: string): IEvent[] {
  return byKind(state, 'Event')
    .filter((e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name)
    .sort((a, b) =>
      String(a.lastTimestamp ?? a.eventTime ?? '').localeCompare(
        String(b.lastTimestamp ?? b.eventTime ?? ''),
      ),
    );
}
