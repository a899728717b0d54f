/** The generated chart with the real helm binary: lint, metadata, values.yaml, schema, NOTES, releases, guards. */
import { Manifest } from './support/objects';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { version } from '../../package.json';
import { BACKEND_SECRET_KEYS } from '../../constructs/todo-backend';
import { changesOf, releaseChangesOf } from '../../chart/changelog';
import { todoApp } from '../../main';
import { helm, helmBinaries, helmTemplate, REPO_ROOT, writeFreshChart, testWithHelm } from './support/helm';

const helmTest = testWithHelm('the chart tests with helm');

const chartDir = writeFreshChart();
const read = (path: string) => readFileSync(join(chartDir, path), 'utf8');

describe.each(helmBinaries().map((h) => [h.version, h] as const))('helm %s', (_version, binary) => {
  helmTest('helm lint --strict passes', () => {
    const result = helm(['lint', '--strict', chartDir], undefined, binary);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.status).toBe(0);
  });

  helmTest('helm lint --strict passes on the committed chart too', () => {
    expect(
      helm(['lint', '--strict', join(REPO_ROOT, 'dist', 'helm', 'todo-app')], undefined, binary).status,
    ).toBe(0);
  });
});

helmTest('Chart.yaml: version and appVersion from package.json, Artifact Hub images and license', () => {
  const chart = parse(read('Chart.yaml'));
  expect(chart).toMatchObject({
    apiVersion: 'v2',
    name: 'todo-app',
    type: 'application',
    version,
    appVersion: version,
  });
  for (const key of ['description', 'kubeVersion']) expect(chart[key]).toBeTruthy();
  expect(chart.annotations['artifacthub.io/license']).toBe('Apache-2.0');
  expect(parse(chart.annotations['artifacthub.io/images'])).toEqual([
    { name: 'backend', image: `todo-backend:${version}` },
    { name: 'frontend', image: `todo-frontend:${version}` },
  ]);
  // chart-testing and Artifact Hub want maintainers; ct cannot check their accounts offline.
  expect(chart.maintainers.length).toBeGreaterThan(0);
  for (const maintainer of chart.maintainers) expect(maintainer.name).toBeTruthy();
});

helmTest("Chart.yaml: artifacthub.io/changes is this version's section of CHANGELOG.md", () => {
  const changes = parse(parse(read('Chart.yaml')).annotations['artifacthub.io/changes']);
  expect(changes).toEqual(changesOf(version));
  expect(changes.length).toBeGreaterThan(0);
  for (const change of changes)
    expect(change).toEqual({
      kind: expect.stringMatching(/^(added|changed|deprecated|removed|fixed|security)$/),
      description: expect.any(String),
    });
});

test('changesOf reads one version of a changelog by its ### kinds, and refuses unknown ones', () => {
  const text = [
    '# Changelog\n\n## [1.1.0]\n\n### Added\n\n- a\n  continued\n\n### Fixed\n\n- b\n',
    '## [1.0.0]\n\n### Removed\n\n- c\n',
  ].join('\n');
  expect(changesOf('1.1.0', text)).toEqual([
    { kind: 'added', description: 'a continued' },
    { kind: 'fixed', description: 'b' },
  ]);
  expect(changesOf('1.0.0', text)).toEqual([{ kind: 'removed', description: 'c' }]);
  expect(changesOf('2.0.0', text)).toBeUndefined();
  expect(() => changesOf('1.0.0', '## 1.0.0\n### Improved\n- x\n')).toThrow(/unknown heading/);
});

test("a release's changes: its own section, else a prerelease's of the version it leads to", () => {
  const text = '# Changelog\n\n## [1.1.0-rc.2]\n\n### Fixed\n\n- rc\n\n## [1.1.0]\n\n### Added\n\n- a\n';
  expect(releaseChangesOf('1.1.0-rc.2', text)).toEqual({
    section: '1.1.0-rc.2',
    changes: [{ kind: 'fixed', description: 'rc' }],
  });
  expect(releaseChangesOf('1.1.0-rc.1', text)).toEqual({
    section: '1.1.0',
    changes: [{ kind: 'added', description: 'a' }],
  });
  expect(releaseChangesOf('1.2.0-rc.1', text)).toBeUndefined();
  expect(releaseChangesOf('1.2.0', text)).toBeUndefined();
});

