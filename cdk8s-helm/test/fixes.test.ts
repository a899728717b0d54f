/** The bridge's promise holds without extra options: defaults, YAML 1.1, typed bindings, helpers, arithmetic. */
import { Type } from '@sinclair/typebox';
import { Chart } from 'cdk8s';
import {
  KubeConfigMap,
  KubeDeployment,
  KubeService,
  IntOrString,
  Quantity,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { parseAllDocuments } from 'yaml';
import { ArithmeticOnPlaceholderError, defineHelmChart, Helm, standardHelpers } from '../src';
import { byKindAndName, helmTemplate, helmTest, writeChart } from './support';

const values = Type.Object(
  {
    word: Type.String({ default: 'on', description: 'a word YAML 1.1 reads as a boolean' }),
    port: Type.Integer({ default: 8080, minimum: 1, maximum: 65535, description: 'a port' }),
    resources: Type.Object(
      {
        requests: Type.Optional(Type.Record(Type.String(), Type.String())),
        limits: Type.Optional(Type.Record(Type.String(), Type.String())),
      },
      { default: { requests: { cpu: '50m', memory: '64Mi' } }, description: 'resources' },
    ),
  },
  { additionalProperties: false },
);
type Values = { word: string; port: number; resources: { requests?: Record<string, string> } };

const chartOf = (build: (scope: Chart, h: Helm<Values>) => void) =>
  defineHelmChart({
    chart: { name: 'fixes', version: '1.0.0', appVersion: '1.0.0', description: 'fixes' },
    values,
    // What standardHelpers returns is what helpers takes.
    helpers: () => standardHelpers({}),
    build,
  });

const release = { name: 'rel', namespace: 'ns' };

const app = chartOf((scope, h) => {
  const labels = h.includeMap('labels');
  new KubeConfigMap(scope, 'Words', {
    metadata: { name: h.include('fullname'), labels },
    data: { literal: 'yes', fromValues: h.values.word, short: 'y', upper: 'OFF' },
  });
  new KubeDeployment(scope, 'Web', {
    metadata: { name: 'web', labels },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx',
              // A map from values, straight into the typed binding (Quantity values).
              resources: h.values.resources as never,
            },
          ],
        },
      },
    },
  });
  new KubeService(scope, 'Svc', {
    metadata: { name: 'web', labels },
    spec: {
      ports: [{ port: 80, targetPort: h.values.port as unknown as IntOrString }],
      selector: { app: 'web' },
    },
  });
});

test('the manifests say managed-by Helm by default, as helm template does', () => {
  const [config] = app.manifestObjects(app.defaults(), release) as {
    metadata: { labels: Record<string, string> };
  }[];
  expect(config.metadata.labels['app.kubernetes.io/managed-by']).toBe('Helm');
});

test('words YAML 1.1 reads as booleans are quoted in the manifests and in values.yaml', () => {
  const text = app.manifests(app.defaults(), release);
  const [config] = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
  expect(config.data).toEqual({ literal: 'yes', fromValues: 'on', short: 'y', upper: 'OFF' });
  expect(app.files()['values.yaml']).toMatch(/^word: "on"$/m);
});

test('a map from values reaches Quantity and IntOrString fields of a typed binding', () => {
  const objects = app.manifestObjects(app.defaults(), release) as never as Record<string, never>[];
  const deployment = objects.find((o) => o.kind === 'Deployment') as never as {
    spec: { template: { spec: { containers: { resources: unknown }[] } } };
  };
  expect(deployment.spec.template.spec.containers[0].resources).toEqual({
    requests: { cpu: '50m', memory: '64Mi' },
  });
  const service = objects.find((o) => o.kind === 'Service') as never as { spec: { ports: unknown[] } };
  expect(service.spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
  expect(() => app.manifests(app.defaults(), release)).not.toThrow();
});

helmTest('helm template equals the manifests exactly, managed-by and chart labels included', () => {
  const dir = writeChart(app.files());
  for (const sets of [[], ['word=yes', 'port=9090', 'resources.requests.cpu=250m']]) {
    const fromHelm = helmTemplate(
      dir,
      sets.flatMap((s) => ['--set', s]),
    );
    const manifests = app.manifests(app.resolveValues({ sets }), release);
    const fromTypeScript = parseAllDocuments(manifests, { version: '1.1' }).map((d) => d.toJS());
    expect(byKindAndName(fromHelm)).toEqual(byKindAndName(fromTypeScript));
  }
});

describe('arithmetic on a value placeholder is refused with the way out', () => {
  test.each([
    ['a number field', (h: Helm<Values>) => ({ port: h.values.port + 1 })],
    ['a string', (h: Helm<Values>) => ({ text: `port ${h.values.port - 1}` })],
  ])('%s', (_what, make) => {
    const chart = chartOf((scope, h) => {
      const made = make(h) as { port?: number; text?: string };
      new KubeService(scope, 'Svc', {
        metadata: { name: 'svc', annotations: made.text ? { text: made.text } : undefined },
        spec: { ports: [{ port: made.port ?? 80 }] },
      });
    });
    expect(() => chart.files()).toThrow(ArithmeticOnPlaceholderError);
    expect(() => chart.files()).toThrow(/use h\.add|written with h\.add or h\.mul/);
  });
});

test('Quantity objects built in code still serialize', () => {
  const chart = chartOf((scope) => {
    new KubeConfigMap(scope, 'Cm', {
      metadata: { name: 'cm' },
      data: { a: String(Quantity.fromString('1Gi').value) },
    });
  });
  expect(chart.files()['templates/configmap.yaml']).toContain('a: 1Gi');
});

describe('checksums and conditions agree with helm', () => {
  const checked = defineHelmChart({
    chart: { name: 'sums', version: '1.0.0', appVersion: '1.0.0', description: 'checksums' },
    values: Type.Object(
      {
        config: Type.Record(Type.String(), Type.String(), { default: { a: '1' }, description: 'config' }),
        word: Type.String({ default: 'on', description: 'a word' }),
        port: Type.Integer({ default: 8080, minimum: 1, maximum: 65535, description: 'a port' }),
      },
      { additionalProperties: false },
    ),
    build: (scope, h) => {
      new KubeConfigMap(scope, 'Cm', {
        metadata: {
          name: 'cm',
          annotations: {
            'checksum/config': h.checksum(h.values.config),
            'checksum/some': h.checksum({ word: h.values.word, port: h.values.port }),
            // A string condition: Helm's ternary wants a boolean.
            word: h.ternary(h.values.word, 'set', 'unset'),
          },
        },
        data: h.toYaml(h.values.config),
      });
    },
  });
  const dir = writeChart(checked.files());

  test('a string condition is tested for emptiness in the template', () => {
    expect(checked.files()['templates/configmap.yaml']).toContain(
      'ternary "set" "unset" (not (empty .Values.word))',
    );
  });

  helmTest.each([[[] as string[]], [['word=', 'config.x=<y&z>', 'port=1']]])('sets %j', (sets) => {
    const fromHelm = helmTemplate(
      dir,
      sets.flatMap((s) => ['--set', s]),
    );
    const fromTypeScript = checked.manifestObjects(checked.resolveValues({ sets }), release);
    expect(fromHelm).toEqual(JSON.parse(JSON.stringify(fromTypeScript)));
    expect(fromHelm[0].metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });
});
