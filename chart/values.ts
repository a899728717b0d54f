/**
 * The chart's values, declared once: their TypeScript type, defaults,
 * values.yaml, values.schema.json and the README parameters table all come
 * from this TypeBox schema. Names follow `helm create` and Bitnami charts.
 */
import { Static, TProperties, Type } from '@sinclair/typebox';
import {
  BACKEND_DEFAULTS,
  BACKEND_PORT,
  BACKEND_PROBES,
  BACKEND_SECRETS,
  BACKEND_TOKEN_TTL_RANGE,
  DEFAULT_PROBE_TIMEOUT_SECONDS,
  DEFAULT_RESOURCES,
  FRONTEND_PORT,
  FRONTEND_PROBES,
  IN_FLIGHT_ALLOWANCE_SECONDS,
  PROBE_TIMING_RANGES,
  RESTRICTED_SECURITY_CONTEXTS,
  ProbeTimingOptions,
  PULL_POLICIES,
  SELECTOR_LABEL_KEYS,
  SERVICE_TYPES,
} from '../constructs';
import {
  Affinity,
  Container,
  EnvVar,
  HostAlias,
  Lifecycle,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  Probe,
  SeLinuxOptions,
  Sysctl,
  Toleration,
  TopologySpreadConstraint,
  Volume,
  VolumeMount,
} from '../imports/k8s';
import { IMAGES } from './metadata';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export const OPENSHIFT_MODES = ['auto', 'force', 'disabled'] as const;
/** Where the backend serves metrics when they are on (OpenTelemetry's Prometheus exporter port). */
export const DEFAULT_METRICS_PORT = 9464;

/** RFC 1123 DNS subdomain: Secret, IngressClass and PriorityClass names. */
const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** A DNS host name as Ingress rules take it (no scheme, no port). */
const HOSTNAME = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** A registry host with an optional port and path, e.g. ghcr.io/team or 127.0.0.1:5000. */
const REGISTRY = '^$|^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$';
const IMAGE_REPOSITORY = '^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$';
const IMAGE_TAG = '^$|^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$';
const IMAGE_DIGEST = '^$|^sha256:[a-f0-9]{64}$';
const QUANTITY = '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$';

/** A group of values: closed, so a misspelt key is an error rather than ignored. */
function group<P extends TProperties>(description: string, properties: P) {
  return Type.Object(properties, { description, additionalProperties: false });
}

function pattern(
  regex: string,
  allowed: string,
  options: { default: string; description: string; maxLength?: number; minLength?: number },
) {
  return Type.String({ pattern: regex, 'x-allowed': allowed, ...options });
}

/** One of a fixed set of strings, as a JSON Schema `enum`. */
function oneOf<T extends string>(
  values: readonly T[],
  options: { default: NoInfer<T>; description: string },
) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}

function integer(description: string, defaultValue: number, minimum: number, maximum: number) {
  return Type.Integer({ description, default: defaultValue, minimum, maximum });
}

function stringMap(description: string, extra: Record<string, unknown> = {}) {
  return Type.Record(Type.String(), Type.String(), { description, default: {}, ...extra });
}

/** A Kubernetes object passed through as it is (affinity, tolerations…): Kubernetes checks its fields. */
function kubernetesObject<T>(description: string) {
  return Type.Unsafe<T>(Type.Object({}, { description, default: {}, additionalProperties: true }));
}

function kubernetesList<T>(description: string) {
  return Type.Unsafe<T[]>(
    Type.Array(Type.Object({}, { additionalProperties: true }), { description, default: [] }),
  );
}

const quantity = Type.Union([Type.String({ pattern: QUANTITY }), Type.Number({ minimum: 0 })], {
  'x-allowed': 'a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi',
});
const resourceList = Type.Record(Type.String(), quantity);

function resources() {
  return Type.Object(
    { requests: Type.Optional(resourceList), limits: Type.Optional(resourceList) },
    {
      description: 'Container resource requests and limits',
      additionalProperties: false,
      default: structuredClone(DEFAULT_RESOURCES),
    },
  );
}