describe('values.yaml', () => {
  const text = read('values.yaml');
  const lines = text.split('\n');

  helmTest('holds exactly the defaults and points editors at the schema on its first line', () => {
    expect(parse(text)).toEqual(todoApp.defaults());
    expect(lines[0]).toBe('# yaml-language-server: $schema=values.schema.json');
  });

  helmTest('every key of the model has a comment in one style, with no doubled parentheses', () => {
    lines.forEach((line, i) => {
      const key = /^(\s*)([A-Za-z][A-Za-z0-9]*):/.exec(line);
      const inDefault = key && i > 0 && !/^\s*#/.test(lines[i - 1]) && /^\s+/.test(line);
      if (key && !inDefault)
        expect({ line, comment: lines[i - 1] }).toEqual({
          line,
          comment: expect.stringMatching(/^\s*# -- \S/),
        });
    });
    const comments = lines.filter((line) => /^\s*#/.test(line)).slice(1);
    expect(comments.filter((c) => /\(\(|\)\)|\)\s*\(/.test(c))).toEqual([]);
  });

  helmTest("each workload's help text is its own", () => {
    const frontend = text.slice(text.indexOf('\nfrontend:'), text.indexOf('\ningress:'));
    expect(frontend).not.toMatch(/backend/i);
    const backend = text.slice(text.indexOf('\nbackend:'), text.indexOf('\nfrontend:'));
    expect(backend).not.toMatch(/todo-frontend|frontend pods/);
  });
});

// Helm 3 names a value backend.replicaCount, Helm 4 /backend/replicaCount: the patterns accept both.
describe.each(helmBinaries().map((h) => [h.version, h] as const))(
  'values.schema.json rejects bad values (helm %s)',
  (_version, binary) => {
    const rejected: [string, string[], RegExp][] = [
      [
        'a negative replica count',
        ['--set', 'backend.replicaCount=-1'],
        /backend[./]replicaCount.*(minimum|greater)/i,
      ],
      [
        'a replica count that is not a number',
        ['--set', 'frontend.replicaCount=many'],
        /frontend[./]replicaCount.*(integer|type)/i,
      ],
      [
        'an unknown pull policy',
        ['--set', 'backend.image.pullPolicy=Sometimes'],
        /backend[./]image[./]pullPolicy/,
      ],
      ['an unknown service type', ['--set', 'frontend.service.type=Ingress'], /frontend[./]service[./]type/],
      ['a port out of range', ['--set', 'backend.service.port=70000'], /backend[./]service[./]port/],
      [
        'a node port outside the node port range',
        ['--set', 'frontend.service.nodePort=8080'],
        /frontend[./]service[./]nodePort/,
      ],
      ['an invalid host name', ['--set', 'ingress.host=http://todo.local'], /ingress[./]host/],
      ['an empty secret name', ['--set', 'secrets.name='], /secrets[./]name/],
      ['a boolean given as text', ['--set-string', 'ingress.enabled=yes'], /ingress[./]enabled/],
      ['a misspelt key', ['--set', 'backend.replicas=2'], /backend.*replicas/],
      [
        'a malformed resource quantity',
        ['--set', 'backend.resources.limits.cpu=lots'],
        /backend[./]resources[./]limits[./]cpu/,
      ],
    ];
    helmTest.each(rejected)('%s', (_what, args, message) => {
      const result = helm(['template', 'todo-app', chartDir, ...args], undefined, binary);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/values don't meet the specifications of the schema/);
      expect(result.stderr).toMatch(message);
    });
  },
);

/**
 * `helm install` renders NOTES.txt only against a cluster, so the test copies the
 * chart and renders the same text through a ConfigMap with `helm template`.
 */
function renderNotes(args: string[] = []): string {
  const dir = writeFreshChart();
  const notes = readFileSync(join(dir, 'templates', 'NOTES.txt'), 'utf8');
  writeFileSync(join(dir, 'templates', '_notes.tpl'), `{{- define "test.notes" }}${notes}{{- end }}`);
  writeFileSync(
    join(dir, 'templates', 'notes-configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ include "test.notes" . | quote }}\n',
  );
  const configMap = helmTemplate(dir, ['--show-only', 'templates/notes-configmap.yaml', ...args])[0] as {
    data: { notes: string };
  };
  return configMap.data.notes;
}

helmTest('NOTES.txt tells how to create the Secret and reach the app, with no secret values', () => {
  const notes = renderNotes();
  expect(notes).toContain('kubectl create secret generic app-secrets -n todo-app');
  for (const key of BACKEND_SECRET_KEYS) expect(notes).toContain(`--from-literal=${key}='<`);
  expect(notes).toContain('http://todo-app.local/');
  expect(notes).toContain('minikube service todo-app-frontend -n todo-app --url');
  expect(notes).toContain('kubectl port-forward -n todo-app svc/todo-app-frontend 3000:3000');
});

helmTest('NOTES.txt follows the values', () => {
  const notes = renderNotes([
    '--set',
    'ingress.enabled=false',
    '--set',
    'frontend.service.type=ClusterIP',
    '--set',
    'secrets.name=todo-credentials',
  ]);
  expect(notes).toContain('kubectl create secret generic todo-credentials');
  expect(notes).not.toContain('Ingress:');
  expect(notes).not.toContain('minikube service');
});

helmTest('two releases coexist in one namespace: no object name or selector is shared', () => {
  const first = helmTemplate(chartDir, [], 'todo-app');
  const second = helmTemplate(chartDir, [], 'todo-staging');
  const names = (objects: Record<string, Manifest>[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);
  expect(names(first).filter((n) => names(second).includes(n))).toEqual([]);
  const secondPods = second
    .filter((o) => o.kind === 'Deployment')
    .map((d) => d.spec.template.metadata.labels);
  for (const deployment of first.filter((o) => o.kind === 'Deployment')) {
    for (const labels of secondPods) {
      const selector: Record<string, string> = deployment.spec.selector.matchLabels;
      expect(Object.entries(selector).every(([k, v]) => labels[k] === v)).toBe(false);
    }
  }
});

helmTest('numbers and booleans render as YAML numbers and booleans', () => {
  const objects = helmTemplate(chartDir, [
    '--set',
    'frontend.replicaCount=2',
    '--set',
    'backend.tokenTtlSeconds=2592000',
  ]);
  const deployment = (name: string) =>
    objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!;
  expect(deployment('todo-app-frontend').spec.replicas).toBe(2);
  const backend = deployment('todo-app-backend').spec.template.spec;
  expect(backend.containers[0].livenessProbe.initialDelaySeconds).toBe(30);
  expect(backend.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  expect(backend.terminationGracePeriodSeconds).toBe(35);
  // A million and up would print as 2.592e+06 without the int conversion.
  expect(backend.containers[0].env.find((e: { name: string }) => e.name === 'TOKEN_TTL_SECONDS').value).toBe(
    '2592000',
  );
});

describe('no data lost by default', () => {
  helmTest(
    'the default install keeps the embedded database on a 1Gi ReadWriteOnce claim, kept on uninstall',
    () => {
      const objects = helmTemplate(chartDir);
      const claim = objects.find((o) => o.kind === 'PersistentVolumeClaim')!;
      expect(claim).toMatchObject({
        metadata: { name: 'todo-app-backend', annotations: { 'helm.sh/resource-policy': 'keep' } },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      });
      expect(claim.spec.storageClassName).toBeUndefined();
      const backend = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-app-backend')!;
      expect(backend.spec.strategy).toEqual({ type: 'Recreate' });
      const pod = backend.spec.template.spec;
      expect(pod.volumes).toContainEqual({
        name: 'data',
        persistentVolumeClaim: { claimName: 'todo-app-backend' },
      });
      expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
      expect(pod.containers[0].env).toContainEqual({ name: 'DATA_DIR', value: '/data' });
      expect(pod.securityContext.fsGroup).toBe(1000);
    },
  );

  helmTest('with an external database DATABASE_URL is required and no claim is made', () => {
    const objects = helmTemplate(chartDir, ['--set', 'database.external=true']);
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    const backend = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-app-backend')!;
    const env = backend.spec.template.spec.containers[0].env;
    expect(env.find((e: { name: string }) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef.optional).toBe(
      false,
    );
    expect(backend.spec.strategy.type).toBe('RollingUpdate');
  });

  helmTest.each([
    ['two backend replicas', ['--set', 'backend.replicaCount=2']],
    ['autoscaling', ['--set', 'backend.autoscaling.enabled=true']],
    [
      'two replicas without persistence',
      ['--set', 'persistence.enabled=false', '--set', 'backend.replicaCount=3'],
    ],
  ])(
    '%s on the embedded database fail the render, naming database.external and DATABASE_URL',
    (_what, args) => {
      const result = helm(['template', 'todo-app', chartDir, ...args]);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(
        /the embedded database lives on one pod: .*database\.external=true and DATABASE_URL/,
      );
    },
  );

  helmTest('persistence.enabled=false falls back to an emptyDir', () => {
    const objects = helmTemplate(chartDir, ['--set', 'persistence.enabled=false']);
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    const backend = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-app-backend')!;
    expect(backend.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: {} });
  });
});

describe('helm test', () => {
  const testPods = () => helmTemplate(chartDir, []).filter((o) => o.kind === 'Pod');

  helmTest("one pod checks the backend /ready and one the frontend /, with the chart's backend image", () => {
    const tests = testPods();
    expect(tests.map((p) => p.metadata.name).sort()).toEqual([
      'todo-app-test-backend',
      'todo-app-test-frontend',
    ]);
    for (const pod of tests) {
      expect(pod.metadata.annotations['helm.sh/hook']).toBe('test');
      expect(pod.spec.restartPolicy).toBe('Never');
      const [container] = pod.spec.containers;
      expect(container.image).toBe(`todo-backend:${version}`);
      expect(container.command.slice(0, 2)).toEqual(['node', '-e']);
    }
    const urls = tests.map((p) => p.spec.containers[0].command[3]).sort();
    expect(urls).toEqual(['http://todo-app-backend:8000/ready', 'http://todo-app-frontend:3000/']);
  });

  helmTest('the network policies let the test pods in', () => {
    const objects = helmTemplate(chartDir, []);
    for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
      const fromTest = policy.spec.ingress.some((rule: Manifest) =>
        (rule.from ?? []).some(
          (peer: Manifest) => peer.podSelector?.matchLabels?.['app.kubernetes.io/component'] === 'test',
        ),
      );
      expect({ policy: policy.metadata.name, fromTest }).toEqual({
        policy: policy.metadata.name,
        fromTest: true,
      });
    }
  });

  helmTest('--skip-tests leaves them out', () => {
    expect(helmTemplate(chartDir, ['--skip-tests']).filter((o) => o.kind === 'Pod')).toEqual([]);
  });
});

describe('templates a person can read', () => {
  const deployment = read('templates/backend-deployment.yaml');

  helmTest('labels go through the labels and selectorLabels helpers with nindent', () => {
    expect(deployment).toContain('labels:\n    {{- include "todo-app.labels" . | nindent 4 }}');
    expect(deployment).toContain(
      'matchLabels:\n      {{- include "todo-app.selectorLabels" . | nindent 6 }}',
    );
    expect(read('templates/_helpers.tpl')).toContain('{{- define "todo-app.selectorLabels" -}}');
  });

  helmTest(
    'keys in the usual order: apiVersion, kind, metadata, spec; in a container name, image, … volumeMounts',
    () => {
      const topLevel = deployment
        .split('\n')
        .filter((line) => /^[a-z]/i.test(line))
        .map((line) => line.split(':')[0]);
      expect(topLevel).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
      const container = deployment.slice(deployment.indexOf('- name: backend'));
      const keys = [...container.matchAll(/^ {10}([a-zA-Z]+):/gm)].map((m) => m[1]);
      const order = [
        'name',
        'image',
        'imagePullPolicy',
        'ports',
        'env',
        'livenessProbe',
        'readinessProbe',
        'resources',
        'volumeMounts',
        // Fields that exist only under a condition come last in a list item, which never starts inside an if.
        'securityContext',
      ];
      expect(['name', ...keys.filter((k) => order.includes(k))]).toEqual(order);
    },
  );
});
