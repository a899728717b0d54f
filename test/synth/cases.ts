/** Value sets the chart and the TypeScript synthesis must agree on: together they change every value. */
export interface ValuesCase {
  readonly name: string;
  readonly sets?: string[];
  /** Applied with -f / --values before the sets. */
  readonly values?: Record<string, unknown>;
  readonly release?: string;
  /** API versions the cluster serves beyond Kubernetes' own (`helm template --api-versions`). */
  readonly apiVersions?: string[];
}

export const OPENSHIFT_API = 'security.openshift.io/v1';
export const PROMETHEUS_OPERATOR_API = 'monitoring.coreos.com/v1';

/** A restricted security context for containers the values add (init containers, sidecars). */
const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Security contexts changed everywhere while staying within the restricted profile. */
function restrictedContexts(uid: number, seccomp: Record<string, string>) {
  return {
    podSecurityContext: {
      runAsUser: uid,
      runAsGroup: uid + 1,
      fsGroup: uid + 2,
      fsGroupChangePolicy: 'OnRootMismatch',
      supplementalGroups: [uid + 3],
      sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }],
      seccompProfile: seccomp,
    },
    containerSecurityContext: {
      runAsUser: uid,
      runAsGroup: uid + 1,
      capabilities: { drop: ['ALL', 'NET_RAW'] },
      seccompProfile: seccomp,
      seLinuxOptions: { level: 's0:c123,c456' },
    },
  };
}

