/**
 * No pod of the app at all: an empty or mistyped namespace, a release that was
 * never installed, or Deployments that cannot create pods. Never "healthy".
 */
import { byKind, ClusterState, eventsFor, nameOf, Rule, saveStateCommand } from '../model';
import { appPods, isAppObject } from '../names';

/** Deployments of the app in the namespace, and why their ReplicaSets create no pods. */
function deploymentEvidence(state: ClusterState): string[] {
  const deployments = byKind(state, 'Deployment').filter(isAppObject);
  const failedCreate = byKind(state, 'Event')
    .filter((e) => e.reason === 'FailedCreate' && e.involvedObject?.kind === 'ReplicaSet')
    .map((e) => `FailedCreate: ${e.involvedObject.name}: ${e.message}`);
  return [
    ...deployments.map(
      (d) =>
        `deployment ${nameOf(d)}: ${d.spec?.replicas ?? 1} replica(s) wanted, ${d.status?.replicas ?? 0} exist`,
    ),
    ...failedCreate,
    ...deployments.flatMap((d) =>
      eventsFor(state, 'Deployment', nameOf(d)).map((e) => `event: ${e.message}`),
    ),
  ];
}

function podsHere(state: ClusterState): string {
  if (state.namespaceExists === false) return `namespace ${state.namespace} does not exist`;
  const others = byKind(state, 'Pod').map(nameOf);
  if (others.length === 0) return 'no pods at all';
  const listed = `${others.slice(0, 5).join(', ')}${others.length > 5 ? ', ...' : ''}`;
  return (
    `${others.length} pod(s) here (${listed}), none labelled app.kubernetes.io/component=backend ` +
    'or frontend with an app.kubernetes.io/instance, nor app=backend or app=frontend'
  );
}

export const noPods: Rule = (state) => {
  if (appPods(state).length > 0) return [];
  const source = state.context
    ? ` (kube context ${state.context})`
    : state.file
      ? ` (saved in ${state.file})`
      : '';
  const deployments = deploymentEvidence(state);
  return [
    {
      id: 'no-pods',
      severity: 'critical',
      title: `no pod of the app in namespace ${state.namespace}${source}`,
      resource: `namespace/${state.namespace}`,
      evidence: [podsHere(state), ...deployments],
      fix: [
        'npm run helm -- list -A   # which namespace is the release in? then: npm run doctor -- -n <namespace>',
        state.file
          ? `${saveStateCommand('<namespace>')}   # save the namespace the release is in`
          : `npm run deploy -- -n ${state.namespace}   # or install it here`,
        ...(deployments.length > 0
          ? [`kubectl get replicasets,events -n ${state.namespace}   # why no pod is created`]
          : []),
      ],
    },
  ];
};
