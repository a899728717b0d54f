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
  DEFAULT_PROBE_TIMEOUT_SECONDS,
  DEFAULT_RESOURCES,
  FRONTEND_PORT,
  FRONTEND_PROBES,
  IN_FLIGHT_ALLOWANCE_SECONDS,
  PROBE_TIMING_RANGES,
  ProbeTimingOptions,
  PULL_POLICIES,
  SELECTOR_LABEL_KEYS,
  SERVICE_TYPES,
} from '../constructs';
import { Affinity, EnvVar, Toleration, TopologySpreadConstraint } from '../imports/k8s';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

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

function workload(component: string) {
  return {
    replicaCount: integer(`Number of ${component} pods; ignored when autoscaling is enabled`, 1, 0, 100),
    image: image(`todo-${component}`, component),
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
    commonLabels: stringMap('Labels added to every object'),
    commonAnnotations: stringMap('Annotations added to every object'),
    imagePullSecrets: Type.Array(
      Type.Object({ name: Type.String({ pattern: DNS_SUBDOMAIN }) }, { additionalProperties: false }),
      {
        default: [],
        description: 'Secrets for pulling from a private registry, as a list of {name}',
      },
    ),

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
      livenessProbe: probe('Liveness (GET /health)', BACKEND_PROBES.liveness),
      readinessProbe: probe('Readiness (GET /ready)', BACKEND_PROBES.readiness),
      autoscaling: autoscaling('backend'),
      logLevel: oneOf(LOG_LEVELS, {
        default: BACKEND_DEFAULTS.logLevel,
        description: 'Log level (LOG_LEVEL)',
      }),
      tokenTtlSeconds: integer(
        'Lifetime of a sign-in token in seconds (TOKEN_TTL_SECONDS)',
        BACKEND_DEFAULTS.tokenTtlSeconds,
        60,
        31536000,
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
      livenessProbe: probe('Liveness (GET /)', FRONTEND_PROBES.liveness),
      readinessProbe: probe('Readiness (GET /)', FRONTEND_PROBES.readiness),
      autoscaling: autoscaling('frontend'),
      ...podSettings('frontend'),
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
      allowExternal: Type.Boolean({
        default: false,
        description:
          'Let any source reach the frontend port, for NodePort access where policies are enforced',
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
