/** Unit tests of WorkloadLabels: props in, Kubernetes objects out, as a cdk8s user would use them. */
import { release, labels } from '../support/constructs';

describe('WorkloadLabels', () => {
  test('the selector is the release labels plus the component; pods may carry more', () => {
    const l = labels('api', { tier: 'backend' });
    expect(l.selector).toEqual({ ...release, 'app.kubernetes.io/component': 'api', app: 'api' });
    expect(l.all).toEqual({ ...l.selector, 'app.kubernetes.io/version': '1.0.0' });
    expect(l.pod).toEqual({ ...l.all, tier: 'backend' });
    expect(l.forComponent('test').selector).toEqual({
      ...release,
      'app.kubernetes.io/component': 'test',
      app: 'test',
    });
  });
});
