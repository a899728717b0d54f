/** Unit tests per construct: props in, Kubernetes objects out. */
import { App, Chart, Testing } from 'cdk8s';
import { ProbedDeployment, ProbedDeploymentProps } from '../../constructs/probed-deployment';
import { SecureSecretRef } from '../../constructs/secure-secret-ref';
import { TodoBackend } from '../../constructs/todo-backend';
import { TodoFrontend } from '../../constructs/todo-frontend';
import { ConfigurationError } from '../../constructs/validation';
import { WorkloadIdentity } from '../../constructs/workload-identity';
import { WorkloadLabels } from '../../constructs/workload-labels';
import { WorkloadNetworkPolicy } from '../../constructs/workload-network-policy';

function newChart(): Chart {
  return new Chart(new App(), 'test', { namespace: 'ns', disableResourceNameHashes: true });
}

const labels = (component: string) =>
  new WorkloadLabels({ name: 'demo', instance: 'rel', component, version: '1.0.0' });
const secrets = (chart: Chart, keys = ['COHERE_API_KEY', 'DATABASE_URL', 'JWT_SECRET']) =>
  new SecureSecretRef(chart, 'Secrets', {
    keys: Object.fromEntries(keys.map((k) => [k, { description: k }])),
  });

const probe = { initialDelaySeconds: 1, periodSeconds: 2, failureThreshold: 3 };
const minimal: ProbedDeploymentProps = {
  name: 'web',
  labels: labels('web'),
  image: 'web:1.0',
  port: 8080,
  liveness: { path: '/live', ...probe },
  readiness: { path: '/ready', ...probe },
};

function objectsOf(chart: Chart): Record<string, any>[] {
  return Testing.synth(chart);
}

describe('WorkloadLabels', () => {
  test('selector is the stable subset of the labels', () => {
    const l = labels('api');
    expect(l.selector).toEqual({
      app: 'api',
      'app.kubernetes.io/name': 'demo',
      'app.kubernetes.io/instance': 'rel',
      'app.kubernetes.io/component': 'api',
    });
    expect(l.all).toMatchObject({
      ...l.selector,
      'app.kubernetes.io/part-of': 'demo',
      'app.kubernetes.io/version': '1.0.0',
    });
    expect(Object.keys(l.selector)).not.toContain('app.kubernetes.io/version');
  });
});

