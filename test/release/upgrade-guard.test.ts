/**
 * The upgrade guard: the current chart (dist/helm/todo-app) must not change an
 * immutable field of any object the last release (test/release/last-release) created,
 * or `helm upgrade` from that release fails.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LAST_RELEASE_DIR, findLastRelease } from '../../scripts/release/last-release';
import {
  checkUpgrade,
  describeFindings,
  findImmutableChanges,
  KubeObject,
  renderChart,
} from '../../scripts/release/upgrade-guard';
import { chartWithBrokenSelector } from './support/broken-chart';
import { ROOT } from './support/release-cli';

const CURRENT_CHART = join(ROOT, 'dist', 'helm', 'todo-app');

function lastRelease(): string {
  const chart = findLastRelease(DEFAULT_LAST_RELEASE_DIR);
  if (!chart)
    throw new Error(`no packaged chart in ${DEFAULT_LAST_RELEASE_DIR}: the upgrade guard has no baseline`);
  return chart;
}

test('the last release is kept as exactly one packaged chart, todo-app-X.Y.Z.tgz', () => {
  expect(readdirSync(DEFAULT_LAST_RELEASE_DIR)).toEqual([
    expect.stringMatching(/^todo-app-\d+\.\d+\.\d+.*\.tgz$/),
  ]);
  const objects = renderChart(lastRelease());
  expect(objects.map((o) => o.kind)).toContain('Deployment');
});

test('the current chart upgrades the last release without changing an immutable field', () => {
  // On failure the diff lists each field, e.g. "Deployment todo-app-backend: spec.selector would change ...".
  expect(describeFindings(checkUpgrade(lastRelease(), CURRENT_CHART))).toEqual([]);
});

test('a deliberately broken Deployment selector fails the guard, naming the object and the field', () => {
  const lines = describeFindings(checkUpgrade(lastRelease(), chartWithBrokenSelector(CURRENT_CHART)));
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line).toMatch(/^Deployment \S+: spec\.selector would change from \{"matchLabels":\{.*\}\} to /);
    expect(line).toContain('"tier":"broken"');
  }
  expect(lines[0]).toContain('[values: defaults, external database, autoscaling]');
});

const object = (kind: string, name: string, fields: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name },
  ...fields,
});

const pvc = (spec: Record<string, unknown>) =>
  object('PersistentVolumeClaim', 'data', {
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'standard',
      resources: { requests: { storage: '1Gi' } },
      ...spec,
    },
  });

const fields = (before: KubeObject, after: KubeObject) =>
  findImmutableChanges([before], [after]).map((change) => change.field);

test.each([
  [
    'Deployment selector',
    object('Deployment', 'web', { spec: { selector: { matchLabels: { app: 'a' } }, replicas: 1 } }),
    object('Deployment', 'web', { spec: { selector: { matchLabels: { app: 'b' } }, replicas: 1 } }),
    ['spec.selector'],
  ],
  [
    'Service clusterIP (allocated -> headless)',
    object('Service', 'api', { spec: { ports: [{ port: 80 }] } }),
    object('Service', 'api', { spec: { ports: [{ port: 80 }], clusterIP: 'None' } }),
    ['spec.clusterIP'],
  ],
  ['PVC storageClassName', pvc({}), pvc({ storageClassName: 'fast' }), ['spec']],
  ['PVC accessModes', pvc({}), pvc({ accessModes: ['ReadWriteMany'] }), ['spec']],
  [
    'PVC storage shrinking',
    pvc({}),
    pvc({ resources: { requests: { storage: '512Mi' } } }),
    ['spec.resources.requests.storage'],
  ],
  [
    'RoleBinding roleRef',
    object('RoleBinding', 'read', {
      roleRef: { kind: 'Role', name: 'a', apiGroup: 'rbac.authorization.k8s.io' },
    }),
    object('RoleBinding', 'read', {
      roleRef: { kind: 'Role', name: 'b', apiGroup: 'rbac.authorization.k8s.io' },
    }),
    ['roleRef'],
  ],
  [
    'StatefulSet volumeClaimTemplates',
    object('StatefulSet', 'db', { spec: { replicas: 1, volumeClaimTemplates: [{ size: 1 }] } }),
    object('StatefulSet', 'db', { spec: { replicas: 1, volumeClaimTemplates: [{ size: 2 }] } }),
    ['spec'],
  ],
  [
    'Job template',
    object('Job', 'migrate', { spec: { template: { spec: { containers: [{ image: 'a:1' }] } } } }),
    object('Job', 'migrate', { spec: { template: { spec: { containers: [{ image: 'a:2' }] } } } }),
    ['spec.template'],
  ],
  [
    'Pod command',
    object('Pod', 'p', { spec: { containers: [{ name: 'c', image: 'a:1', command: ['x'] }] } }),
    object('Pod', 'p', { spec: { containers: [{ name: 'c', image: 'a:1', command: ['y'] }] } }),
    ['spec'],
  ],
  [
    'immutable Secret data',
    object('Secret', 's', { immutable: true, data: { k: 'YQ==' } }),
    object('Secret', 's', { immutable: true, data: { k: 'Yg==' } }),
    ['data'],
  ],
])('%s is an immutable change', (_name, before, after, expected) => {
  expect(fields(before, after)).toEqual(expected);
});

test.each([
  ['PVC storage growing', pvc({}), pvc({ resources: { requests: { storage: '2Gi' } } })],
  ['the same PVC size written differently', pvc({}), pvc({ resources: { requests: { storage: '1024Mi' } } })],
  [
    'Deployment replicas, template and strategy',
    object('Deployment', 'web', { spec: { selector: { matchLabels: { app: 'a' } }, replicas: 1 } }),
    object('Deployment', 'web', {
      spec: { selector: { matchLabels: { app: 'a' } }, replicas: 3, template: { x: 1 }, strategy: {} },
    }),
  ],
  [
    'StatefulSet replicas, template and updateStrategy',
    object('StatefulSet', 'db', { spec: { replicas: 1, serviceName: 'db', template: { a: 1 } } }),
    object('StatefulSet', 'db', {
      spec: { replicas: 2, serviceName: 'db', template: { a: 2 }, updateStrategy: {} },
    }),
  ],
  [
    'Service type and ports',
    object('Service', 'web', { spec: { type: 'ClusterIP', ports: [{ port: 80 }] } }),
    object('Service', 'web', { spec: { type: 'NodePort', ports: [{ port: 8080 }] } }),
  ],
  [
    'Pod images and deadline',
    object('Pod', 'p', { spec: { containers: [{ name: 'c', image: 'a:1' }], activeDeadlineSeconds: 5 } }),
    object('Pod', 'p', { spec: { containers: [{ name: 'c', image: 'a:2' }], activeDeadlineSeconds: 9 } }),
  ],
  [
    'a helm hook (created anew when it runs, never patched)',
    object('Pod', 'test', {
      metadata: { name: 'test', annotations: { 'helm.sh/hook': 'test' } },
      spec: { containers: [{ command: ['x'] }] },
    }),
    object('Pod', 'test', { spec: { containers: [{ command: ['y'] }] } }),
  ],
  [
    'a mutable Secret',
    object('Secret', 's', { data: { k: 'YQ==' } }),
    object('Secret', 's', { data: { k: 'Yg==' } }),
  ],
  [
    'kinds without immutable fields (Ingress)',
    object('Ingress', 'web', { spec: { rules: [{ host: 'a' }] } }),
    object('Ingress', 'web', { spec: { rules: [{ host: 'b' }] } }),
  ],
])('%s may change', (_name, before, after) => {
  expect(fields(before, after)).toEqual([]);
});

test('objects are matched by kind and name; added or removed objects are not upgrade failures', () => {
  const before = [object('Deployment', 'old', { spec: { selector: { matchLabels: { app: 'a' } } } })];
  const after = [
    object('Deployment', 'new', { spec: { selector: { matchLabels: { app: 'b' } } } }),
    object('StatefulSet', 'old', { spec: { selector: { matchLabels: { app: 'b' } } } }),
  ];
  expect(findImmutableChanges(before, after)).toEqual([]);
});
