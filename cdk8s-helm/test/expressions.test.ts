/**
 * Every expression the bridge writes has two readings, Go template text for the
 * chart and a value computed in TypeScript for the manifests. Here both are
 * checked against each other with the real helm, over values that exercise
 * Go's notion of empty, integers from values files and string helpers.
 */
import { Type } from '@sinclair/typebox';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';
import { defineHelmChart, tpl } from '../src';
import { helmTemplate, helmTest, writeChart } from './support';

const values = Type.Object({
  name: Type.String({ default: '', description: 'a name' }),
  count: Type.Integer({ default: 1, minimum: 0, maximum: 10, description: 'a count' }),
  big: Type.Integer({ default: 604800, minimum: 0, description: 'an unbounded integer' }),
  flag: Type.Boolean({ default: false, description: 'a flag' }),
  kind: Type.String({ default: 'a', description: 'a kind' }),
  items: Type.Array(Type.String(), { default: [], description: 'a list' }),
  labels: Type.Record(Type.String(), Type.String(), { default: {}, description: 'a map' }),
});

/** One ConfigMap whose data holds every expression under test, so one render checks them all. */
const chart = defineHelmChart({
  chart: { name: 'expr', version: '1.2.3+build.4', appVersion: '9.8.7', description: 'expressions' },
  values,
  helpers: (v) => ({
    fullname: {
      body: tpl.ifElse(
        tpl.contains(tpl.chart.name, tpl.release.name),
        tpl.dnsLabel(tpl.release.name),
        tpl.dnsLabel(tpl.printf('%s-%s', tpl.release.name, tpl.chart.name)),
      ),
      description: 'release-based name',
    },
    chartLabel: {
      body: tpl.dnsLabel(tpl.replace('+', '_', tpl.printf('%s-%s', tpl.chart.name, tpl.chart.version))),
      description: 'chart label',
    },
    named: { body: tpl.default(tpl.lit('unnamed'), v.name), description: 'name or a default' },
    image: {
      body: tpl.concat(
        v.kind,
        tpl.ifElse(v.flag, tpl.concat(tpl.lit('@'), v.name), tpl.concat(tpl.lit(':'), tpl.chart.appVersion)),
      ),
      description: 'text around values',
    },
  }),
  build: (scope, h) => {
    const v = h.values;
    new KubeConfigMap(scope, 'Out', {
      metadata: { name: h.include('fullname') },
      data: {
        chartLabel: h.include('chartLabel'),
        named: h.include('named'),
        image: h.include('image'),
        notFlag: String(h.not(v.flag)),
        andOr: String(h.or(h.and(v.flag, v.count), v.name)),
        eq: String(h.eq(v.kind, 'b')),
        gt: String(h.gt(v.count, 3)),
        sum: String(h.add(v.count, 30)),
        product: String(h.mul(v.count, 1000)),
        big: String(v.big),
        joined: h.join(',', v.items),
        ternary: h.ternary(v.flag, 'yes', 'no'),
        emptyList: String(h.not(v.items)),
        emptyMap: String(h.not(v.labels)),
        mixed: `${v.kind}-${v.count}/x`,
      },
    });
  },
});

const dir = writeChart(chart.files());

helmTest.each<[string, string[]]>([
  ['defaults', []],
  ['a flag, a name and a count', ['flag=true', 'name=img', 'count=7', 'kind=b']],
  ['zero and empty values', ['count=0', 'name=', 'kind=']],
  ['a list, a map and a million', ['items[0]=a', 'items[1]=b', 'labels.x=y', 'big=2592000']],
])('%s: helm and TypeScript agree', (_what, sets) => {
  for (const release of ['rel', 'my-expr-release']) {
    const fromHelm = helmTemplate(
      dir,
      sets.flatMap((s) => ['--set', s]),
      release,
      'ns',
    );
    const fromTypeScript = chart.manifestObjects(chart.resolveValues({ sets }), {
      name: release,
      namespace: 'ns',
    });
    expect(fromHelm).toEqual(JSON.parse(JSON.stringify(fromTypeScript)));
  }
});

helmTest('the values the checks above depend on come out as Go prints them', () => {
  const [config] = chart.manifestObjects(
    chart.resolveValues({ sets: ['big=2592000', 'count=7', 'flag=true', 'name=img'] }),
    {
      name: 'rel',
      namespace: 'ns',
    },
  ) as { data: Record<string, string> }[];
  expect(config.data).toMatchObject({
    chartLabel: 'expr-1.2.3_build.4',
    image: 'a@img',
    big: '2592000',
    sum: '37',
    product: '7000',
    gt: 'true',
    mixed: 'a-7/x',
  });
});