function image(repository: string, component: string) {
  return group(`Container image of the ${component}`, {
    repository: pattern(
      IMAGE_REPOSITORY,
      `an image repository such as ${repository} or ghcr.io/team/${repository}`,
      {
        default: repository,
        description: 'Image repository (global.imageRegistry, when set, goes in front)',
      },
    ),
    tag: pattern(IMAGE_TAG, 'empty, or a tag: letters, digits, _, . and -', {
      default: '',
      description: 'Image tag; empty means the chart appVersion',
    }),
    digest: pattern(IMAGE_DIGEST, 'empty, or sha256: and 64 hex digits', {
      default: '',
      description: 'Image digest; when set the image is pulled by digest (repository@digest)',
    }),
    pullPolicy: oneOf(PULL_POLICIES, {
      default: 'IfNotPresent',
      description: 'Image pull policy; IfNotPresent suits images loaded into minikube',
    }),
  });
}

function probeTiming(description: string, defaultValue: number, timing: keyof ProbeTimingOptions) {
  const [minimum, maximum] = PROBE_TIMING_RANGES[timing];
  return integer(description, defaultValue, minimum, maximum);
}

function probe(what: string, defaults: ProbeTimingOptions) {
  return group(`${what} probe timings`, {
    initialDelaySeconds: probeTiming(
      'Seconds before the first probe',
      defaults.initialDelaySeconds,
      'initialDelaySeconds',
    ),
    periodSeconds: probeTiming('Seconds between probes', defaults.periodSeconds, 'periodSeconds'),
    timeoutSeconds: probeTiming(
      'Seconds before a probe times out',
      defaults.timeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_SECONDS,
      'timeoutSeconds',
    ),
    failureThreshold: probeTiming(
      'Consecutive failures before acting',
      defaults.failureThreshold,
      'failureThreshold',
    ),
  });
}

function startupProbe(what: string, defaults: ProbeTimingOptions) {
  return group(`${what} startup probe: liveness and readiness wait until it succeeds once`, {
    enabled: Type.Boolean({ default: false, description: 'Add the startup probe' }),
    ...probe(what, defaults).properties,
  });
}

function customProbe(kind: string, component: string) {
  return kubernetesObject<Probe>(
    `A ${kind} probe in Kubernetes' form (any action), used instead of the ${component}'s own; ` +
      'the timings above then do not apply',
  );
}

const UID = (description: string) =>
  Type.Integer({ description, default: 1000, minimum: 0, maximum: 2147483647 });
const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost', 'Unconfined'] as const;

function seccompProfile() {
  return group('Seccomp profile; Unconfined is below the restricted Pod Security Standard', {
    type: oneOf(SECCOMP_TYPES, { default: 'RuntimeDefault', description: 'Profile type' }),
    localhostProfile: Type.String({
      default: '',
      description: 'Profile file on the node, with type Localhost',
      maxLength: 253,
    }),
  });
}

/** The pod's security context, under Bitnami's names; the defaults are the restricted Pod Security Standard. */
function podSecurityContext(component: string) {
  const restricted = RESTRICTED_SECURITY_CONTEXTS.pod;
  return group(`Security context of the ${component} pods`, {
    enabled: Type.Boolean({ default: true, description: 'Set the pod security context' }),
    runAsUser: UID('UID of the pod processes (removed on OpenShift, which assigns one)'),
    runAsGroup: UID('GID of the pod processes (removed on OpenShift)'),
    fsGroup: UID('Group that owns the volumes (removed on OpenShift)'),
    fsGroupChangePolicy: Type.Unsafe<'' | 'Always' | 'OnRootMismatch'>({
      type: 'string',
      enum: ['', 'Always', 'OnRootMismatch'],
      'x-allowed': 'empty, Always or OnRootMismatch',
      default: '',
      description: "When volume ownership is changed; empty for Kubernetes' default (Always)",
    }),
    runAsNonRoot: Type.Boolean({ default: restricted.runAsNonRoot, description: 'Refuse to run as root' }),
    supplementalGroups: Type.Array(Type.Integer({ minimum: 0, maximum: 2147483647 }), {
      default: [],
      description: 'Further groups of the pod processes',
    }),
    sysctls: kubernetesList<Sysctl>('Namespaced sysctls, as a list of {name, value}'),
    seccompProfile: seccompProfile(),
  });
}

