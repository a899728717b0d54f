/** Unit tests per construct: props in, Kubernetes objects out, as a cdk8s user would use them. */
import { Manifest } from './support/objects';
import { App, Chart, Testing } from 'cdk8s';
import { DataVolumeClaim } from '../../constructs/data-volume-claim';
import { HttpCheckPod } from '../../constructs/http-check-pod';
import { ProbedDeployment, ProbedDeploymentProps } from '../../constructs/probed-deployment';
import { SecureSecretRef } from '../../constructs/secure-secret-ref';
import { BACKEND_SECRETS, TodoBackend, TodoBackendProps } from '../../constructs/todo-backend';
import { TodoFrontend, TodoFrontendProps } from '../../constructs/todo-frontend';
import { WorkloadIdentity } from '../../constructs/workload-identity';
import { WorkloadLabels } from '../../constructs/workload-labels';
import { WorkloadNetworkPolicy } from '../../constructs/workload-network-policy';

function newChart(): Chart {
  return new Chart(new App(), 'test', { namespace: 'ns', disableResourceNameHashes: true });
}

const release = { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/instance': 'rel' };
const labels = (component: string, pod?: Record<string, string>) =>
  new WorkloadLabels({
    component,
    release,
    common: { ...release, 'app.kubernetes.io/version': '1.0.0' },
    pod,
  });
const secrets = (
  chart: Chart,
  keys: Record<string, { optional?: boolean; description: string }> = BACKEND_SECRETS,
) => new SecureSecretRef(chart, 'Secrets', { secretName: 'app-secrets', keys });

const probe = { initialDelaySeconds: 1, periodSeconds: 2, failureThreshold: 3 };
const minimal: ProbedDeploymentProps = {
  name: 'web',
  labels: labels('web'),
  image: 'web:1.0',
  port: 8080,
  liveness: { path: '/live', ...probe },
  readiness: { path: '/ready', ...probe },
};

function objectsOf(chart: Chart): Record<string, Manifest>[] {
  return Testing.synth(chart);
}

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

describe('ProbedDeployment', () => {
  test('defaults: RollingUpdate surge 1, IfNotPresent, 100m/128Mi to 500m/512Mi, ClusterIP, PDB, hardened pod', () => {
    const chart = newChart();
    new ProbedDeployment(chart, 'Web', minimal);
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
      disruptionBudget: false,
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

describe('DataVolumeClaim and HttpCheckPod', () => {
  test('a ReadWriteOnce claim of the given size and class', () => {
    const chart = newChart();
    new DataVolumeClaim(chart, 'Data', {
      name: 'api-data',
      labels: labels('api'),
      size: '2Gi',
      storageClass: 'fast',
    });
    expect(objectsOf(chart)[0]).toMatchObject({
      kind: 'PersistentVolumeClaim',
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'fast',
        resources: { requests: { storage: '2Gi' } },
      },
    });
  });

  test('a check pod that runs node against one URL and never restarts', () => {
    const chart = newChart();
    new HttpCheckPod(chart, 'Check', {
      name: 'check',
      labels: labels('test'),
      image: 'node:24',
      url: 'http://api:8000/ready',
    });
    const pod = objectsOf(chart)[0];
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.spec.containers[0].command).toEqual([
      'node',
      '-e',
      expect.stringContaining('fetch(url'),
      'http://api:8000/ready',
    ]);
    expect(pod.spec.containers[0].securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
  });
});

describe('TodoBackend and TodoFrontend', () => {
  function build(
    backendProps: Partial<TodoBackendProps> = {},
    frontendProps: Partial<TodoFrontendProps> = {},
  ) {
    const chart = newChart();
    const backend = new TodoBackend(chart, 'Backend', {
      name: 'todo-backend',
      labels: labels('backend'),
      secrets: secrets(chart),
      image: 'todo-backend:1.0.0',
      serviceAccountName: 'todo-backend',
      serviceAccount: {},
      role: { name: 'todo-backend' },
      ...backendProps,
    });
    new TodoFrontend(chart, 'Frontend', {
      name: 'todo-frontend',
      labels: labels('frontend'),
      backend,
      image: 'todo-frontend:1.0.0',
      ingress: { name: 'todo', className: 'nginx', host: 'todo-app.local' },
      ...frontendProps,
    });
    return objectsOf(chart);
  }
  const find = (objects: Record<string, Manifest>[], kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name)!;

  test('backend: 8000, /health and /ready with the spec timings, its settings as env, secrets from app-secrets', () => {
    const objects = build({
      settings: { logLevel: 'debug', cohereModel: 'command-x', corsOrigins: 'https://a.example.com' },
    });
    const container = find(objects, 'Deployment', 'todo-backend').spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(container.livenessProbe).toMatchObject({
      httpGet: { path: '/health' },
      initialDelaySeconds: 30,
      periodSeconds: 10,
    });
    expect(container.readinessProbe).toMatchObject({
      httpGet: { path: '/ready' },
      initialDelaySeconds: 10,
      periodSeconds: 5,
    });
    const env = Object.fromEntries(
      container.env.map((e: Manifest) => [e.name, e.value ?? e.valueFrom.secretKeyRef.name]),
    );
    expect(env).toMatchObject({
      LOG_LEVEL: 'debug',
      COHERE_MODEL: 'command-x',
      CORS_ORIGINS: 'https://a.example.com',
      DATA_DIR: '/data',
      SHUTDOWN_DELAY_MS: '5000',
      JWT_SECRET: 'app-secrets',
      DATABASE_URL: 'app-secrets',
    });
    expect(find(objects, 'Service', 'todo-backend').spec).toMatchObject({
      type: 'ClusterIP',
      ports: [{ port: 8000 }],
    });
    expect(find(objects, 'Role', 'todo-backend').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['app-secrets'], verbs: ['get'] },
    ]);
  });

  test('backend: the grace period must leave room for requests after the drain delay', () => {
    expect(() => build({ shutdown: { drainDelayMs: 20000, terminationGracePeriodSeconds: 30 } })).toThrow(
      /backend\.terminationGracePeriodSeconds: 30 leaves no time for requests in flight after a 20000 ms drain/,
    );
  });

  test('backend refuses a Secret reference without its keys', () => {
    const chart = newChart();
    expect(
      () =>
        new TodoBackend(chart, 'Backend', {
          name: 'b',
          labels: labels('backend'),
          secrets: secrets(chart, { JWT_SECRET: { description: 'x' } }),
          image: 'b:1',
          serviceAccountName: 'b',
        }),
    ).toThrow(/the Secret reference lacks COHERE_API_KEY, DATABASE_URL/);
  });

  test('frontend: 3000, probes on /, NodePort, BACKEND_URL, telemetry off, writable Next.js cache', () => {
    const objects = build();
    const deployment = find(objects, 'Deployment', 'todo-frontend');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.livenessProbe.httpGet.path).toBe('/');
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'BACKEND_URL', value: 'http://todo-backend:8000' },
        { name: 'NEXT_TELEMETRY_DISABLED', value: '1' },
      ]),
    );
    expect(container.volumeMounts).toContainEqual({ name: 'next-cache', mountPath: '/app/.next/cache' });
    expect(find(objects, 'Service', 'todo-frontend').spec).toMatchObject({
      type: 'NodePort',
      ports: [{ port: 3000 }],
    });
  });

  test('ingress: the class, the host, / to the frontend on 3000', () => {
    const ingress = build().find((o) => o.kind === 'Ingress')!;
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
    expect(() => build({}, { ingress: { name: 'todo', className: 'nginx', host: 'https://x' } })).toThrow(
      /ingress\.host/,
    );
  });

  test('traffic: ingress controller → frontend → backend, and the backend out to DNS, PostgreSQL and HTTPS', () => {
    const objects = build({ networkPolicy: { databasePort: 6432 } });
    const backendPolicy = find(objects, 'NetworkPolicy', 'todo-backend');
    expect(backendPolicy.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: labels('frontend').selector } }],
        ports: [{ port: 8000, protocol: 'TCP' }],
      },
    ]);
    expect(backendPolicy.spec.egress[1].ports).toEqual([
      { port: 6432, protocol: 'TCP' },
      { port: 443, protocol: 'TCP' },
    ]);
    const frontendPolicy = find(objects, 'NetworkPolicy', 'todo-frontend');
    expect(frontendPolicy.spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ]);
    expect(frontendPolicy.spec.egress[1].to).toEqual([
      { podSelector: { matchLabels: labels('backend').selector } },
    ]);
  });
});
