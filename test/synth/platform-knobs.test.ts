/**
 * What the platform knobs do to the objects, in the plain manifests (the equivalence
 * test shows helm renders the same): OpenShift's assigned uids in both directions,
 * metrics and the Prometheus Operator's objects only where its API is served,
 * extra objects through tpl, and the namespace override.
 */
import { ManifestOptions } from 'cdk8s-helm';
import { REQUEST_DURATION_METRIC } from '../../constructs';
import { todoApp } from '../../main';
import { OPENSHIFT_API, PROMETHEUS_OPERATOR_API } from './cases';
import { find, Manifest, ofKind } from './support/objects';

function render(sets: string[] = [], options: ManifestOptions = {}, values: Record<string, unknown> = {}) {
  const resolved = todoApp.resolveValues({ sets });
  return todoApp.manifestObjects(
    { ...resolved, ...values } as typeof resolved,
    { name: 'todo-app', namespace: 'todo-app' },
    { hooks: true, ...options },
  ) as Record<string, Manifest>[];
}

/** Every security context of every pod (test pods too) and container. */
function securityContexts(objects: Record<string, Manifest>[]): Manifest[] {
  const pods = [
    ...ofKind(objects, 'Deployment').map((d) => d.spec.template.spec),
    ...ofKind(objects, 'Pod').map((p) => p.spec),
  ];
  return pods.flatMap((pod) => [
    pod.securityContext,
    ...pod.containers.map((c: Manifest) => c.securityContext),
  ]);
}

const UID_FIELDS = ['runAsUser', 'runAsGroup', 'fsGroup'];
const uidFieldsIn = (objects: Record<string, Manifest>[]) =>
  securityContexts(objects).flatMap((sc) => UID_FIELDS.filter((field) => field in sc));

describe('global.compatibility.openshift.adaptSecurityContext', () => {
  const openshift = { apiVersions: [OPENSHIFT_API] };

  test('auto on OpenShift leaves the uid, gid and fsGroup to OpenShift, and stays non-root', () => {
    const objects = render([], openshift);
    expect(uidFieldsIn(objects)).toEqual([]);
    expect(securityContexts(objects).every((sc) => sc.runAsNonRoot === true)).toBe(true);
  });

  test('auto elsewhere keeps uid and gid 1000', () => {
    const objects = render();
    expect(uidFieldsIn(objects).length).toBeGreaterThan(0);
    for (const sc of securityContexts(objects)) {
      for (const field of UID_FIELDS.filter((f) => f in sc)) expect(sc[field]).toBe(1000);
    }
  });

  test('force removes them without the API; disabled keeps them with it', () => {
    expect(uidFieldsIn(render(['global.compatibility.openshift.adaptSecurityContext=force']))).toEqual([]);
    const disabled = render(['global.compatibility.openshift.adaptSecurityContext=disabled'], openshift);
    expect(uidFieldsIn(disabled)).toEqual(uidFieldsIn(render()));
  });

  test('a value other than auto, force or disabled is refused', () => {
    expect(() =>
      todoApp.resolveValues({ sets: ['global.compatibility.openshift.adaptSecurityContext=yes'] }),
    ).toThrow(/adaptSecurityContext/);
  });
});

describe('metrics', () => {
  const backend = (objects: Record<string, Manifest>[]) => find(objects, 'Deployment', 'todo-app-backend');

  test('off by default: no metrics port, no METRICS_PORT, no monitoring objects', () => {
    const objects = render([], { apiVersions: [PROMETHEUS_OPERATOR_API] });
    const container = backend(objects).spec.template.spec.containers[0];
    expect(container.ports.map((p: Manifest) => p.name)).toEqual(['http']);
    expect(container.env.map((e: Manifest) => e.name)).not.toContain('METRICS_PORT');
    expect(ofKind(objects, 'ServiceMonitor')).toEqual([]);
  });

  test('on: METRICS_PORT, a metrics port on container and Service, and a way in for the scraper', () => {
    const objects = render(['metrics.enabled=true']);
    const container = backend(objects).spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'METRICS_PORT', value: '9464' });
    expect(container.ports).toContainEqual({ name: 'metrics', containerPort: 9464, protocol: 'TCP' });
    expect(find(objects, 'Service', 'todo-app-backend').spec.ports).toContainEqual({
      name: 'metrics',
      port: 9464,
      targetPort: 'metrics',
      protocol: 'TCP',
    });
    const policy = find(objects, 'NetworkPolicy', 'todo-app-backend-metrics');
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: {} }, podSelector: { matchLabels: {} } }],
        ports: [{ port: 9464, protocol: 'TCP' }],
      },
    ]);
  });

  test('ServiceMonitor and PrometheusRule only where the cluster serves monitoring.coreos.com/v1', () => {
    const sets = [
      'metrics.enabled=true',
      'metrics.serviceMonitor.enabled=true',
      'metrics.prometheusRule.enabled=true',
    ];
    const without = render(sets);
    expect(ofKind(without, 'ServiceMonitor')).toEqual([]);
    expect(ofKind(without, 'PrometheusRule')).toEqual([]);
    const withOperator = render(sets, { apiVersions: [PROMETHEUS_OPERATOR_API] });
    const monitor = find(withOperator, 'ServiceMonitor', 'todo-app-backend');
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['todo-app'] });
    const rules = find(withOperator, 'PrometheusRule', 'todo-app-backend').spec.groups[0].rules;
    expect(rules.map((r: Manifest) => r.alert)).toEqual(['BackendNotReady', 'BackendHighErrorRate']);
    expect(rules[1].expr).toContain(
      `${REQUEST_DURATION_METRIC}_count{namespace="todo-app",service="todo-app-backend",status_code=~"5.."}`,
    );
  });
});

describe('extraDeploy and namespaceOverride', () => {
  test('extra objects are rendered through tpl with the release names, in the overridden namespace', () => {
    const extra = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: '{{ include "todo-app.fullname" . }}-extra' },
      data: { release: '{{ .Release.Name }}', replicas: '{{ .Values.backend.replicaCount }}' },
    };
    const objects = render(['namespaceOverride=apps'], {}, { extraDeploy: [extra] });
    expect(find(objects, 'ConfigMap', 'todo-app-extra').data).toEqual({ release: 'todo-app', replicas: '1' });
    expect(objects.filter((o) => o.kind !== 'ConfigMap').every((o) => o.metadata.namespace === 'apps')).toBe(
      true,
    );
  });

  test('an action the plain manifests cannot evaluate is refused with what they can', () => {
    const extra = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: '{{ lookup "v1" "Secret" "" "" }}' },
    };
    expect(() => render([], {}, { extraDeploy: [extra] })).toThrow(/needs helm template/);
  });
});