function containerSecurityContext(component: string) {
  const restricted = RESTRICTED_SECURITY_CONTEXTS.container;
  return group(`Security context of the ${component} container`, {
    enabled: Type.Boolean({ default: true, description: 'Set the container security context' }),
    runAsUser: UID('UID of the container (removed on OpenShift)'),
    runAsGroup: UID('GID of the container (removed on OpenShift)'),
    runAsNonRoot: Type.Boolean({ default: restricted.runAsNonRoot, description: 'Refuse to run as root' }),
    privileged: Type.Boolean({ default: restricted.privileged, description: 'Run privileged' }),
    allowPrivilegeEscalation: Type.Boolean({
      default: restricted.allowPrivilegeEscalation,
      description: 'Let a process gain more privileges than its parent',
    }),
    readOnlyRootFilesystem: Type.Boolean({
      default: restricted.readOnlyRootFilesystem,
      description: 'Mount the root filesystem read-only (writable volumes are mounted where needed)',
    }),
    capabilities: group('Linux capabilities', {
      drop: Type.Array(Type.String({ pattern: '^[A-Z_]+$' }), {
        default: [...(restricted.capabilities?.drop ?? [])],
        description: 'Capabilities dropped; the restricted profile needs ALL',
      }),
      add: Type.Array(Type.String({ pattern: '^[A-Z_]+$' }), {
        default: [],
        description: 'Capabilities added back (any is below the restricted profile, as this chart checks it)',
      }),
    }),
    seccompProfile: seccompProfile(),
    seLinuxOptions: kubernetesObject<SeLinuxOptions>('SELinux options (user, role, type, level)'),
  });
}

const CONFIG_NAME = (what: string) =>
  pattern(`^$|${DNS_SUBDOMAIN}`, `empty, or a ${what} name`, {
    default: '',
    description: `Name of a ${what} whose keys all become environment variables of the container`,
    maxLength: 253,
  });

/** Bitnami's extension points: what a platform team adds without forking the chart. */
function extensionPoints(component: string) {
  return {
    command: Type.Array(Type.String(), {
      default: [],
      description: `Replaces the ${component} image's entrypoint; empty keeps it`,
    }),
    args: Type.Array(Type.String(), {
      default: [],
      description: `Replaces the ${component} image's arguments; empty keeps them`,
    }),
    lifecycleHooks: kubernetesObject<Lifecycle>(`postStart and preStop hooks of the ${component} container`),
    extraEnvVarsCM: CONFIG_NAME('ConfigMap'),
    extraEnvVarsSecret: CONFIG_NAME('Secret'),
    extraVolumes: Type.Unsafe<Volume[]>(
      Type.Array(
        Type.Object(
          { name: Type.String({ pattern: DNS_LABEL }) },
          {
            additionalProperties: true,
            // hostPath is below the restricted Pod Security Standard in any case.
            not: { required: ['hostPath'] },
          },
        ),
        {
          default: [],
          description: `Volumes added to the ${component} pods (Kubernetes Volume objects, no hostPath)`,
        },
      ),
    ),
    extraVolumeMounts: kubernetesList<VolumeMount>(`Mounts added to the ${component} container`),
    initContainers: kubernetesList<Container>(
      `Containers run before the ${component} container; give each a restricted securityContext`,
    ),
    sidecars: kubernetesList<Container>(
      `Containers beside the ${component} container; give each a restricted securityContext`,
    ),
    hostAliases: kubernetesList<HostAlias>(`/etc/hosts entries of the ${component} pods, as {ip, hostnames}`),
    automountServiceAccountToken: Type.Boolean({
      default: false,
      description: `Mount a Kubernetes API token into the ${component} pods (the app needs none)`,
    }),
    podSecurityContext: podSecurityContext(component),
    containerSecurityContext: containerSecurityContext(component),
  };
}

const INT_OR_PERCENT = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]+%$' })], {
  'x-allowed': 'a count or a percentage such as 25%',
});