describe('ProbedDeployment', () => {
  test('defaults: one replica, IfNotPresent, 100m/128Mi to 500m/512Mi, ClusterIP, PDB, hardened pod', () => {
    const chart = newChart();
    new ProbedDeployment(chart, 'Web', minimal);
    const [deployment, service, pdb] = objectsOf(chart);
    expect(deployment.kind).toBe('Deployment');
    expect(deployment.spec.replicas).toBe(1);
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

  test('autoscaling creates an HPA and leaves the replica count to it', () => {
    const chart = newChart();
    new ProbedDeployment(chart, 'Web', {
      ...minimal,
      replicas: 4,
      autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70 },
    });
    const objects = objectsOf(chart);
    expect(objects[0].spec.replicas).toBeUndefined();
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!;
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

  test('node port only with a NodePort service', () => {
    const chart = newChart();
    new ProbedDeployment(chart, 'A', {
      ...minimal,
      name: 'a',
      service: { type: 'NodePort', nodePort: 30001 },
    });
    new ProbedDeployment(chart, 'B', {
      ...minimal,
      name: 'b',
      service: { type: 'ClusterIP', nodePort: 30002 },
    });
    const services = objectsOf(chart).filter((o) => o.kind === 'Service');
    expect(services[0].spec.ports[0].nodePort).toBe(30001);
    expect(services[1].spec.ports[0].nodePort).toBeUndefined();
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
      /web\.autoscaling\.maxReplicas/,
    ],
  ])('rejects %s with a message naming the field and what is allowed', (_what, override, message) => {
    expect(() => new ProbedDeployment(newChart(), 'Web', { ...minimal, ...override })).toThrow(
      ConfigurationError,
    );
    expect(() => new ProbedDeployment(newChart(), 'Web', { ...minimal, ...override })).toThrow(message);
  });
});

describe('SecureSecretRef', () => {
  test('renders secretKeyRefs only, never values, even when the values are in the environment', () => {
    const saved = { ...process.env };
    process.env.JWT_SECRET = 'jwt-value-that-must-not-leak';
    process.env.COHERE_API_KEY = 'cohere-value-that-must-not-leak';
    try {
      const chart = newChart();
      const ref = new SecureSecretRef(chart, 'S', {
        keys: { JWT_SECRET: { description: 'x' }, COHERE_API_KEY: { optional: true, description: 'y' } },
      });
      new ProbedDeployment(chart, 'Web', { ...minimal, secrets: [ref] });
      const text = JSON.stringify(objectsOf(chart));
      expect(text).not.toContain('must-not-leak');
      expect(objectsOf(chart)[0].spec.template.spec.containers[0].env).toEqual([
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

  test('explains how to create the Secret with placeholders', () => {
    const ref = secrets(newChart());
    expect(ref.createCommand('todo-app')).toMatch(
      /^kubectl create secret generic app-secrets -n todo-app \\\n {2}--from-literal=COHERE_API_KEY='<cohere-api-key>'/,
    );
  });

  test.each([
    ['an empty name', { secretName: '', keys: { A: { description: '' } } }, /secrets\.name: got ""/],
    ['an upper-case name', { secretName: 'App', keys: { A: { description: '' } } }, /secrets\.name/],
    ['no keys', { keys: {} }, /secrets\.keys: no keys given/],
    ['a key that is no env var name', { keys: { 'bad-key': { description: '' } } }, /secrets\.keys\.bad-key/],
  ])('rejects %s', (_what, props, message) => {
    expect(() => new SecureSecretRef(newChart(), 'S', props)).toThrow(message);
  });
});

describe('WorkloadIdentity', () => {
  test('ServiceAccount without a mounted token, Role and RoleBinding of the same name', () => {
    const chart = newChart();
    new WorkloadIdentity(chart, 'Id', {
      name: 'api',
      labels: labels('api'),
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    });
    const [sa, role, binding] = objectsOf(chart);
    expect(sa).toMatchObject({
      kind: 'ServiceAccount',
      metadata: { name: 'api' },
      automountServiceAccountToken: false,
    });
    expect(role).toMatchObject({ kind: 'Role', rules: [{ verbs: ['get'] }] });
    expect(binding).toMatchObject({
      roleRef: { kind: 'Role', name: 'api' },
      subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'ns' }],
    });
  });

  test('no rules, no Role', () => {
    const chart = newChart();
    new WorkloadIdentity(chart, 'Id', { name: 'ui', labels: labels('ui') });
    expect(objectsOf(chart).map((o) => o.kind)).toEqual(['ServiceAccount']);
  });

  test.each([['verbs'], ['resources'], ['apiGroups']])('rejects a wildcard in %s', (list) => {
    const rule = { apiGroups: [''], resources: ['pods'], verbs: ['get'], [list]: ['*'] };
    expect(
      () => new WorkloadIdentity(newChart(), 'Id', { name: 'x', labels: labels('x'), rules: [rule] }),
    ).toThrow(new RegExp(`rbac\\.rules\\[0\\]\\.${list}: contains a wildcard`));
  });
});

describe('WorkloadNetworkPolicy', () => {
  test('default deny both ways, then exactly the flows allowed', () => {
    const chart = newChart();
    const api = new ProbedDeployment(chart, 'Api', {
      ...minimal,
      name: 'api',
      labels: labels('api'),
      port: 8000,
    });
    const ui = new ProbedDeployment(chart, 'Ui', {
      ...minimal,
      name: 'ui',
      labels: labels('ui'),
      port: 3000,
    });
    new WorkloadNetworkPolicy(chart, 'ApiPolicy', api)
      .allowFromWorkload(ui)
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
    ]);
    expect(policy.spec.egress).toHaveLength(2);
    expect(policy.spec.egress[0].ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
    expect(policy.spec.egress[1]).toEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
      ports: [{ port: 5432, protocol: 'TCP' }],
    });
  });

  test('with no rules added it denies everything', () => {
    const chart = newChart();
    new WorkloadNetworkPolicy(chart, 'P', new ProbedDeployment(chart, 'Web', minimal));
    const policy = objectsOf(chart).find((o) => o.kind === 'NetworkPolicy')!;
    expect(policy.spec.ingress ?? []).toEqual([]);
    expect(policy.spec.egress ?? []).toEqual([]);
  });
});

describe('TodoBackend and TodoFrontend', () => {
  function todoApp(frontendProps: Partial<ConstructorParameters<typeof TodoFrontend>[2]> = {}) {
    const chart = newChart();
    const backend = new TodoBackend(chart, 'Backend', {
      name: 'todo-backend',
      labels: labels('backend'),
      secrets: secrets(chart),
    });
    const frontend = new TodoFrontend(chart, 'Frontend', {
      name: 'todo-frontend',
      labels: labels('frontend'),
      backend,
      ingress: { name: 'todo' },
      ...frontendProps,
    });
    return { chart, backend, frontend, objects: objectsOf(chart) };
  }

  test('backend: todo-backend:latest on 8000, /health and /ready with the spec timings, secrets from app-secrets', () => {
    const { objects } = todoApp();
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-backend')!;
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe('todo-backend:latest');
    expect(container.ports[0].containerPort).toBe(8000);
    expect(container.livenessProbe).toMatchObject({
      httpGet: { path: '/health' },
      initialDelaySeconds: 30,
      periodSeconds: 10,
      failureThreshold: 3,
    });
    expect(container.readinessProbe).toMatchObject({
      httpGet: { path: '/ready' },
      initialDelaySeconds: 10,
      periodSeconds: 5,
      failureThreshold: 3,
    });
    const secretEnv = container.env
      .filter((e: any) => e.valueFrom)
      .map((e: any) => [e.name, e.valueFrom.secretKeyRef.name]);
    expect(secretEnv).toEqual([
      ['COHERE_API_KEY', 'app-secrets'],
      ['DATABASE_URL', 'app-secrets'],
      ['JWT_SECRET', 'app-secrets'],
    ]);
    expect(deployment.spec.template.metadata.labels.app).toBe('backend');
    expect(deployment.spec.template.spec.serviceAccountName).toBe('todo-backend');
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'todo-backend')!;
    expect(service.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 8000 }] });
    const role = objects.find((o) => o.kind === 'Role')!;
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['app-secrets'], verbs: ['get'] },
    ]);
  });

  test('backend refuses a Secret reference without its keys', () => {
    const chart = newChart();
    expect(
      () =>
        new TodoBackend(chart, 'B', {
          name: 'b',
          labels: labels('backend'),
          secrets: secrets(chart, ['JWT_SECRET']),
        }),
    ).toThrow(/lacks COHERE_API_KEY, DATABASE_URL/);
  });

  test('frontend: todo-frontend:latest on 3000, probes on /, NodePort, BACKEND_URL, writable Next.js cache', () => {
    const { objects } = todoApp();
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-frontend')!;
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe('todo-frontend:latest');
    expect(container.livenessProbe).toMatchObject({
      httpGet: { path: '/' },
      initialDelaySeconds: 30,
      periodSeconds: 10,
      failureThreshold: 3,
    });
    expect(container.readinessProbe).toMatchObject({
      httpGet: { path: '/' },
      initialDelaySeconds: 10,
      periodSeconds: 5,
      failureThreshold: 3,
    });
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'BACKEND_URL', value: 'http://todo-backend:8000' },
        { name: 'HOSTNAME', value: '0.0.0.0' },
      ]),
    );
    expect(container.volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'next-cache', mountPath: '/app/.next/cache' },
    ]);
    expect(objects.find((o) => o.kind === 'Service' && o.metadata.name === 'todo-frontend')!.spec.type).toBe(
      'NodePort',
    );
  });

  test('ingress: class nginx, host todo-app.local, / to the frontend on 3000', () => {
    const ingress = todoApp().objects.find((o) => o.kind === 'Ingress')!;
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'todo-app.local',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'todo-frontend', port: { number: 3000 } } },
              },
            ],
          },
        },
      ],
    });
  });

  test('ingress rejects an invalid host', () => {
    expect(() => todoApp({ ingress: { name: 'todo', host: 'Todo App' } })).toThrow(
      /ingress\.host: got "Todo App"/,
    );
  });

  test('traffic: ingress controller → frontend → backend, nothing else in', () => {
    const { objects } = todoApp();
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    const backendPolicy = policies.find((p) => p.metadata.name === 'todo-backend')!;
    const frontendPolicy = policies.find((p) => p.metadata.name === 'todo-frontend')!;
    expect(backendPolicy.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: labels('frontend').selector } }],
        ports: [{ port: 8000, protocol: 'TCP' }],
      },
    ]);
    expect(frontendPolicy.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ port: 3000, protocol: 'TCP' }],
      },
    ]);
    expect(frontendPolicy.spec.egress[1]).toEqual({
      to: [{ podSelector: { matchLabels: labels('backend').selector } }],
      ports: [{ port: 8000, protocol: 'TCP' }],
    });
    expect(backendPolicy.spec.egress[1].ports.map((p: any) => p.port)).toEqual([5432, 443]);
  });
});
