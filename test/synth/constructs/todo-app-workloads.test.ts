/** Unit tests of TodoBackend and TodoFrontend: props in, Kubernetes objects out, as a cdk8s user would use them. */
import { TodoBackend, TodoBackendProps, TodoFrontend, TodoFrontendProps } from '../../../constructs';
import { newChart, labels, secrets, objectsOf } from '../support/constructs';
import { Manifest } from '../support/objects';

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
    const objects = build(
      { networkPolicy: { databasePort: 6432 } },
      {
        networkPolicy: {
          ingressController: {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
          },
        },
      },
    );
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
