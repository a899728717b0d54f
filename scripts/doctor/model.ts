/** What the doctor reads (a namespace's objects as kubectl prints them) and what it reports. */

export type K8sObject = Record<string, any>;

export interface ClusterState {
  namespace: string;
  objects: K8sObject[];
  /** Last log lines of crashed containers, by "pod/container". */
  logs: Record<string, string>;
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

export const byKind = (state: ClusterState, kind: string) => state.objects.filter((o) => o.kind === kind);

export interface ContainerProblem {
  pod: K8sObject;
  container: string;
  status: K8sObject;
}

/** Every container status of every pod, with its pod. */
export function containerStatuses(state: ClusterState): ContainerProblem[] {
  return byKind(state, 'Pod').flatMap((pod) =>
    [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].map(
      (status: K8sObject) => ({ pod, container: status.name, status }),
    ),
  );
}

export function podSpecContainer(pod: K8sObject, name: string): K8sObject | undefined {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
    (c: K8sObject) => c.name === name,
  );
}

/** Events about one object, newest last. */
export function eventsFor(state: ClusterState, kind: string, name: string): K8sObject[] {
  return byKind(state, 'Event')
    .filter((e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name)
    .sort((a, b) =>
      String(a.lastTimestamp ?? a.eventTime ?? '').localeCompare(
        String(b.lastTimestamp ?? b.eventTime ?? ''),
      ),
    );
}

/** The chart component of a pod (backend/frontend) for `--set <component>.…` hints. */
export function componentOf(obj: K8sObject): string {
  return obj.metadata?.labels?.['app.kubernetes.io/component'] ?? obj.metadata?.labels?.app ?? 'backend';
}
