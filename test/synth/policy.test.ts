/**
 * Platform policy for every workload in every value case: the restricted Pod Security Standard as a
 * whole (volume types, host namespaces and ports included) and a read-only root filesystem, secrets
 * only by reference, the default resources, drain-safe disruption budgets.
 *
 * What the linters teams run already check is left to them (test/chart-lint): requests, limits and
 * probes (kube-score container-resources and pod-probes, checkov CKV_K8S_8 to 13), a NetworkPolicy
 * selecting every pod (kube-score pod-networkpolicy, checkov CKV2_K8S_6) and wildcards in Roles
 * (checkov CKV_K8S_49).
 */
import { BACKEND_SECRET_KEYS } from '../../constructs/todo-backend';
import { renderAllCases } from './support/rendered';
import { Manifest } from './support/objects';

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
