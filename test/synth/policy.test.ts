/**
 * Platform policy for every workload in every value case: the restricted Pod Security Standard as a
 * whole (volume types, host namespaces and ports included) and a read-only root filesystem, unless the
 * values acknowledge falling below it (security.allowBelowRestricted); secrets only by reference, the
 * default resources, drain-safe disruption budgets.
 *
 * What the linters teams run already check is left to them (test/chart-lint): requests, limits and
 * probes (kube-score container-resources and pod-probes, checkov CKV_K8S_8 to 13), a NetworkPolicy
 * selecting every pod (kube-score pod-networkpolicy, checkov CKV2_K8S_6) and wildcards in Roles
 * (checkov CKV_K8S_49).
 */
import { BACKEND_SECRET_KEYS } from '../../constructs/todo-backend';
import { todoApp } from '../../main';
import { ValuesConflictError } from 'cdk8s-helm';
import { belowRestrictedMessage } from '../../chart/props';
import { VALUES_CASES } from './cases';
import { helmTemplate, testWithHelm, writeFreshChart } from './support/helm';
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

/**
 * Value cases that fall below the restricted profile on purpose, each with why it may:
 * they set security.allowBelowRestricted, and they must really fall below it (so the list stays true).
 */
const BELOW_RESTRICTED: Record<string, string> = {
  'below the restricted profile, acknowledged': 'every knob that loosens a security context, acknowledged',
  'no security contexts at all, acknowledged': 'both security contexts switched off, acknowledged',
};

const SECCOMP_ALLOWED = ['RuntimeDefault', 'Localhost'];

/** What keeps a pod from the restricted Pod Security Standard (and the read-only root filesystem), in words. */
function restrictedViolations(pod: Manifest): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => ok || problems.push(what);
  const podContext = pod.securityContext ?? {};
  check(pod.hostNetwork !== true && pod.hostPID !== true && pod.hostIPC !== true, 'host namespaces');
  // Restricted allows only these volume types; hostPath and the rest never appear.
  for (const volume of pod.volumes ?? []) {
    const [source] = Object.keys(volume).filter((key) => key !== 'name');
    check(['emptyDir', 'persistentVolumeClaim', 'secret', 'configMap', 'projected'].includes(source), source);
  }
  for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
    const sc = container.securityContext ?? {};
    const name = container.name;
    check(sc.allowPrivilegeEscalation === false, `${name}: allowPrivilegeEscalation`);
    check(sc.privileged !== true, `${name}: privileged`);
    check((sc.capabilities?.drop ?? []).includes('ALL'), `${name}: capabilities not dropped`);
    check((sc.capabilities?.add ?? []).length === 0, `${name}: capabilities added`);
    check((sc.runAsNonRoot ?? podContext.runAsNonRoot) === true, `${name}: may run as root`);
    check((sc.runAsUser ?? podContext.runAsUser ?? 1) > 0, `${name}: runs as uid 0`);
    const seccomp = sc.seccompProfile?.type ?? podContext.seccompProfile?.type;
    check(SECCOMP_ALLOWED.includes(seccomp), `${name}: seccomp ${seccomp}`);
    check(sc.readOnlyRootFilesystem === true, `${name}: writable root filesystem`);
    check(
      (container.ports ?? []).every((p: Manifest) => p.hostPort === undefined),
      `${name}: hostPort`,
    );
  }
  return problems;
}

describe.each(cases.map((c) => [c.caseName, c.objects] as const))('%s', (caseName, objects) => {
  const exception = BELOW_RESTRICTED[caseName];

  test('pods (helm test pods too) meet the restricted Pod Security Standard, or say why not', () => {
    const pods = podSpecs(objects);
    expect(pods.length).toBeGreaterThanOrEqual(4);
    const problems = pods.flatMap(restrictedViolations);
    if (exception === undefined) {
      expect(problems).toEqual([]);
    } else {
      expect(problems.length).toBeGreaterThan(0);
      expect(VALUES_CASES.find((c) => c.name === caseName)?.sets).toContain(
        'security.allowBelowRestricted=true',
      );
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

describe('values below the restricted profile must say so (security.allowBelowRestricted)', () => {
  const loosening = [
    'backend.podSecurityContext.enabled=false',
    'frontend.containerSecurityContext.enabled=false',
    'backend.podSecurityContext.runAsNonRoot=false',
    'frontend.containerSecurityContext.runAsNonRoot=false',
    'backend.podSecurityContext.runAsUser=0',
    'frontend.containerSecurityContext.runAsUser=0',
    'backend.containerSecurityContext.privileged=true',
    'frontend.containerSecurityContext.allowPrivilegeEscalation=true',
    'backend.containerSecurityContext.readOnlyRootFilesystem=false',
    'frontend.containerSecurityContext.capabilities.drop[0]=NET_RAW',
    'backend.containerSecurityContext.capabilities.add[0]=NET_ADMIN',
    'frontend.podSecurityContext.seccompProfile.type=Unconfined',
    'backend.containerSecurityContext.seccompProfile.type=Unconfined',
  ];
  const render = (sets: string[]) =>
    todoApp.manifestObjects(todoApp.resolveValues({ sets }), { name: 'todo-app', namespace: 'todo-app' });

  test.each(loosening)('%s alone refuses to render, naming the workload and the way out', (set) => {
    const component = set.split('.')[0] as 'backend' | 'frontend';
    expect(() => render([set])).toThrow(ValuesConflictError);
    expect(() => render([set])).toThrow(belowRestrictedMessage(component));
  });

  test.each(loosening)('%s with security.allowBelowRestricted=true renders', (set) => {
    expect(render([set, 'security.allowBelowRestricted=true']).length).toBeGreaterThan(0);
  });

  const helmTest = testWithHelm('helm refusing values below the restricted profile');
  helmTest('helm template refuses the same values, and renders them when acknowledged', () => {
    const chart = writeFreshChart();
    const set = ['--set', 'backend.containerSecurityContext.privileged=true'];
    expect(() => helmTemplate(chart, set)).toThrow(belowRestrictedMessage('backend'));
    const acknowledged = helmTemplate(chart, [...set, '--set', 'security.allowBelowRestricted=true']);
    const backend = acknowledged.find(
      (o) => o.kind === 'Deployment' && o.metadata.name === 'todo-app-backend',
    );
    expect(backend?.spec.template.spec.containers[0].securityContext.privileged).toBe(true);
  });
});
