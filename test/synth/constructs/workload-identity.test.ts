/** Unit tests of WorkloadIdentity: props in, Kubernetes objects out, as a cdk8s user would use them. */
import { WorkloadIdentity } from '../../../constructs';
import { newChart, labels, objectsOf } from '../support/constructs';

describe('WorkloadIdentity', () => {
  test('a ServiceAccount without a mounted token, a Role and a binding to it', () => {
    const chart = newChart();
    new WorkloadIdentity(chart, 'Id', {
      name: 'api',
      labels: labels('api'),
      serviceAccount: { annotations: { 'iam.example.com/role': 'r' } },
      role: { name: 'api-reader', rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] },
    });
    const [sa, role, binding] = objectsOf(chart);
    expect(sa).toMatchObject({
      kind: 'ServiceAccount',
      metadata: { name: 'api', annotations: { 'iam.example.com/role': 'r' } },
      automountServiceAccountToken: false,
    });
    expect(role).toMatchObject({
      kind: 'Role',
      metadata: { name: 'api-reader' },
      rules: [{ verbs: ['get'] }],
    });
    expect(binding).toMatchObject({
      roleRef: { kind: 'Role', name: 'api-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'ns' }],
    });
  });

  test('nothing to create, nothing created', () => {
    const chart = newChart();
    new WorkloadIdentity(chart, 'Id', { name: 'ui', labels: labels('ui') });
    expect(objectsOf(chart)).toEqual([]);
  });

  test.each([['verbs'], ['resources'], ['apiGroups']])('rejects a wildcard in %s', (list) => {
    const chart = newChart();
    const rule = { apiGroups: [''], resources: ['pods'], verbs: ['get'], [list]: ['*'] };
    new WorkloadIdentity(chart, 'Id', { name: 'x', labels: labels('x'), role: { name: 'x', rules: [rule] } });
    expect(() => objectsOf(chart)).toThrow(new RegExp(`rbac\\.rules\\[0\\]\\.${list}: contains a wildcard`));
  });
});