/** Bitnami's extension points for one workload. */
function extensionPoints(component: string) {
  return {
    command: ['node'],
    args: ['--enable-source-maps', 'dist/server.js'],
    lifecycleHooks: { preStop: { exec: { command: ['sleep', '1'] } } },
    extraEnvVarsCM: `${component}-settings`,
    extraEnvVarsSecret: `${component}-extra-secrets`,
    extraVolumes: [{ name: 'certs', configMap: { name: 'ca-bundle' } }],
    extraVolumeMounts: [{ name: 'certs', mountPath: '/etc/ssl/extra', readOnly: true }],
    initContainers: [
      {
        name: 'wait',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'true'],
        securityContext: RESTRICTED_CONTAINER,
      },
    ],
    sidecars: [
      {
        name: 'log-shipper',
        image: 'fluent/fluent-bit:3.0',
        securityContext: RESTRICTED_CONTAINER,
        resources: { limits: { cpu: '50m', memory: '64Mi' } },
      },
    ],
    hostAliases: [{ ip: '10.0.0.10', hostnames: [`${component}.internal`] }],
    automountServiceAccountToken: true,
  };
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
  {
    name: 'security contexts within the restricted profile',
    values: {
      backend: restrictedContexts(2000, { type: 'RuntimeDefault' }),
      frontend: restrictedContexts(3000, { type: 'Localhost', localhostProfile: 'profiles/todo.json' }),
    },
  },
  {
    name: 'OpenShift, auto: the cluster serves security.openshift.io',
    apiVersions: [OPENSHIFT_API],
  },
  { name: 'OpenShift, forced', sets: ['global.compatibility.openshift.adaptSecurityContext=force'] },
  {
    name: 'OpenShift, disabled although the cluster serves the API',
    sets: ['global.compatibility.openshift.adaptSecurityContext=disabled'],
    apiVersions: [OPENSHIFT_API],
  },
  {
    name: 'below the restricted profile, acknowledged',
    sets: [
      'security.allowBelowRestricted=true',
      'backend.podSecurityContext.runAsNonRoot=false',
      'backend.podSecurityContext.seccompProfile.type=Unconfined',
      'backend.containerSecurityContext.runAsNonRoot=false',
      'backend.containerSecurityContext.privileged=true',
      'backend.containerSecurityContext.allowPrivilegeEscalation=true',
      'backend.containerSecurityContext.readOnlyRootFilesystem=false',
      'backend.containerSecurityContext.seccompProfile.type=Unconfined',
      'frontend.podSecurityContext.runAsNonRoot=false',
      'frontend.containerSecurityContext.runAsNonRoot=false',
      'frontend.containerSecurityContext.privileged=true',
      'frontend.containerSecurityContext.allowPrivilegeEscalation=true',
      'frontend.containerSecurityContext.readOnlyRootFilesystem=false',
    ],
    values: {
      backend: { containerSecurityContext: { capabilities: { drop: [], add: ['NET_ADMIN'] } } },
      frontend: { containerSecurityContext: { capabilities: { add: ['SYS_PTRACE'] } } },
    },
  },
  {
    name: 'no security contexts at all, acknowledged',
    sets: [
      'security.allowBelowRestricted=true',
      'backend.podSecurityContext.enabled=false',
      'backend.containerSecurityContext.enabled=false',
      'frontend.podSecurityContext.enabled=false',
      'frontend.containerSecurityContext.enabled=false',
      'frontend.updateStrategy.type=Recreate',
    ],
  },
  {
    name: 'seccomp profiles from files',
    values: {
      backend: {
        podSecurityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/api.json' } },
        containerSecurityContext: {
          seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/api.json' },
        },
      },
    },
  },
  {
    name: 'extension points and update strategies',
    values: {
      backend: {
        ...extensionPoints('backend'),
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      },
      frontend: {
        ...extensionPoints('frontend'),
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: '10%' } },
      },
    },
  },
  {
    name: 'startup probes and custom probes',
    sets: [
      'backend.startupProbe.enabled=true',
      'backend.startupProbe.initialDelaySeconds=2',
      'backend.startupProbe.periodSeconds=3',
      'backend.startupProbe.timeoutSeconds=4',
      'backend.startupProbe.failureThreshold=40',
      'frontend.startupProbe.enabled=true',
      'frontend.startupProbe.initialDelaySeconds=1',
      'frontend.startupProbe.periodSeconds=2',
      'frontend.startupProbe.timeoutSeconds=2',
      'frontend.startupProbe.failureThreshold=60',
    ],
    values: {
      backend: {
        customLivenessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 20 },
        customReadinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 7 },
      },
      frontend: {
        customLivenessProbe: { tcpSocket: { port: 3000 } },
        customReadinessProbe: { httpGet: { path: '/', port: 'http' }, failureThreshold: 9 },
        customStartupProbe: { tcpSocket: { port: 'http' }, failureThreshold: 90 },
      },
    },
  },
  {
    name: 'a custom startup probe alone',
    values: {
      backend: { customStartupProbe: { httpGet: { path: '/health', port: 'http' }, failureThreshold: 50 } },
    },
  },
  {
    name: 'network policy extras and the ingress controller by labels',
    sets: ['networkPolicy.allowExternalEgress=true'],
    values: {
      networkPolicy: {
        ingressNSMatchLabels: { 'example.com/role': 'ingress' },
        ingressNSPodMatchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' },
        extraIngress: [
          { from: [{ podSelector: { matchLabels: { role: 'probe' } } }], ports: [{ port: 8000 }] },
        ],
        extraEgress: [
          { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ port: 6379, protocol: 'TCP' }] },
        ],
      },
    },
  },
  {
    name: 'metrics with the Prometheus Operator',
    apiVersions: [PROMETHEUS_OPERATOR_API],
    sets: [
      'metrics.enabled=true',
      'metrics.port=9100',
      'metrics.serviceMonitor.enabled=true',
      'metrics.serviceMonitor.namespace=monitoring',
      'metrics.serviceMonitor.interval=15s',
      'metrics.prometheusRule.enabled=true',
      'metrics.prometheusRule.namespace=monitoring',
    ],
    values: {
      metrics: {
        serviceMonitor: { labels: { release: 'kube-prometheus-stack' } },
        prometheusRule: { labels: { release: 'kube-prometheus-stack' } },
      },
      networkPolicy: {
        metrics: {
          ingressNSMatchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
          ingressNSPodMatchLabels: { 'app.kubernetes.io/name': 'prometheus' },
        },
      },
    },
  },
  {
    name: 'metrics where the cluster has no Prometheus Operator',
    sets: [
      'metrics.enabled=true',
      'metrics.serviceMonitor.enabled=true',
      'metrics.prometheusRule.enabled=true',
    ],
  },
  {
    name: 'extra objects through tpl, in another namespace',
    sets: ['namespaceOverride=apps'],
    values: {
      extraDeploy: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: '{{ include "todo-app.fullname" . }}-extra',
            labels: { release: '{{ .Release.Name }}' },
          },
          data: {
            namespace: '{{ .Release.Namespace }}',
            host: '{{ .Values.ingress.host | quote }}',
            plain: 'x',
          },
        },
      ],
    },
  },
];
