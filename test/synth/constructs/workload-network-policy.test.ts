/** Unit tests of WorkloadNetworkPolicy: props in, Kubernetes objects out, as a cdk8s user would use them. */
import { ProbedDeployment, WorkloadNetworkPolicy } from '../../../constructs';
import { newChart, labels, minimal, objectsOf } from '../support/constructs';

describe('WorkloadNetworkPolicy', () => {
  test('default deny both ways, then exactly the flows allowed', () => {
    const chart = newChart();
    const api = new ProbedDeployment(chart, 'Api', {
      ...minimal,
      name: 'api',
      labels: labels('api'),
      port: 8000,
    });
    new WorkloadNetworkPolicy(chart, 'ApiPolicy', api)
      .allowFromPods(labels('ui'))
      .allowFromNamespace('ingress-nginx')
      .allowFromNamespace(undefined)
      .allowDns()
      .allowToAnyAddress([5432]);
    const policy = objectsOf(chart).find((o) => o.kind === 'NetworkPolicy')!;
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.podSelector.matchLabels).toEqual(labels('api').selector);
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: labels('ui').selector } }],
        ports: [{ port: 8000, protocol: 'TCP' }],
      },
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ port: 8000, protocol: 'TCP' }],
      },
      { ports: [{ port: 8000, protocol: 'TCP' }] },
    ]);
    expect(policy.spec.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 5432, protocol: 'TCP' }] },
    ]);
  });

  test('with no rules added it denies everything', () => {
    const chart = newChart();
    new WorkloadNetworkPolicy(chart, 'P', new ProbedDeployment(chart, 'Web', minimal));
    const policy = objectsOf(chart).find((o) => o.kind === 'NetworkPolicy')!;
    expect(policy.spec.ingress ?? []).toEqual([]);
    expect(policy.spec.egress ?? []).toEqual([]);
  });
});
