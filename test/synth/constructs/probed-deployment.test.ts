/** Unit tests of ProbedDeployment: props in, Kubernetes objects out, as a cdk8s user would use them. */
import { ProbedDeployment } from '../../../constructs';
import { newChart, labels, minimal, objectsOf } from '../support/constructs';

describe('ProbedDeployment', () => {
  test('defaults: RollingUpdate surge 1, IfNotPresent, 100m/128Mi to 500m/512Mi, ClusterIP, hardened pod, PDB', () => {
    const chart = newChart();
    new ProbedDeployment(chart, 'Web', { ...minimal, disruptionBudget: { maxUnavailable: 1 } });
    const [deployment, service, pdb] = objectsOf(chart);
    expect(deployment.kind).toBe('Deployment');
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
    const container = deployment.spec.template.spec.containers[0];
    expect(container).toMatchObject({
      name: 'web',
      image: 'web:1.0',
      imagePullPolicy: 'IfNotPresent',
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      livenessProbe: {
        httpGet: { path: '/live', port: 'http' },
        initialDelaySeconds: 1,
        periodSeconds: 2,
        failureThreshold: 3,
        timeoutSeconds: 3,
      },
      securityContext: {
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        runAsUser: 1000,
      },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    });
    expect(deployment.spec.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(deployment.spec.selector.matchLabels).toEqual(labels('web').selector);
    expect(service).toMatchObject({
      kind: 'Service',
      spec: {
        type: 'ClusterIP',
        ports: [{ port: 8080, targetPort: 'http' }],
        selector: labels('web').selector,
      },
    });
    expect(pdb).toMatchObject({ kind: 'PodDisruptionBudget', spec: { maxUnavailable: 1 } });
  });

  test('props reach the objects as given: replicas, strategy, pod placement, extra env and volumes', () => {
    const chart = newChart();
    new ProbedDeployment(chart, 'Web', {
      ...minimal,
      replicas: 3,
      strategy: { type: 'Recreate' },
      extraEnv: [{ name: 'EXTRA', value: '1' }],
      env: { PLAIN: 'x' },
      volumes: { data: { mountPath: '/data', source: { persistentVolumeClaim: { claimName: 'web-data' } } } },
      pod: {
        annotations: { a: 'b' },
        nodeSelector: { pool: 'web' },
        tolerations: [{ key: 'spot', operator: 'Exists' }],
        priorityClassName: 'high',
        imagePullSecrets: [{ name: 'regcred' }],
        terminationGracePeriodSeconds: 40,
      },
    });
    const objects = objectsOf(chart);
    expect(objects.map((o) => o.kind)).toEqual(['Deployment', 'Service']);
    const spec = objects[0].spec;
    expect(spec.replicas).toBe(3);
    expect(spec.strategy).toEqual({ type: 'Recreate' });
    expect(spec.template.metadata.annotations).toEqual({ a: 'b' });
    expect(spec.template.spec).toMatchObject({
      nodeSelector: { pool: 'web' },
      tolerations: [{ key: 'spot', operator: 'Exists' }],
      priorityClassName: 'high',
      imagePullSecrets: [{ name: 'regcred' }],
      terminationGracePeriodSeconds: 40,
    });
    expect(spec.template.spec.containers[0].env).toEqual([
      { name: 'PLAIN', value: 'x' },
      { name: 'EXTRA', value: '1' },
    ]);
    expect(spec.template.spec.volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'web-data' },
    });
    expect(spec.template.spec.containers[0].volumeMounts).toContainEqual({
      name: 'data',
      mountPath: '/data',
    });
  });

  test('autoscaling creates an HPA', () => {
    const chart = newChart();
    new ProbedDeployment(chart, 'Web', {
      ...minimal,
      autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70 },
    });
    const hpa = objectsOf(chart).find((o) => o.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa).toMatchObject({
      apiVersion: 'autoscaling/v2',
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 70 } } }],
      },
    });
  });

  test.each([
    ['a port out of range', { port: 70000 }, /web\.port: got 70000 \(allowed: an integer from 1 to 65535\)/],
    ['negative replicas', { replicas: -1 }, /web\.replicaCount: got -1/],
    [
      'an unknown pull policy',
      { imagePullPolicy: 'Sometimes' as never },
      /web\.image\.pullPolicy: .*IfNotPresent, Always, Never/,
    ],
    ['an invalid name', { name: 'Web_1' }, /web\.name: got "Web_1" \(allowed: a DNS label/],
    ['an image with spaces', { image: 'my image' }, /web\.image/],
    [
      'a node port outside the range',
      { service: { type: 'NodePort' as const, nodePort: 80 } },
      /web\.service\.nodePort/,
    ],
    [
      'maxReplicas below minReplicas',
      { autoscaling: { minReplicas: 3, maxReplicas: 2, targetCPUUtilizationPercentage: 50 } },
      /web\.autoscaling\.maxReplicas: 2 is below minReplicas 3/,
    ],
  ])('rejects %s at synthesis, naming the field and what is allowed', (_what, override, message) => {
    const chart = newChart();
    new ProbedDeployment(chart, 'Web', { ...minimal, ...override });
    expect(() => objectsOf(chart)).toThrow(message);
  });
});
