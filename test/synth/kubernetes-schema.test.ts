/**
 * Every rendered object, for every value case, validates against the official
 * Kubernetes OpenAPI schemas (as packaged by kubernetes-models): wrong types,
 * misspelt fields and missing required fields fail here, before a cluster sees them.
 */
import { Manifest } from './support/objects';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { renderAllCases } from './support/rendered';

const MODELS: Record<string, new (data: Manifest) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Pod': Pod,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
};

/**
 * Custom resources of the Prometheus Operator have no schema in kubernetes-models; their
 * fields are checked here by hand, against the operator's API reference.
 */
const CUSTOM_RESOURCES: Record<string, (object: Manifest) => void> = {
  'monitoring.coreos.com/v1/ServiceMonitor': (o) => {
    expect(Object.keys(o.spec).sort()).toEqual(['endpoints', 'namespaceSelector', 'selector']);
    expect(o.spec.endpoints.every((e: Manifest) => typeof e.port === 'string')).toBe(true);
  },
  'monitoring.coreos.com/v1/PrometheusRule': (o) => {
    for (const group of o.spec.groups) {
      expect(typeof group.name).toBe('string');
      for (const rule of group.rules)
        expect(Object.keys(rule)).toEqual(expect.arrayContaining(['alert', 'expr']));
    }
  },
};

const cases = renderAllCases();

test.each(cases.map((c) => [c.caseName, c.objects] as const))(
  '%s: every object is valid Kubernetes',
  (_name, objects) => {
    for (const object of objects) {
      const custom = CUSTOM_RESOURCES[`${object.apiVersion}/${object.kind}`];
      if (custom) {
        custom(object);
        continue;
      }
      const model = MODELS[`${object.apiVersion}/${object.kind}`];
      if (!model) throw new Error(`no schema registered for ${object.apiVersion} ${object.kind}`);
      expect(() => new model(object).validate()).not.toThrow();
    }
  },
);

test('the validator catches a wrongly typed field (so the test above can fail)', () => {
  const deployment = structuredClone(cases[0].objects.find((o) => o.kind === 'Deployment'))!;
  deployment.spec.replicas = '1';
  expect(() => new Deployment(deployment).validate()).toThrow(/replicas/);
});
