/** Mistakes in an app's build function are reported when the chart is generated, not discovered in a cluster. */
import { Type } from '@sinclair/typebox';
import { Chart } from 'cdk8s';
import { defineHelmChart, Helm } from '../src';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';

const values = Type.Object({
  enabled: Type.Boolean({ default: true, description: 'on or off' }),
  name: Type.String({ default: 'x', description: 'a name' }),
});
type Values = { enabled: boolean; name: string };

const chartOf = (build: (scope: Chart, h: Helm<Values>) => void) =>
  defineHelmChart({
    chart: { name: 'demo', version: '1.0.0', appVersion: '1.0.0', description: 'demo' },
    values,
    build,
  });

test('when() with a value that holds nothing to build an object from', () => {
  const chart = chartOf((_scope, h) => {
    h.when(h.values.enabled, { flag: true });
  });
  expect(() => chart.files()).toThrow(/when\(\): the value has nothing to build an object from/);
});

test('when() whose value no object uses names the place it was called', () => {
  const chart = chartOf((scope, h) => {
    const unused = h.when(h.values.enabled, { name: h.values.name });
    new KubeConfigMap(scope, 'Cm', { metadata: { name: 'fixed' }, data: { a: 'b' } });
    void unused;
  });
  expect(() => chart.files()).toThrow(
    /when\(\): no object was built from the value given at .*errors\.test\.ts:\d+/,
  );
});

test('a value used as a map key is refused: keys must be known when the chart is made', () => {
  const chart = chartOf((scope, h) => {
    new KubeConfigMap(scope, 'Cm', { metadata: { name: 'cm' }, data: { [h.values.name]: 'b' } });
  });
  expect(() => chart.files()).toThrow(/a placeholder cannot be a key/);
});

test('fail() stops the plain manifests too, with the message', () => {
  const chart = chartOf((scope, h) => {
    h.fail(h.not(h.values.enabled), 'enabled must stay on');
    new KubeConfigMap(scope, 'Cm', { metadata: { name: 'cm' } });
  });
  expect(() =>
    chart.manifestObjects(chart.resolveValues({ sets: ['enabled=false'] }), { name: 'r', namespace: 'n' }),
  ).toThrow('enabled must stay on');
  expect(chart.files()['templates/validate.yaml']).toContain('{{- fail "enabled must stay on" }}');
});