function updateStrategy(component: string, defaultType: '' | 'RollingUpdate', chosen: string) {
  return group(`How the ${component} Deployment replaces its pods`, {
    type: Type.Unsafe<'' | 'RollingUpdate' | 'Recreate'>({
      type: 'string',
      enum: ['', 'RollingUpdate', 'Recreate'],
      'x-allowed': 'empty, RollingUpdate or Recreate',
      default: defaultType,
      description: `RollingUpdate or Recreate; empty: ${chosen}`,
    }),
    rollingUpdate: Type.Object(
      { maxSurge: Type.Optional(INT_OR_PERCENT), maxUnavailable: Type.Optional(INT_OR_PERCENT) },
      {
        additionalProperties: false,
        default: { maxSurge: 1, maxUnavailable: 0 },
        description: 'With RollingUpdate: pods added above and missing below the count during a rollout',
      },
    ),
  });
}

function autoscaling(component: string) {
  return group(`Horizontal Pod Autoscaler of the ${component} (autoscaling/v2; needs metrics-server)`, {
    enabled: Type.Boolean({
      default: false,
      description: `Create an HPA for the ${component}; it then owns the replica count`,
    }),
    minReplicas: integer('Lowest replica count', 1, 1, 100),
    maxReplicas: integer('Highest replica count', 3, 1, 100),
    targetCPUUtilizationPercentage: integer(
      'Average CPU use to aim for, in percent of the request',
      80,
      1,
      100,
    ),
  });
}

/** Where and how the pods of one workload run: the knobs every `helm create` chart has. */
function podSettings(component: string) {
  return {
    podAnnotations: stringMap(`Annotations for the ${component} pods (a service mesh, a scraper)`),
    podLabels: stringMap(`Extra labels for the ${component} pods; never used in selectors`, {
      propertyNames: { not: { enum: [...SELECTOR_LABEL_KEYS] } },
    }),
    nodeSelector: stringMap(`Node labels the ${component} pods must match`),
    tolerations: kubernetesList<Toleration>(`Tolerations of the ${component} pods`),
    affinity: kubernetesObject<Affinity>(`Affinity rules of the ${component} pods`),
    topologySpreadConstraints: kubernetesList<TopologySpreadConstraint>(
      `Topology spread constraints of the ${component} pods`,
    ),
    priorityClassName: pattern(`^$|${DNS_SUBDOMAIN}`, 'empty, or a PriorityClass name', {
      default: '',
      description: `PriorityClass of the ${component} pods; empty for the cluster default`,
      maxLength: 253,
    }),
    extraEnv: Type.Unsafe<EnvVar[]>(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
            value: Type.Optional(Type.String()),
            valueFrom: Type.Optional(Type.Object({}, { additionalProperties: true })),
          },
          { additionalProperties: false },
        ),
        {
          default: [],
          description: `Environment variables appended to the ${component} container (Kubernetes EnvVar objects)`,
        },
      ),
    ),
  };
}

function workload(component: keyof typeof IMAGES) {
  return {
    replicaCount: integer(`Number of ${component} pods; ignored when autoscaling is enabled`, 1, 0, 100),
    image: image(IMAGES[component], component),
    resources: resources(),
  };
}

const serviceAnnotations = (component: string) => stringMap(`Annotations of the ${component} Service`);

