/** A condition is written once: `else` for its negation, a template variable for repeated uses. */
import { Type } from '@sinclair/typebox';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';
import { defineHelmChart, formatReport, verifyChart } from '../src';
import { HELM, helmTest } from './support';

const chart = defineHelmChart({
  chart: { name: 'conds', version: '1.0.0', appVersion: '1.0.0', description: 'conditions' },
  values: Type.Object(
    {
      external: Type.Boolean({ default: false, description: 'external' }),
      persistence: Type.Boolean({ default: true, description: 'persistence' }),
    },
    { additionalProperties: false },
  ),
  build: (scope, h) => {
    const onClaim = h.and(h.not(h.values.external), h.values.persistence);
    new KubeConfigMap(scope, 'Cm', {
      metadata: { name: 'cm', annotations: { strategy: h.ternary(onClaim, 'Recreate', 'RollingUpdate') } },
      data: { claim: h.ifThen(onClaim, 'yes')!, scratch: h.unless(onClaim, 'yes')! },
    });
  },
});

test('the negation becomes else, and the repeated condition a variable', () => {
  const template = chart.files()['templates/configmap.yaml'];
  expect(template).toMatch(
    /^\{\{- \$condition1 := and \(not \.Values\.external\) \.Values\.persistence \}\}$/m,
  );
  expect(template.match(/\.Values\.persistence/g)).toHaveLength(1);
  expect(template).toContain('{{- else }}');
});

helmTest('helm agrees for every value set', () => {
  const report = verifyChart(chart, { helm: HELM });
  expect({ ok: report.ok, report: formatReport(report) }).toEqual({
    ok: true,
    report: expect.stringContaining('OK'),
  });
});
