/** The values model is the one source: schema, values.yaml, README and template rules agree with it. */
import Ajv from 'ajv';
import { chartFiles, templateValues } from '../../chart/chart-files';
import { TEMPLATE_SWITCHES } from '../../chart/rules';
import { valuesSchema } from '../../chart/schema';
import { defaultValues, valuesModel } from '../../chart/values';
import { forEachLeaf } from '../../chart/values-dsl';
import { resolveValues, validateValues } from '../../chart/values-input';

const leaves: [string, { rendering: string; default: unknown }][] = [];
forEachLeaf(valuesModel, (path, leaf) => leaves.push([path, leaf]));

test('the keys the chart promises exist', () => {
  const paths = leaves.map(([p]) => p);
  for (const component of ['backend', 'frontend']) {
    for (const key of [
      'replicaCount',
      'image.repository',
      'image.tag',
      'image.pullPolicy',
      'resources',
      'service.port',
      'autoscaling.enabled',
      'autoscaling.minReplicas',
      'autoscaling.maxReplicas',
      'autoscaling.targetCPUUtilizationPercentage',
    ]) {
      expect(paths).toContain(`${component}.${key}`);
    }
  }
  for (const key of [
    'frontend.service.type',
    'frontend.service.nodePort',
    'ingress.enabled',
    'ingress.className',
    'ingress.host',
    'ingress.annotations',
    'ingress.tls',
    'secrets.name',
    'serviceAccount.create',
    'serviceAccount.name',
    'networkPolicy.enabled',
    'podDisruptionBudget.enabled',
    'nameOverride',
    'fullnameOverride',
  ]) {
    expect(paths).toContain(key);
  }
});

test('every on/off key has a template switch, and every switch is an on/off key', () => {
  const switches = leaves
    .filter(([, leaf]) => leaf.rendering === 'switch')
    .map(([p]) => p)
    .sort();
  expect(Object.keys(TEMPLATE_SWITCHES).sort()).toEqual(switches);
});

test('the defaults pass the schema and the README lists every key with its default', () => {
  expect(validateValues(defaultValues())).toEqual(defaultValues());
  const readme = chartFiles(defaultValues())['README.md'];
  for (const [path, leaf] of leaves) {
    expect(readme).toContain(`| \`${path}\` |`);
    expect(readme).toContain(`\`${JSON.stringify(leaf.default)}\``);
  }
});

test('the schema rejects what it must', () => {
  const validate = new Ajv({ strict: false }).compile(valuesSchema(valuesModel, defaultValues()));
  const withValue = (path: string, value: unknown) => {
    const values: any = defaultValues();
    const keys = path.split('.');
    keys.slice(0, -1).reduce((node, key) => node[key], values)[keys[keys.length - 1]] = value;
    return values;
  };
  expect(validate(withValue('backend.replicaCount', -1))).toBe(false);
  expect(validate(withValue('backend.replicaCount', '1'))).toBe(false);
  expect(validate(withValue('backend.image.pullPolicy', 'Sometimes'))).toBe(false);
  expect(validate(withValue('frontend.service.type', 'ExternalName'))).toBe(false);
  expect(validate(withValue('ingress.enabled', 'true'))).toBe(false);
  expect(validate(withValue('frontend.service.nodePort', 30080))).toBe(true);
  expect(validate(withValue('frontend.service.nodePort', null))).toBe(true);
});

test('--set types values as helm does', () => {
  const values = resolveValues({
    sets: [
      'backend.replicaCount=2',
      'ingress.enabled=false',
      'frontend.service.nodePort=null',
      'backend.image.tag=1.0',
    ],
  });
  expect(values.backend.replicaCount).toBe(2);
  expect(values.ingress.enabled).toBe(false);
  expect(values.frontend.service.nodePort).toBeNull();
  expect(values.backend.image.tag).toBe('1.0');
});

test('template values are placeholders, not defaults', () => {
  const values = templateValues();
  expect(values.backend.image.tag).toBe('\u00ab.Values.backend.image.tag\u00bb');
  expect(values.backend.replicaCount).toBeGreaterThan(9_000_000_000);
});
