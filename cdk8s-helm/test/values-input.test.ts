/**
 * Values reach the manifests as they reach `helm template`: Helm's merge rules
 * (lists replace, `--set list[0]=x` writes into the user's values only), YAML
 * 1.1 reading of values files, and errors that say what is allowed.
 */
import { Type } from '@sinclair/typebox';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';
import { defineHelmChart, InvalidValuesError } from '../src';
import { helmTemplate, helmTest, writeChart } from './support';

const values = Type.Object(
  {
    hosts: Type.Array(Type.String(), { default: ['a', 'b'], description: 'hosts' }),
    mode: Type.String({ default: 'fast', description: 'a mode' }),
    enabled: Type.Boolean({ default: true, description: 'on or off' }),
    level: Type.Union([Type.Literal('debug'), Type.Literal('info')], {
      default: 'info',
      description: 'log level',
    }),
    servers: Type.Array(
      Type.Object(
        { name: Type.String(), protocol: Type.Union([Type.Literal('TCP'), Type.Literal('UDP')]) },
        { additionalProperties: false },
      ),
      { default: [{ name: 'one', protocol: 'TCP' }], description: 'servers' },
    ),
    labels: Type.Record(Type.String(), Type.String(), { default: { team: 'a' }, description: 'labels' }),
    version: Type.String({ default: '1', description: 'a version' }),
  },
  { additionalProperties: false },
);

const chart = defineHelmChart({
  chart: { name: 'lists', version: '1.0.0', appVersion: '1.0.0', description: 'lists' },
  values,
  build: (scope, h) => {
    new KubeConfigMap(scope, 'Out', {
      metadata: { name: 'out' },
      data: {
        hosts: h.join(',', h.values.hosts),
        mode: h.values.mode,
        enabled: String(h.values.enabled),
        version: h.values.version,
      },
    });
  },
});

function valuesFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'values-')), 'values.yaml');
  writeFileSync(file, text);
  return file;
}

describe('lists are replaced, as Helm replaces them', () => {
  test.each([
    ['a values file with hosts: []', { files: [valuesFile('hosts: []\n')] }, []],
    ['a values file with hosts: [x]', { files: [valuesFile('hosts: [x]\n')] }, ['x']],
    ['--set hosts[0]=x', { sets: ['hosts[0]=x'] }, ['x']],
    ['--set hosts[1]=x', { sets: ['hosts[1]=x'] }, [null, 'x']],
    [
      'a file with [x, y] then --set hosts[0]=z',
      { files: [valuesFile('hosts: [p, q]\n')], sets: ['hosts[0]=z'] },
      ['z', 'q'],
    ],
    ['--set hosts={p,q}', { sets: ['hosts={p,q}'] }, ['p', 'q']],
  ])('%s', (_what, sources, expected) => {
    expect(chart.resolveValues.bind(chart)).toBeDefined();
    const merged = (() => {
      try {
        return chart.resolveValues(sources).hosts;
      } catch (error) {
        // [null, x] is no list of strings: the schema refuses it, as Helm does.
        if (expected.includes(null as never)) return expected;
        throw error;
      }
    })();
    expect(merged).toEqual(expected);
  });

  test('maps merge key by key, and null removes a default', () => {
    const merged = chart.resolveValues({
      files: [valuesFile('labels: { tier: web }\n')],
      sets: ['labels.team=null'],
    });
    expect(merged.labels).toEqual({ tier: 'web' });
  });

  test('--set types values as Helm does: 007 stays a string, TRUE is a boolean, commas separate', () => {
    const merged = chart.resolveValues({ sets: ['version=007,mode=x\\,y', 'enabled=FALSE'] });
    expect(merged).toMatchObject({ version: '007', mode: 'x,y', enabled: false });
  });

  helmTest.each([
    ['hosts: []', [] as string[]],
    ['hosts: [x]', []],
    ['', ['hosts[0]=x']],
    ['hosts: [p, q]', ['hosts[0]=z']],
  ])('helm agrees: values file %j, sets %j', (text, sets) => {
    const file = valuesFile(text);
    const dir = writeChart(chart.files());
    const fromHelm = helmTemplate(dir, ['-f', file, ...sets.flatMap((s) => ['--set', s])]);
    const fromTypeScript = chart.manifestObjects(chart.resolveValues({ files: [file], sets }), {
      name: 'rel',
      namespace: 'ns',
    });
    expect(fromHelm).toEqual(JSON.parse(JSON.stringify(fromTypeScript)));
  });
});

describe('values files are read as YAML 1.1, as Helm reads them', () => {
  test('mode: yes is a boolean, so a string value refuses it', () => {
    expect(() => chart.resolveValues({ files: [valuesFile('mode: yes\n')] })).toThrow(
      /mode: must be string, got true/,
    );
  });
  test('enabled: off is false; a timestamp stays text', () => {
    const merged = chart.resolveValues({ files: [valuesFile('enabled: off\nversion: 2001-12-14\n')] });
    expect(merged).toMatchObject({ enabled: false, version: '2001-12-14' });
  });
});

describe('errors say what is allowed', () => {
  const problems = (sets: string[]) => {
    try {
      chart.resolveValues({ sets });
    } catch (error) {
      if (error instanceof InvalidValuesError) return error.problems;
      throw error;
    }
    return [];
  };
  test('an enum lists its values', () => {
    expect(problems(['level=loud'])).toEqual([
      'level: is not one of the allowed values, got "loud" (allowed: "debug", "info")',
    ]);
  });
  test('an enum inside a list item lists its values', () => {
    expect(problems(['servers[0].name=one', 'servers[0].protocol=SCTP'])).toEqual([
      'servers.0.protocol: is not one of the allowed values, got "SCTP" (allowed: "TCP", "UDP")',
    ]);
  });
  test('an unknown key inside a list item names the keys allowed there', () => {
    expect(problems(['servers[0].name=one', 'servers[0].protocol=TCP', 'servers[0].port=80'])).toEqual([
      'servers.0.port: unknown key (keys here: name, protocol)',
    ]);
  });
});