export const valuesSchema = Type.Object(
  {
    global: Type.Object(
      {
        imageRegistry: pattern(
          REGISTRY,
          'empty, or a registry host with optional port and path such as ghcr.io/team',
          {
            default: '',
            description: 'Registry put in front of both images; shared with subcharts of an umbrella chart',
          },
        ),
        compatibility: group('Adapting to particular platforms (as Bitnami charts do)', {
          openshift: group('OpenShift', {
            adaptSecurityContext: oneOf(OPENSHIFT_MODES, {
              default: 'auto',
              description:
                'Remove runAsUser, runAsGroup and fsGroup so OpenShift can assign its own: force, disabled, ' +
                'or auto (when the cluster serves security.openshift.io/v1)',
            }),
          }),
        }),
      },
      { description: 'Values shared with every chart of an umbrella chart', additionalProperties: true },
    ),
    nameOverride: pattern(`^$|${DNS_LABEL}`, 'empty, or a DNS label', {
      default: '',
      description: 'Replaces the chart name in object names',
      maxLength: 63,
    }),
    fullnameOverride: pattern(`^$|${DNS_LABEL}`, 'empty, or a DNS label', {
      default: '',
      description: 'Replaces the release-based prefix of object names entirely',
      maxLength: 63,
    }),
    namespaceOverride: pattern(`^$|${DNS_LABEL}`, 'empty, or a namespace name', {
      default: '',
      description: 'Namespace of every object instead of the release namespace',
      maxLength: 63,
    }),
    commonLabels: stringMap('Labels added to every object'),
    commonAnnotations: stringMap('Annotations added to every object'),
    imagePullSecrets: Type.Array(
      Type.Object({ name: Type.String({ pattern: DNS_SUBDOMAIN }) }, { additionalProperties: false }),
      {
        default: [],
        description: 'Secrets for pulling from a private registry, as a list of {name}',
      },
    ),

    security: group('Deliberate exceptions to the platform policy', {
      allowBelowRestricted: Type.Boolean({
        default: false,
        description:
          'Let podSecurityContext or containerSecurityContext values fall below the restricted Pod Security ' +
          'Standard (or drop the read-only root filesystem); without it such values refuse to render',
      }),
    }),

    extraDeploy: kubernetesList<Record<string, unknown>>(
      'Extra objects rendered with the release, each through tpl: strings may use ' +
        '{{ .Release.Name }}, {{ .Release.Namespace }}, {{ .Values.* }} and {{ include "todo-app.fullname" . }}',
    ),

    metrics: group('Prometheus metrics of the backend', {
      enabled: Type.Boolean({
        default: false,
        description:
          'Serve GET /metrics on a port of its own (METRICS_PORT), on the container and the Service',
      }),
      port: integer('Port of the metrics endpoint', DEFAULT_METRICS_PORT, 1024, 65535),
      serviceMonitor: group(
        'A Prometheus Operator ServiceMonitor (only when the cluster serves monitoring.coreos.com/v1)',
        {
          enabled: Type.Boolean({ default: false, description: 'Create the ServiceMonitor' }),
          namespace: pattern(`^$|${DNS_LABEL}`, 'empty, or a namespace name', {
            default: '',
            description: "Namespace of the ServiceMonitor; empty for the release's",
            maxLength: 63,
          }),
          interval: pattern('^$|^([0-9]+(ms|s|m|h))+$', 'empty, or a duration such as 30s or 1m', {
            default: '30s',
            description: "How often Prometheus scrapes; empty for Prometheus' default",
          }),
          labels: stringMap('Labels of the ServiceMonitor, e.g. the release label a Prometheus selects'),
        },
      ),
      prometheusRule: group(
        'Alerts as a PrometheusRule (only when the cluster serves monitoring.coreos.com/v1)',
        {
          enabled: Type.Boolean({
            default: false,
            description:
              'Create the rules: no backend pod ready for 5 minutes; more than 5% of responses 5xx',
          }),
          namespace: pattern(`^$|${DNS_LABEL}`, 'empty, or a namespace name', {
            default: '',
            description: "Namespace of the PrometheusRule; empty for the release's",
            maxLength: 63,
          }),
          labels: stringMap('Labels of the PrometheusRule, e.g. the release label a Prometheus selects'),
        },
      ),
    }),

    secrets: group('The Secret the backend reads its credentials from; the chart never creates it', {
      name: pattern(DNS_SUBDOMAIN, 'a Secret name: lower case letters, digits, - and .', {
        default: 'app-secrets',
        description: `Name of the existing Secret with ${Object.keys(BACKEND_SECRETS).join(', ')}`,
        minLength: 1,
        maxLength: 253,
      }),
    }),

    serviceAccount: group('Service accounts of the workloads', {
      create: Type.Boolean({ default: true, description: 'Create a ServiceAccount per workload' }),
      name: pattern(`^$|${DNS_LABEL}`, 'empty, or a DNS label', {
        default: '',
        description: 'Backend ServiceAccount name; empty means <fullname>-backend when created, else default',
        maxLength: 63,
      }),
      annotations: stringMap('Annotations of the ServiceAccounts, e.g. for workload identity'),
    }),

    rbac: group('RBAC of the backend', {
      create: Type.Boolean({
        default: true,
        description: 'Create a Role that can read the app Secret only, bound to the backend',
      }),
    }),

    database: group('Where the backend keeps its data', {
      external: Type.Boolean({
        default: false,
        description:
          'Use the PostgreSQL at DATABASE_URL (then required in the Secret); ' +
          'false keeps data in an embedded database on the persistent volume',
      }),
    }),

    persistence: group('Volume of the embedded database (used when database.external is false)', {
      enabled: Type.Boolean({
        default: true,
        description:
          'Keep the embedded database on a PersistentVolumeClaim; false uses an emptyDir and loses data with the pod',
      }),
      size: pattern(QUANTITY, 'a storage quantity such as 1Gi', {
        default: '1Gi',
        description: 'Size of the claim',
      }),
      storageClass: pattern(`^$|${DNS_SUBDOMAIN}`, 'empty, or a StorageClass name', {
        default: '',
        description: 'StorageClass of the claim; empty uses the cluster default',
        maxLength: 253,
      }),
    }),

    backend: group('Backend: Fastify API, chat agent and MCP server', {
      ...workload('backend'),
      service: group('Backend Service (ClusterIP)', {
        port: integer('Service port', BACKEND_PORT, 1, 65535),
        annotations: serviceAnnotations('backend'),
      }),
      livenessProbe: probe(`Liveness (GET ${BACKEND_PROBES.liveness.path})`, BACKEND_PROBES.liveness),
      readinessProbe: probe(`Readiness (GET ${BACKEND_PROBES.readiness.path})`, BACKEND_PROBES.readiness),
      startupProbe: startupProbe(`Startup (GET ${BACKEND_PROBES.startup.path})`, BACKEND_PROBES.startup),
      customLivenessProbe: customProbe('liveness', 'backend'),
      customReadinessProbe: customProbe('readiness', 'backend'),
      customStartupProbe: customProbe('startup', 'backend'),
      updateStrategy: updateStrategy(
        'backend',
        '',
        'Recreate while the embedded database is on its claim (a ReadWriteOnce volume), else RollingUpdate',
      ),
      autoscaling: autoscaling('backend'),
      logLevel: oneOf(LOG_LEVELS, {
        default: BACKEND_DEFAULTS.logLevel,
        description: 'Log level (LOG_LEVEL)',
      }),
      tokenTtlSeconds: integer(
        'Lifetime of a sign-in token in seconds (TOKEN_TTL_SECONDS)',
        BACKEND_DEFAULTS.tokenTtlSeconds,
        BACKEND_TOKEN_TTL_RANGE.min,
        BACKEND_TOKEN_TTL_RANGE.max,
      ),
      shutdownDelaySeconds: integer(
        'On SIGTERM, seconds the backend keeps serving while endpoints are removed (SHUTDOWN_DELAY_MS); ' +
          `the pod gets ${IN_FLIGHT_ALLOWANCE_SECONDS} s more for requests in flight`,
        BACKEND_DEFAULTS.shutdownDelaySeconds,
        0,
        300,
      ),
      corsOrigins: Type.Array(Type.String({ pattern: '^https?://[^\\s,]+$' }), {
        default: [],
        description:
          'Origins allowed to call the API from a browser directly (CORS_ORIGINS); the UI needs none',
      }),
      cohereModel: pattern('^$|^[A-Za-z0-9][A-Za-z0-9._:-]*$', 'empty, or a Cohere model name', {
        default: '',
        description:
          'Cohere chat model with tool use (COHERE_MODEL), when COHERE_API_KEY is set; ' +
          "empty means the backend's default",
        maxLength: 100,
      }),
      ...podSettings('backend'),
      ...extensionPoints('backend'),
    }),

    frontend: group('Frontend: Next.js chat UI', {
      ...workload('frontend'),
      service: group('Frontend Service', {
        type: oneOf(SERVICE_TYPES, { default: 'NodePort', description: 'Service type' }),
        port: integer('Service port', FRONTEND_PORT, 1, 65535),
        nodePort: Type.Union([Type.Integer({ minimum: 30000, maximum: 32767 }), Type.Null()], {
          default: null,
          description: 'Fixed node port when the type is NodePort; null lets Kubernetes pick one',
          'x-allowed': 'an integer from 30000 to 32767, or null',
        }),
        annotations: serviceAnnotations('frontend'),
      }),
      livenessProbe: probe(`Liveness (GET ${FRONTEND_PROBES.liveness.path})`, FRONTEND_PROBES.liveness),
      readinessProbe: probe(`Readiness (GET ${FRONTEND_PROBES.readiness.path})`, FRONTEND_PROBES.readiness),
      startupProbe: startupProbe(`Startup (GET ${FRONTEND_PROBES.startup.path})`, FRONTEND_PROBES.startup),
      customLivenessProbe: customProbe('liveness', 'frontend'),
      customReadinessProbe: customProbe('readiness', 'frontend'),
      customStartupProbe: customProbe('startup', 'frontend'),
      updateStrategy: updateStrategy('frontend', 'RollingUpdate', 'RollingUpdate'),
      autoscaling: autoscaling('frontend'),
      ...podSettings('frontend'),
      ...extensionPoints('frontend'),
    }),

    ingress: group('Ingress to the frontend', {
      enabled: Type.Boolean({ default: true, description: 'Create the Ingress' }),
      className: pattern(DNS_SUBDOMAIN, 'an IngressClass name', {
        default: 'nginx',
        description: 'IngressClass name',
        minLength: 1,
      }),
      host: pattern(HOSTNAME, 'a DNS host name such as todo-app.local, without scheme or port', {
        default: 'todo-app.local',
        description: 'Host name the Ingress answers; two releases need two hosts',
        minLength: 1,
        maxLength: 253,
      }),
      annotations: stringMap('Annotations of the Ingress, e.g. cert-manager.io/cluster-issuer'),
      tls: Type.Array(
        Type.Object(
          {
            secretName: Type.Optional(Type.String({ pattern: DNS_SUBDOMAIN })),
            hosts: Type.Optional(Type.Array(Type.String({ pattern: HOSTNAME }))),
          },
          { additionalProperties: false },
        ),
        { default: [], description: 'TLS entries of the Ingress, as a list of {secretName, hosts}' },
      ),
    }),

    networkPolicy: group('NetworkPolicies: deny by default, then allow only the flows the app needs', {
      enabled: Type.Boolean({ default: true, description: 'Create a NetworkPolicy per workload' }),
      ingressControllerNamespace: pattern(DNS_LABEL, 'a namespace name', {
        default: 'ingress-nginx',
        description: 'Namespace of the ingress controller allowed to reach the frontend',
        minLength: 1,
        maxLength: 63,
      }),
      ingressNSMatchLabels: stringMap(
        "Further labels the ingress controller's namespace must have (with ingressControllerNamespace)",
      ),
      ingressNSPodMatchLabels: stringMap(
        "Labels of the ingress controller's pods; empty lets every pod of its namespace in",
      ),
      allowExternal: Type.Boolean({
        default: false,
        description:
          'Let any source reach the frontend port, for NodePort access where policies are enforced',
      }),
      allowExternalEgress: Type.Boolean({
        default: false,
        description: 'Let both workloads open connections to any address and port (off: only what they need)',
      }),
      extraIngress: kubernetesList<NetworkPolicyIngressRule>(
        "Ingress rules added to both workloads' policies (Kubernetes NetworkPolicyIngressRule objects)",
      ),
      extraEgress: kubernetesList<NetworkPolicyEgressRule>(
        "Egress rules added to both workloads' policies (Kubernetes NetworkPolicyEgressRule objects)",
      ),
      metrics: group('Who may scrape the backend metrics port, when metrics.enabled', {
        ingressNSMatchLabels: stringMap("Labels of the scraper's namespace; empty for any namespace"),
        ingressNSPodMatchLabels: stringMap("Labels of the scraper's pods; empty for any pod"),
      }),
      databasePort: integer(
        'Port the backend may reach PostgreSQL on, in or outside the cluster',
        5432,
        1,
        65535,
      ),
    }),

    podDisruptionBudget: group('PodDisruptionBudgets with maxUnavailable 1, so a drain is never blocked', {
      enabled: Type.Boolean({ default: true, description: 'Create a PodDisruptionBudget per workload' }),
    }),
  },
  { additionalProperties: false },
);

export type TodoAppValues = Static<typeof valuesSchema>;

export type WorkloadValues = TodoAppValues['backend'] | TodoAppValues['frontend'];
