/** The values model is the one source: schema, values.yaml, README and --set agree with it. */
import { Manifest } from './support/objects';
import { Type } from '@sinclair/typebox';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { defineHelmChart, InvalidValuesError } from 'cdk8s-helm';
import { KubeConfigMap } from '../../imports/k8s';
import { valuesSchema } from '../../chart/values';
import { TodoApp, todoApp } from '../../main';
import { helmTemplate, testWithHelm, writeChart } from './support/helm';

const leaves = todoApp.valuePaths().map((path) => path.join('.'));

test('the keys of helm create and Bitnami charts exist under their usual names', () => {
  const perWorkload = [
    'replicaCount',
    'image.repository',
    'image.tag',
    'image.digest',
    'image.pullPolicy',
    'resources',
    'service.port',
    'service.annotations',
    'autoscaling.enabled',
    'autoscaling.minReplicas',
    'autoscaling.maxReplicas',
    'autoscaling.targetCPUUtilizationPercentage',
    'podAnnotations',
    'podLabels',
    'nodeSelector',
    'tolerations',
    'affinity',
    'topologySpreadConstraints',
    'priorityClassName',
    'extraEnv',
    'podSecurityContext.enabled',
    'containerSecurityContext.enabled',
    'extraVolumes',
    'extraVolumeMounts',
    'initContainers',
    'sidecars',
    'extraEnvVarsCM',
    'extraEnvVarsSecret',
    'command',
    'args',
    'lifecycleHooks',
    'automountServiceAccountToken',
    'hostAliases',
    'updateStrategy.type',
    'startupProbe.enabled',
    'customLivenessProbe',
    'customReadinessProbe',
    'customStartupProbe',
  ];
  const expected = [
    ...['backend', 'frontend'].flatMap((component) => perWorkload.map((key) => `${component}.${key}`)),
    'global.imageRegistry',
    'imagePullSecrets',
    'commonLabels',
    'commonAnnotations',
    'serviceAccount.create',
    'serviceAccount.name',
    'serviceAccount.annotations',
    'persistence.enabled',
    'persistence.size',
    'persistence.storageClass',
    'database.external',
    'backend.tokenTtlSeconds',
    'backend.shutdownDelaySeconds',
    'backend.corsOrigins',
    'backend.cohereModel',
    'networkPolicy.databasePort',
    'frontend.service.type',
    'frontend.service.nodePort',
    'ingress.enabled',
    'ingress.host',
    'nameOverride',
    'fullnameOverride',
    'namespaceOverride',
    'extraDeploy',
    'global.compatibility.openshift.adaptSecurityContext',
    'networkPolicy.allowExternalEgress',
    'networkPolicy.extraIngress',
    'networkPolicy.extraEgress',
    'networkPolicy.ingressNSMatchLabels',
    'networkPolicy.ingressNSPodMatchLabels',
    'metrics.enabled',
    'metrics.serviceMonitor.enabled',
    'metrics.serviceMonitor.interval',
    'metrics.serviceMonitor.labels',
    'metrics.serviceMonitor.namespace',
    'metrics.prometheusRule.enabled',
  ];
  expect(expected.filter((key) => !leaves.includes(key))).toEqual([]);
});

test('defaults: tag empty (the appVersion), persistence on with 1Gi on the default class, embedded database', () => {
  const defaults = todoApp.defaults();
  expect(defaults.backend.image).toEqual({
    repository: 'todo-backend',
    tag: '',
    digest: '',
    pullPolicy: 'IfNotPresent',
  });
  expect(defaults.persistence).toEqual({ enabled: true, size: '1Gi', storageClass: '' });
  expect(defaults.database.external).toBe(false);
});

test('the defaults pass the schema, and values.yaml and the README carry every key with its default', () => {
  const defaults = todoApp.defaults();
  expect(todoApp.validate(defaults)).toEqual(defaults);
  const files = todoApp.files();
  expect(parse(files['values.yaml'])).toEqual(defaults);
  const readme = files['README.md'];
  todoApp.valuePaths().forEach((path) => {
    const value = path.reduce<Manifest>((node, key) => node[key], defaults);
    expect(readme).toContain(`| \`${path.join('.')}\` |`);
    expect(readme).toContain(`\`${JSON.stringify(value)}\``);
  });
});

