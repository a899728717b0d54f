/** Unit tests of SecureSecretRef: props in, Kubernetes objects out, as a cdk8s user would use them. */
import { ProbedDeployment, SecureSecretRef } from '../../../constructs';
import { newChart, secrets, minimal, objectsOf } from '../support/constructs';

describe('SecureSecretRef', () => {
  test('renders secretKeyRefs only, never values, even when the values are in the environment', () => {
    const saved = { ...process.env };
    process.env.JWT_SECRET = 'jwt-value-that-must-not-leak';
    process.env.COHERE_API_KEY = 'cohere-value-that-must-not-leak';
    try {
      const chart = newChart();
      const ref = secrets(chart, {
        JWT_SECRET: { description: 'x' },
        COHERE_API_KEY: { optional: true, description: 'y' },
      });
      new ProbedDeployment(chart, 'Web', { ...minimal, secrets: [ref] });
      const objects = objectsOf(chart);
      expect(JSON.stringify(objects)).not.toContain('must-not-leak');
      expect(objects[0].spec.template.spec.containers[0].env).toEqual([
        { name: 'JWT_SECRET', valueFrom: { secretKeyRef: { name: 'app-secrets', key: 'JWT_SECRET' } } },
        {
          name: 'COHERE_API_KEY',
          valueFrom: { secretKeyRef: { name: 'app-secrets', key: 'COHERE_API_KEY', optional: true } },
        },
      ]);
    } finally {
      process.env = saved;
    }
  });

  test('creates no Secret object', () => {
    const chart = newChart();
    secrets(chart);
    expect(objectsOf(chart)).toEqual([]);
  });

  test.each([
    ['an empty name', ''],
    ['an upper-case name', 'App'],
  ])('rejects %s at synthesis', (_what, secretName) => {
    const chart = newChart();
    new SecureSecretRef(chart, 'S', { secretName, keys: { A: { description: '' } } });
    expect(() => objectsOf(chart)).toThrow(/secrets\.name/);
  });

  test.each([
    ['no keys', {}, /needs at least one key/],
    ['a key that is no env var name', { 'bad-key': { description: '' } }, /secrets\.keys\.bad-key/],
  ])('rejects %s at once', (_what, keys, message) => {
    expect(() => new SecureSecretRef(newChart(), 'S', { secretName: 's', keys })).toThrow(message);
  });
});
