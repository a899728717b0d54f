/** The namespace's state, read from the cluster with kubectl or from a saved file. */
import { readFileSync } from 'node:fs';
import { run } from '../lib/run';
import { ClusterState, containerStatuses, K8sObject } from './model';

export class StateError extends Error {}

/** A saved `kubectl get ... -o json` List, or {namespace, items, logs}. */
export function stateFromFile(path: string, namespace: string): ClusterState {
  let parsed: any;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StateError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const items: K8sObject[] | undefined = Array.isArray(parsed) ? parsed : parsed?.items;
  if (!Array.isArray(items))
    throw new StateError(
      `${path} holds no "items" list (save it with: kubectl get pods,events,deploy,svc,ingress,endpoints -n ${namespace} -o json > state.json)`,
    );
  return { namespace: parsed.namespace ?? namespace, objects: items, logs: parsed.logs ?? {} };
}

export function stateFromCluster(namespace: string, context?: string): ClusterState {
  const ctx = context ? ['--context', context] : [];
  const got = run(
    'kubectl',
    [...ctx, 'get', 'pods,events,deploy,svc,ingress,endpoints', '-n', namespace, '-o', 'json'],
    { timeoutMs: 30000 },
  );
  if (got.status !== 0)
    throw new StateError(
      `kubectl could not read namespace ${namespace}: ${got.stderr.trim() || `exit ${got.status}`} (is the cluster up? kubectl cluster-info)`,
    );
  const state: ClusterState = { namespace, objects: JSON.parse(got.stdout).items ?? [], logs: {} };
  for (const { pod, container, status } of containerStatuses(state)) {
    if ((status.restartCount ?? 0) === 0) continue;
    const logs = run(
      'kubectl',
      [...ctx, 'logs', pod.metadata.name, '-c', container, '-n', namespace, '--previous', '--tail=20'],
      { timeoutMs: 15000 },
    );
    if (logs.status === 0) state.logs[`${pod.metadata.name}/${container}`] = logs.stdout;
  }
  return state;
}