describe('the schema', () => {
  const validate = new Ajv({ strict: false }).compile(todoApp.jsonSchema());
  const withValue = (path: string, value: unknown) => {
    const values: Manifest = todoApp.defaults();
    const keys = path.split('.');
    keys.slice(0, -1).reduce((node, key) => node[key], values)[keys[keys.length - 1]] = value;
    return values;
  };

  test.each([
    ['backend.replicaCount', -1],
    ['backend.replicaCount', '1'],
    ['backend.image.pullPolicy', 'Sometimes'],
    ['backend.image.digest', 'sha256:short'],
    ['frontend.service.type', 'ExternalName'],
    ['ingress.enabled', 'true'],
    ['persistence.size', 'big'],
    ['global.imageRegistry', 'https://ghcr.io'],
    ['imagePullSecrets', ['regcred']],
    ['backend.podLabels', { 'app.kubernetes.io/instance': 'other' }],
    ['backend.extraEnv', [{ value: 'no name' }]],
    ['commonLabels', { team: 7 }],
    ['global.compatibility.openshift.adaptSecurityContext', 'yes'],
    ['backend.extraVolumes', [{ name: 'host', hostPath: { path: '/' } }]],
    ['frontend.updateStrategy.type', 'BlueGreen'],
    ['backend.updateStrategy.rollingUpdate', { maxSurge: '25' }],
    ['backend.podSecurityContext.seccompProfile.type', 'None'],
    ['frontend.containerSecurityContext.capabilities.add', ['net_admin']],
    ['metrics.port', 80],
    ['metrics.serviceMonitor.interval', 'often'],
    ['backend.extraEnvVarsCM', 'Not A Name'],
  ])('rejects %s = %j', (path, value) => {
    expect(validate(withValue(path, value))).toBe(false);
  });

  /** A value of another JSON type than the leaf takes. */
  const mistyped = (leaf: Manifest) => {
    const types = [leaf.type, ...(leaf.anyOf ?? []).map((s: Manifest) => s.type)].flat();
    return types.includes('string') || types.includes('array') || types.includes('object') ? true : 'x';
  };
  const schemaAt = (path: string[]) =>
    path.reduce<Manifest>((schema, key) => schema.properties[key], valuesSchema as Manifest);
  const leafSchemas: [string, Manifest][] = todoApp
    .valuePaths()
    .map((path): [string, Manifest] => [path.join('.'), schemaAt(path)]);

  test.each(leafSchemas)('rejects a mistyped %s', (path, leaf) => {
    expect(validate(withValue(path, mistyped(leaf)))).toBe(false);
  });

  test.each([
    ['frontend.service.nodePort', 30080],
    ['frontend.service.nodePort', null],
    // Helm merges the chart's own global defaults (compatibility) into what the umbrella sends.
    [
      'global',
      {
        imageRegistry: '',
        compatibility: { openshift: { adaptSecurityContext: 'auto' } },
        storageClass: 'x',
        anythingAnUmbrellaSends: { a: 1 },
      },
    ],
    ['imagePullSecrets', [{ name: 'regcred' }]],
    ['backend.podLabels', { tier: 'api' }],
  ])('accepts %s = %j', (path, value) => {
    expect(validate(withValue(path, value))).toBe(true);
  });
});

test('--set types values as Helm does, sets list items, and null removes a key', () => {
  const values = todoApp.resolveValues({
    sets: [
      'database.external=true',
      'backend.replicaCount=2',
      'ingress.enabled=false',
      'frontend.service.nodePort=null',
      'backend.image.tag=1.0',
      'imagePullSecrets[0].name=regcred',
    ],
  });
  expect(values.backend.replicaCount).toBe(2);
  expect(values.ingress.enabled).toBe(false);
  expect('nodePort' in values.frontend.service).toBe(false);
  expect(values.backend.image.tag).toBe('1.0');
  expect(values.imagePullSecrets).toEqual([{ name: 'regcred' }]);
});

test('bad values name the field and what it accepts', () => {
  expect(() => todoApp.resolveValues({ sets: ['backend.replicas=2'] })).toThrow(InvalidValuesError);
  expect(() => todoApp.resolveValues({ sets: ['backend.replicas=2'] })).toThrow(
    /backend\.replicas: unknown key \(keys here: replicaCount, image,/,
  );
  expect(() => todoApp.resolveValues({ sets: ['persistence.size=big'] })).toThrow(
    /persistence\.size: has the wrong format, got "big" \(allowed: a storage quantity such as 1Gi\)/,
  );
});

/**
 * The walkthrough of docs/constructs.md, done for real: a new value is one
 * entry in the values model plus the one place that uses it. Everything else
 * (values.yaml, the schema, the README, the template, the condition) follows.
 */
testWithHelm('the add-a-value walkthrough')(
  'adding a value: the model and the place that uses it, nothing else',
  () => {
    const values = Type.Object(
      {
        ...valuesSchema.properties,
        greeting: Type.Object(
          {
            enabled: Type.Boolean({ default: false, description: 'Publish the greeting ConfigMap' }),
            text: Type.String({ default: 'hello', minLength: 1, description: 'What the greeting says' }),
          },
          { description: 'A greeting for the operators', additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    );
    const chart = defineHelmChart({
      ...todoApp.definition,
      values,
      build: (scope, h) => {
        new TodoApp(scope, 'TodoApp', h);
        // The one place that uses the value.
        const greeting = h.when(h.values.greeting.enabled, { text: h.values.greeting.text });
        if (greeting) {
          new KubeConfigMap(scope, 'Greeting', {
            metadata: { name: `${h.include('fullname')}-greeting` },
            data: { greeting: greeting.text },
          });
        }
      },
    });

    const files = chart.files();
    expect(files['values.yaml']).toMatch(
      /# -- A greeting for the operators\.\ngreeting:\n {2}# -- Publish the greeting ConfigMap\.\n {2}enabled: false/,
    );
    expect(JSON.parse(files['values.schema.json']).properties.greeting.properties.text).toMatchObject({
      type: 'string',
      minLength: 1,
    });
    expect(files['README.md']).toContain('| `greeting.text` | What the greeting says |');
    expect(files['templates/configmap.yaml']).toContain('{{- if .Values.greeting.enabled }}');
    expect(files['templates/configmap.yaml']).toContain('greeting: {{ .Values.greeting.text | quote }}');

    const dir = writeChart(files);
    const release = { name: 'todo-app', namespace: 'todo-app' };
    for (const sets of [[], ['greeting.enabled=true', 'greeting.text=hi there']]) {
      const fromHelm = helmTemplate(
        dir,
        sets.flatMap((s) => ['--set', s]),
      ).filter((o) => o.kind === 'ConfigMap');
      const fromTypeScript = chart
        .manifestObjects(chart.resolveValues({ sets }), release)
        .filter((o) => o.kind === 'ConfigMap');
      expect(fromHelm).toEqual(fromTypeScript);
      expect(fromHelm.length).toBe(sets.length > 0 ? 1 : 0);
    }
  },
);
