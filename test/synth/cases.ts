/** Value sets the chart and the TypeScript synthesis must agree on: together they change every value. */
export interface ValuesCase {
  readonly name: string;
  readonly sets?: string[];
  /** Applied with -f / --values before the sets. */
  readonly values?: Record<string, unknown>;
  readonly release?: string;
}

const DIGEST = `sha256:${'ab12'.repeat(16)}`;

export const VALUES_CASES: ValuesCase[] = [
  { name: 'defaults' },
  { name: 'replica counts', sets: ['frontend.replicaCount=3', 'backend.replicaCount=0'] },
  {
    name: 'image tags, repositories and pull policies',
    sets: [
      'backend.image.tag=v1.2.3',
      'backend.image.repository=registry.example.com/team/api',
      'frontend.image.repository=registry.example.com:5000/team/todo-frontend',
      'frontend.image.pullPolicy=Always',
      'backend.image.pullPolicy=Never',
    ],
  },
  {
    name: 'a registry for both images and digests',
    sets: [
      'global.imageRegistry=ghcr.io/acme',
      `backend.image.digest=${DIGEST}`,
      `frontend.image.digest=${DIGEST}`,
      'frontend.image.tag=2.0.0',
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
      // null removes a default, as in Helm.
      frontend: { resources: { limits: null } },
    },
  },
  {
    name: 'autoscaling with an external database',
    sets: [
      'database.external=true',
      'backend.autoscaling.enabled=true',
      'backend.autoscaling.minReplicas=2',
      'backend.autoscaling.maxReplicas=5',
      'backend.autoscaling.targetCPUUtilizationPercentage=50',
      'frontend.autoscaling.enabled=true',
      'frontend.autoscaling.minReplicas=2',
      'frontend.autoscaling.maxReplicas=10',
      'frontend.autoscaling.targetCPUUtilizationPercentage=60',
    ],
  },
  {
    name: 'two backend replicas on an external database',
    sets: ['database.external=true', 'backend.replicaCount=2'],
  },
  { name: 'embedded database without persistence', sets: ['persistence.enabled=false'] },
  {
    name: 'persistence size and storage class',
    sets: ['persistence.size=5Gi', 'persistence.storageClass=fast-ssd'],
  },
  {
    name: 'existing service account, no RBAC',
    sets: ['serviceAccount.create=false', 'serviceAccount.name=todo-runner', 'rbac.create=false'],
  },
  { name: 'no service accounts at all', sets: ['serviceAccount.create=false'] },
  {
    name: 'service account annotations',
    values: {
      serviceAccount: {
        annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/todo' },
      },
    },
  },
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
    name: 'external access to the frontend, another database port',
    sets: [
      'networkPolicy.allowExternal=true',
      'networkPolicy.ingressControllerNamespace=kube-system',
      'networkPolicy.databasePort=6432',
    ],
  },
  { name: 'no disruption budgets', sets: ['podDisruptionBudget.enabled=false'] },
  {
    name: 'probe timings, service port, secret name and backend settings',
    sets: [
      'backend.livenessProbe.initialDelaySeconds=60',
      'backend.livenessProbe.timeoutSeconds=5',
      'backend.livenessProbe.periodSeconds=15',
      'backend.livenessProbe.failureThreshold=4',
      'backend.readinessProbe.initialDelaySeconds=3',
      'backend.readinessProbe.timeoutSeconds=2',
      'backend.readinessProbe.periodSeconds=2',
      'backend.readinessProbe.failureThreshold=6',
      'frontend.livenessProbe.initialDelaySeconds=45',
      'frontend.livenessProbe.timeoutSeconds=4',
      'frontend.livenessProbe.failureThreshold=5',
      'frontend.livenessProbe.periodSeconds=20',
      'frontend.readinessProbe.initialDelaySeconds=1',
      'frontend.readinessProbe.periodSeconds=3',
      'frontend.readinessProbe.timeoutSeconds=2',
      'frontend.readinessProbe.failureThreshold=10',
      'backend.service.port=9000',
      'secrets.name=todo-credentials',
      'backend.logLevel=debug',
      'backend.tokenTtlSeconds=2592000',
      'backend.shutdownDelaySeconds=12',
      'backend.cohereModel=command-r7b-12-2024',
    ],
    values: { backend: { corsOrigins: ['https://a.example.com', 'https://b.example.com'] } },
  },
  {
    name: 'common labels and annotations, pull secrets',
    values: {
      commonLabels: { team: 'chat', 'cost-center': 'c42' },
      commonAnnotations: { 'example.com/owner': 'platform' },
      imagePullSecrets: [{ name: 'regcred' }, { name: 'backup-cred' }],
    },
  },
  {
    name: 'pod placement and metadata',
    values: {
      backend: {
        podAnnotations: { 'prometheus.io/scrape': 'true' },
        podLabels: { tier: 'api' },
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'chat', effect: 'NoSchedule' }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
              ],
            },
          },
        },
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { app: 'backend' } },
          },
        ],
        priorityClassName: 'high-priority',
        extraEnv: [
          { name: 'FEATURE_X', value: 'on' },
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        ],
        service: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } },
      },
      frontend: {
        podAnnotations: { 'sidecar.istio.io/inject': 'false' },
        podLabels: { tier: 'web' },
        nodeSelector: { pool: 'web' },
        tolerations: [{ key: 'spot', operator: 'Exists' }],
        affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
        topologySpreadConstraints: [
          { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' },
        ],
        priorityClassName: 'web',
        extraEnv: [{ name: 'NEXT_PUBLIC_X', value: '1' }],
        service: { annotations: { 'example.com/lb': 'internal' } },
      },
    },
  },
];
