/**
 * The bridge is general: a chart that has nothing to do with the todo app (a
 * web app and Redis on a PVC) goes through the same generator, and its chart
 * equals its plain synthesis under the real helm.
 */
import { webRedisChart } from '../../examples/web-redis/chart';
import { helm, helmTemplate, writeChart, writeValuesFile, testWithHelm } from '../synth/support/helm';
import { normalize } from '../synth/support/objects';

const helmTest = testWithHelm('the example chart tests with helm');

const chart = webRedisChart();
const dir = writeChart(chart.files(), 'web-redis-');

const CASES: [string, string[], Record<string, unknown>][] = [
  ['defaults', [], {}],
  [
    'more web pods, another image and port',
    ['web.replicaCount=5', 'web.image.tag=2.1.0', 'web.port=9090', 'web.healthPath=/ready'],
    {},
  ],
  ['a LoadBalancer on port 8080', ['web.service.type=LoadBalancer', 'web.service.port=8080'], {}],
  ['Redis without persistence', ['redis.persistence.enabled=false'], {}],
  [
    'a bigger claim on a storage class, more memory',
    ['redis.persistence.size=5Gi', 'redis.persistence.storageClass=fast', 'redis.maxMemory=256mb'],
    {},
  ],
  [
    'resources and extra environment',
    [],
    {
      web: {
        resources: { requests: { cpu: '200m' }, limits: { cpu: '1', memory: '256Mi' } },
        extraEnv: [{ name: 'MODE', value: 'prod' }],
      },
      redis: {
        image: { repository: 'registry.example.com/redis', tag: '7.2' },
        resources: { requests: { memory: '1Gi' } },
      },
    },
  ],
];

helmTest.each(CASES)('%s: helm template equals the plain synthesis', (_name, sets, values) => {
  const file = writeValuesFile(values);
  const resolved = chart.resolveValues({ files: [file], sets });
  const fromTypeScript = normalize(chart.manifestObjects(resolved, { name: 'shop', namespace: 'apps' }));
  const fromHelm = normalize(
    helmTemplate(dir, ['-f', file, ...sets.flatMap((s) => ['--set', s])], 'shop', 'apps'),
  );
  expect(fromHelm).toEqual(fromTypeScript);
  expect(fromHelm.map((o) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service']));
});

helmTest('the cases cover claim on and off', () => {
  const kinds = (sets: string[]) =>
    helmTemplate(
      dir,
      sets.flatMap((s) => ['--set', s]),
    ).map((o) => o.kind);
  expect(kinds([])).toContain('PersistentVolumeClaim');
  expect(kinds(['redis.persistence.enabled=false'])).not.toContain('PersistentVolumeClaim');
});

helmTest('helm lint --strict passes', () => {
  const result = helm(['lint', '--strict', dir]);
  expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
  expect(result.status).toBe(0);
});

helmTest.each([
  ['web.replicaCount=0', /web\.replicaCount/],
  ['web.port=80', /web\.port/],
  ['web.healthPath=healthz', /web\.healthPath/],
  ['redis.maxMemory=lots', /redis\.maxMemory/],
  ['redis.persistence.enabled=yes', /redis\.persistence\.enabled/],
  ['web.colour=blue', /web/],
])('the schema rejects %s', (set, field) => {
  const result = helm([
    'template',
    'shop',
    dir,
    ...(set.includes('enabled=yes') ? ['--set-string', set] : ['--set', set]),
  ]);
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(/values don't meet the specifications of the schema/);
  // Helm 3 names the value web.port, Helm 4 /web/port.
  expect(result.stderr).toMatch(new RegExp(field.source.replaceAll('\\.', '[./]')));
  expect(() => chart.resolveValues({ sets: [set] })).toThrow(field);
});

helmTest('Redis is probed with redis-cli, on its named port, with its data on the claim', () => {
  const objects = helmTemplate(dir);
  const redis = objects.find(
    (o) => o.kind === 'Deployment' && o.metadata.name === 'todo-app-web-redis-redis',
  )!;
  const container = redis.spec.template.spec.containers[0];
  expect(container.livenessProbe.exec.command).toEqual(['redis-cli', 'ping']);
  expect(container.ports).toEqual([{ name: 'redis', containerPort: 6379, protocol: 'TCP' }]);
  expect(redis.spec.template.spec.volumes).toContainEqual({
    name: 'data',
    persistentVolumeClaim: { claimName: 'todo-app-web-redis-redis' },
  });
  expect(redis.spec.strategy).toEqual({ type: 'Recreate' });
});
