/** `h.range`: a list from values mapped item by item into objects, nested, as `{{- range }}` in the chart. */
import { Type } from '@sinclair/typebox';
import { KubeIngress, KubeSecret } from 'cdk8s-plus-28/lib/imports/k8s';
import { defineHelmChart, formatReport, verifyChart } from '../src';
import { HELM, helmTest } from './support';

const path = Type.Object(
  {
    path: Type.String({ pattern: '^/[a-z]*$' }),
    pathType: Type.Union([Type.Literal('Prefix'), Type.Literal('Exact')]),
  },
  { additionalProperties: false },
);

const chart = defineHelmChart({
  chart: { name: 'hosts', version: '1.0.0', appVersion: '1.0.0', description: 'hosts' },
  values: Type.Object(
    {
      service: Type.String({ pattern: '^[a-z-]+$', default: 'web', description: 'Backend Service' }),
      hosts: Type.Array(
        Type.Object(
          { host: Type.String({ pattern: '^[a-z.]+$' }), paths: Type.Array(path) },
          { additionalProperties: false },
        ),
        {
          default: [
            { host: 'a.example.com', paths: [{ path: '/', pathType: 'Prefix' }] },
            {
              host: 'b.example.com',
              paths: [
                { path: '/api', pathType: 'Exact' },
                { path: '/', pathType: 'Prefix' },
              ],
            },
          ],
          description: 'Hosts and their paths',
        },
      ),
    },
    { additionalProperties: false },
  ),
  build: (scope, h) => {
    new KubeIngress(scope, 'Ingress', {
      metadata: { name: 'web' },
      spec: {
        rules: h.range(h.values.hosts, (host) => ({
          host: host.host,
          http: {
            paths: h.range(host.paths, (p) => ({
              path: p.path,
              pathType: p.pathType,
              backend: { service: { name: h.values.service, port: { number: 80 } } },
            })),
          },
        })),
      },
    });
  },
});

test('the template ranges over the hosts and, inside, over their paths', () => {
  const template = chart.files()['templates/ingress.yaml'];
  expect(template).toContain('{{- range $host := .Values.hosts }}');
  expect(template).toContain('{{- range $path := $host.paths }}');
  expect(template).toContain('host: {{ $host.host | quote }}');
  expect(template).toContain('name: {{ $.Values.service | quote }}');
});

test('the manifests map each host and path', () => {
  const [ingress] = chart.manifestObjects(chart.defaults(), { name: 'r', namespace: 'n' }) as never as {
    spec: { rules: { host: string; http: { paths: { path: string }[] } }[] };
  }[];
  expect(ingress.spec.rules.map((r) => [r.host, r.http.paths.map((p) => p.path)])).toEqual([
    ['a.example.com', ['/']],
    ['b.example.com', ['/api', '/']],
  ]);
});

helmTest('helm template equals the manifests for the defaults, no hosts, and generated hosts', () => {
  const report = verifyChart(chart, {
    helm: HELM,
    valueSets: [
      { name: 'no hosts', values: { hosts: [] } },
      { name: 'a host without paths', values: { hosts: [{ host: 'c.example.com', paths: [] }] } },
      {
        name: '--set hosts[0]',
        sets: [
          'hosts[0].host=d.example.com',
          'hosts[0].paths[0].path=/x',
          'hosts[0].paths[0].pathType=Exact',
        ],
      },
    ],
  });
  expect({ ok: report.ok, report: formatReport(report) }).toEqual({
    ok: true,
    report: expect.stringContaining('OK'),
  });
  expect(report.results.filter((r) => r.outcome === 'equal').length).toBeGreaterThanOrEqual(4);
});

describe('h.rangeMap: keys from values', () => {
  const secrets = defineHelmChart({
    chart: { name: 'keys', version: '1.0.0', appVersion: '1.0.0', description: 'keys' },
    values: Type.Object(
      {
        env: Type.Record(Type.String({ pattern: '^[A-Z_]+$' }), Type.String(), {
          default: { MODE: 'yes', LEVEL: 'info' },
          description: 'Secret entries',
        }),
      },
      { additionalProperties: false },
    ),
    build: (scope, h) => {
      new KubeSecret(scope, 'Secret', {
        metadata: { name: 'env' },
        stringData: h.rangeMap(h.values.env, (value, key) => `${key}=${value}`),
      });
    },
  });

  test('the template ranges over the keys', () => {
    const template = secrets.files()['templates/secret.yaml'];
    expect(template).toContain('{{- range $key, $value := .Values.env }}');
    expect(template).toContain('{{ $key | quote }}: "{{ $key }}={{ $value }}"');
  });

  helmTest('helm agrees, for an empty map too', () => {
    const report = verifyChart(secrets, {
      helm: HELM,
      generate: false,
      valueSets: [
        { name: 'other keys', values: { env: { A: 'on', B_C: 'x' } } },
        { name: 'no keys', sets: ['env.MODE=null', 'env.LEVEL=null'] },
      ],
    });
    expect({ ok: report.ok, report: formatReport(report) }).toEqual({
      ok: true,
      report: expect.stringContaining('OK'),
    });
  });
});
