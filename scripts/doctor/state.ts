/** The namespace's state, read from the cluster with kubectl or from a saved file. */
import { readFileSync } from 'node:fs';
import { NOT_FOUND, run } from '../lib/run';
import { appPods } from './names';
import { ClusterState, containerStatuses, K8sObject, nameOf, saveStateCommand } from './model';

/** The state could not be read; the message is one line saying what to do. */
export class StateError extends Error {}

/** A saved `kubectl get ... -o json` List, or {namespace, items, logs}. */
export function stateFromFile(path: string, namespace: string): ClusterState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StateError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const isMap = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const saved = isMap(parsed) ? parsed : {};
  const items = Array.isArray(parsed) ? parsed : saved.items;
  if (!Array.isArray(items))
    throw new StateError(`${path} holds no "items" list (save it with: ${saveStateCommand(namespace)})`);
  // A List saved with -n names its namespace in its items; the flag is the fallback.
  const itemNamespace = (items as K8sObject[]).find((o) => o?.metadata?.namespace)?.metadata?.namespace;
  return {
    namespace: (saved.namespace as string | undefined) ?? itemNamespace ?? namespace,
    file: path,
    objects: items,
    logs: isMap(saved.logs) ? (saved.logs as Record<string, string>) : {},
  };
}

/** kubectl's many error lines, as the one that says what happened. */
function kubectlError(stderr: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean);
  const last = lines[lines.length - 1] ?? 'no output';
  return last
    .replace(/^Unable to connect to the server: /, '')
    .replace(/ - did you specify the right host or port\?$/, '')
    .replace(/^error: /, '');
}

function currentContext(explicit?: string): string {
  if (explicit) return explicit;
  const got = run('kubectl', ['config', 'current-context'], { timeoutMs: 10000 });
  if (got.status === NOT_FOUND) throw new StateError(got.stderr);
  const name = got.stdout.trim();
  if (got.status !== 0 || !name)
    throw new StateError(
      'no kube context is selected: start a cluster (minikube start) ' +
        'or pick one (kubectl config get-contexts, then --context NAME)',
    );
  return name;
}

/** Logs that name a cause: the last run of a restarted container, the current run of an unready one. */
function logRequests(state: ClusterState): { key: string; args: string[] }[] {
  return containerStatuses(state).flatMap(({ pod, container, status }) => {
    const base = ['logs', nameOf(pod), '-c', container, '-n', state.namespace, '--tail=20'];
    const key = `${nameOf(pod)}/${container}`;
    if (!status.state?.running && (status.restartCount ?? 0) > 0)
      return [{ key, args: [...base, '--previous'] }];
    if (status.state?.running && status.ready === false) return [{ key, args: base }];
    return [];
  });
}

export function stateFromCluster(namespace: string, explicitContext?: string): ClusterState {
  const context = currentContext(explicitContext);
  const kubectl = (args: string[], timeoutMs = 30000) =>
    run('kubectl', ['--context', context, ...args], { timeoutMs });
  const got = kubectl([
    'get',
    'pods,events,deploy,svc,ingress,endpoints',
    '-n',
    namespace,
    '-o',
    'json',
    '--request-timeout=15s',
  ]);
  if (got.status === NOT_FOUND) throw new StateError(got.stderr);
  if (got.status !== 0) {
    const reason = kubectlError(got.stderr);
    if (/context ".*" does not exist/.test(reason))
      throw new StateError(`kube context ${context} does not exist: pick one of kubectl config get-contexts`);
    if (/forbidden/i.test(reason))
      throw new StateError(`kube context ${context} may not read namespace ${namespace}: ${reason}`);
    throw new StateError(
      `cannot reach the cluster of kube context ${context} (${reason}): start it (minikube start) ` +
        'or pick another context (kubectl config get-contexts, then --context NAME)',
    );
  }
  const state: ClusterState = { namespace, context, objects: JSON.parse(got.stdout).items ?? [], logs: {} };
  for (const { key, args } of logRequests(state)) {
    const logs = kubectl(args, 15000);
    if (logs.status === 0) state.logs[key] = logs.stdout;
  }
  if (appPods(state).length === 0)
    state.namespaceExists = kubectl(['get', 'namespace', namespace, '-o', 'name']).status === 0;
  return state;
}
