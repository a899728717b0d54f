/** Value sets the chart and the TypeScript synthesis must agree on. */
export interface ValuesCase {
  readonly name: string;
  readonly sets?: string[];
  /** Applied with -f / --values before the sets. */
  readonly values?: Record<string, unknown>;
  readonly release?: string;
}

export const VALUES_CASES: ValuesCase[] = [
  { name: 'defaults' },
  { name: 'replica counts', sets: ['backend.replicaCount=3', 'frontend.replicaCount=0'] },
  {
    name: 'image tags, repositories and pull policies',
    sets: [
      'backend.image.tag=v1.2.3',
      'frontend.image.repository=registry.example.com:5000/team/todo-frontend',
      'frontend.image.pullPolicy=Always',
    ],
  },
  { name: 'ingress off', sets: ['ingress.enabled=false'] },
  { name: 'network policies off', sets: ['networkPolicy.enabled=false'] },
  {
    name: 'frontend ClusterIP service',
    sets: ['frontend.service.type=ClusterIP', 'frontend.service.port=8080'],
  },
  { name: 'fixed node port', sets: ['frontend.service.nodePort=30080'] },
  {
    name: 'node port ignored for LoadBalancer',
    sets: ['frontend.service.type=LoadBalancer', 'frontend.service.nodePort=30080'],
  },
  {
    name: 'resources',
    values: {
      backend: { resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } } },
      frontend: { resources: {} },
    },
  },
  {
    name: 'autoscaling',
    sets: [
      'backend.autoscaling.enabled=true',
      'backend.autoscaling.maxReplicas=5',
      'frontend.autoscaling.enabled=true',
      'frontend.autoscaling.targetCPUUtilizationPercentage=60',
    ],
  },
  {
    name: 'existing service account, no RBAC',
    sets: ['serviceAccount.create=false', 'serviceAccount.name=todo-runner', 'rbac.create=false'],
  },
  { name: 'no service accounts at all', sets: ['serviceAccount.create=false'] },
  { name: 'name overrides', sets: ['nameOverride=chatbot'], release: 'staging' },
  { name: 'fullname override', sets: ['fullnameOverride=todo'] },
  { name: 'another release name', release: 'my-todo' },
  {
    name: 'ingress host, TLS and annotations',
    sets: ['ingress.host=chat.example.com', 'ingress.className=traefik'],
    values: {
      ingress: {
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
        tls: [{ secretName: 'chat-tls', hosts: ['chat.example.com'] }],
      },
    },
  },
  {
    name: 'external access to the frontend',
    sets: ['networkPolicy.allowExternal=true', 'networkPolicy.ingressControllerNamespace=kube-system'],
  },
  { name: 'no disruption budgets', sets: ['podDisruptionBudget.enabled=false'] },
  {
    name: 'probe timings, service port, secret name and log level',
    sets: [
      'backend.livenessProbe.initialDelaySeconds=60',
      'backend.readinessProbe.periodSeconds=2',
      'backend.service.port=9000',
      'secrets.name=todo-credentials',
      'backend.logLevel=debug',
    ],
  },
];
