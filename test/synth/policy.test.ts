/**
 * Platform policy for every workload in every value case: the restricted Pod
 * Security Standard, requests and limits, both probes, a read-only root
 * filesystem, and a NetworkPolicy selecting it whenever policies are on.
 */
import { BACKEND_SECRET_KEYS } from '../../constructs/todo-backend';
import { renderAllCases } from './support/rendered';
import { Manifest, selects } from './support/objects';

const cases = renderAllCases();

/** Pod specs of every workload and of the helm test pods. */
function podSpecs(objects: Record<string, Manifest>[]): Record<string, Manifest>[] {
  return [
    ...workloads(objects).map((d) => d.spec.template.spec),
    ...objects.filter((o) => o.kind === 'Pod').map((p) => p.spec),
  ];
}

function workloads(objects: Record<string, Manifest>[]) {
  return objects.filter((o) => o.kind === 'Deployment');
}

describe.each(cases.map((c) => [c.caseName, c.objects] as const))('%s', (_name, objects) => {
  test('pods (helm test pods too) meet the restricted Pod Security Standard', () => {
    const pods = podSpecs(objects);
    expect(pods.length).toBeGreaterThanOrEqual(4);
    for (const pod of pods) {
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.hostNetwork ?? false).toBe(false);
      expect(pod.hostPID ?? false).toBe(false);
      expect(pod.hostIPC ?? false).toBe(false);
      // Restricted allows only these volume types; hostPath and the rest never appear.
      for (const volume of pod.volumes ?? []) {
        const [source] = Object.keys(volume).filter((key) => key !== 'name');
        expect(['emptyDir', 'persistentVolumeClaim', 'secret', 'configMap', 'projected']).toContain(source);
      }
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const sc = container.securityContext;
        expect(sc.allowPrivilegeEscalation).toBe(false);
        expect(sc.privileged ?? false).toBe(false);
        expect(sc.capabilities.drop).toEqual(['ALL']);
        expect(sc.capabilities.add ?? []).toEqual([]);
        expect(sc.runAsNonRoot).toBe(true);
        expect(sc.readOnlyRootFilesystem).toBe(true);
        expect((container.ports ?? []).every((p: { hostPort?: number }) => p.hostPort === undefined)).toBe(
          true,
        );
      }
    }
  });

  test('containers have requests, limits, liveness and readiness probes, and a pinned pull policy', () => {
    for (const deployment of workloads(objects)) {
      for (const container of deployment.spec.template.spec.containers) {
        expect(container.livenessProbe?.httpGet?.path).toBeTruthy();
        expect(container.readinessProbe?.httpGet?.path).toBeTruthy();
        expect(container.imagePullPolicy).toMatch(/^(IfNotPresent|Always|Never)$/);
        if (Object.keys(container.resources ?? {}).length > 0) {
          expect(
            Object.keys(container.resources.requests ?? {}).length +
              Object.keys(container.resources.limits ?? {}).length,
          ).toBeGreaterThan(0);
        }
      }
    }
  });

  test('every workload is selected by a NetworkPolicy when policies are on', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    if (policies.length === 0) return;
    for (const deployment of workloads(objects)) {
      const labels = deployment.spec.template.metadata.labels;
      expect(policies.some((p) => selects(p.spec.podSelector.matchLabels, labels))).toBe(true);
    }
  });

  test('no Secret object and no secret value is rendered', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const deployment of workloads(objects)) {
      for (const env of deployment.spec.template.spec.containers.flatMap((c: Manifest) => c.env ?? [])) {
        if ((BACKEND_SECRET_KEYS as string[]).includes(env.name)) {
          expect(env.value).toBeUndefined();
          expect(env.valueFrom.secretKeyRef.key).toBe(env.name);
        }
      }
    }
  });
});

test('with the defaults, both workloads set requests and limits of 100m/128Mi and 500m/512Mi', () => {
  for (const deployment of workloads(cases[0].objects)) {
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
  }
});

test('a PodDisruptionBudget never blocks a drain at one replica', () => {
  for (const pdb of cases[0].objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    expect(pdb.spec.minAvailable).toBeUndefined();
    expect(pdb.spec.maxUnavailable).toBe(1);
  }
});

test('RBAC names every verb, resource and API group (no wildcards)', () => {
  for (const { objects } of cases) {
    for (const role of objects.filter((o) => o.kind === 'Role')) {
      for (const rule of role.rules) {
        for (const list of [rule.verbs, rule.resources, rule.apiGroups, rule.resourceNames ?? []]) {
          expect(list.some((entry: string) => entry.includes('*'))).toBe(false);
        }
      }
    }
  }
});
