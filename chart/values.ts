/**
 * The chart's values: the one typed source for values.yaml, values.schema.json,
 * the README parameters table, and the defaults the TypeScript synthesis uses.
 */
import {
  block,
  boolean,
  defaultsOf,
  group,
  integer,
  oneOf,
  optionalInteger,
  string,
  ValuesOf,
} from './values-dsl';

const PULL_POLICIES = ['IfNotPresent', 'Always', 'Never'] as const;
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** RFC 1123 DNS subdomain: what Kubernetes accepts as a Secret name. */
const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** A DNS hostname as Ingress rules accept it (lower case, dots, no scheme, no port). */
const HOSTNAME = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** An object name, or empty for the generated default. */
const OPTIONAL_NAME = '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** A container image repository (registry/path, lower case) without tag. */
const IMAGE_REPOSITORY = '^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$';
const IMAGE_TAG = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$';

/** A Kubernetes quantity such as 100m, 0.5, 128Mi or 1G. */
const QUANTITY = {
  description: 'a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi',
  oneOf: [
    { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$' },
    { type: 'number', minimum: 0 },
  ],
};
const RESOURCE_LIST = { type: 'object', additionalProperties: QUANTITY };
const RESOURCES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { requests: RESOURCE_LIST, limits: RESOURCE_LIST },
};

export interface ResourceList {
  [resource: string]: string | number;
}
export interface Resources {
  requests?: ResourceList;
  limits?: ResourceList;
}
export interface IngressTls {
  secretName?: string;
  hosts?: string[];
}

function image(repository: string) {
  return group('Container image', {
    repository: string({
      default: repository,
      pattern: IMAGE_REPOSITORY,
      patternHelp: 'an image repository such as todo-backend or registry.example.com/team/todo-backend',
      description: 'Image repository',
    }),
    tag: string({
      default: 'latest',
      pattern: IMAGE_TAG,
      patternHelp: 'a Docker tag: letters, digits, _, . and -',
      description: 'Image tag',
    }),
    pullPolicy: oneOf({
      default: 'IfNotPresent',
      values: PULL_POLICIES,
      description: 'Image pull policy (IfNotPresent suits images loaded into minikube)',
    }),
  });
}

function probe(what: string, initialDelaySeconds: number, periodSeconds: number) {
  return group(`${what} probe timings`, {
    initialDelaySeconds: integer({
      default: initialDelaySeconds,
      minimum: 0,
      maximum: 3600,
      description: 'Seconds before the first probe',
    }),
    periodSeconds: integer({
      default: periodSeconds,
      minimum: 1,
      maximum: 3600,
      description: 'Seconds between probes',
    }),
    timeoutSeconds: integer({
      default: 3,
      minimum: 1,
      maximum: 600,
      description: 'Seconds before a probe times out',
    }),
    failureThreshold: integer({
      default: 3,
      minimum: 1,
      maximum: 100,
      description: 'Consecutive failures before acting',
    }),
  });
}

function autoscaling(component: string) {
  return group(`Horizontal Pod Autoscaler for the ${component} (autoscaling/v2)`, {
    enabled: boolean({
      default: false,
      description: `Create an HPA for the ${component}; replicaCount is then left to the HPA`,
    }),
    minReplicas: integer({ default: 1, minimum: 1, maximum: 100, description: 'Lowest replica count' }),
    maxReplicas: integer({ default: 3, minimum: 1, maximum: 100, description: 'Highest replica count' }),
    targetCPUUtilizationPercentage: integer({
      default: 80,
      minimum: 1,
      maximum: 100,
      description: 'Average CPU utilization to aim for, in percent of requests',
    }),
  });
}

function resources() {
  return block<Resources>({
    default: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    schema: RESOURCES_SCHEMA,
    description: 'Container resource requests and limits',
  });
}

function replicaCount(component: string) {
  return integer({
    default: 1,
    minimum: 0,
    maximum: 100,
    description: `Number of ${component} pods (ignored when autoscaling is enabled)`,
  });
}

function servicePort(port: number) {
  return integer({ default: port, minimum: 1, maximum: 65535, description: 'Service port' });
}

export const valuesModel = group('Todo AI Chatbot', {
  nameOverride: string({
    default: '',
    pattern: OPTIONAL_NAME,
    maxLength: 63,
    patternHelp: 'empty or a DNS label',
    description: 'Replaces the chart name in resource names',
  }),
  fullnameOverride: string({
    default: '',
    pattern: OPTIONAL_NAME,
    maxLength: 63,
    patternHelp: 'empty or a DNS label',
    description: 'Replaces the generated release-based name prefix entirely',
  }),

  secrets: group(
    'The externally managed Secret holding COHERE_API_KEY, DATABASE_URL and JWT_SECRET (never rendered by the chart)',
    {
      name: string({
        default: 'app-secrets',
        minLength: 1,
        maxLength: 253,
        pattern: DNS_SUBDOMAIN,
        patternHelp: 'a Secret name (lower case letters, digits, - and .)',
        description: 'Name of the existing Secret',
      }),
    },
  ),

  serviceAccount: group('Service accounts for the workloads', {
    create: boolean({ default: true, description: 'Create a ServiceAccount per workload' }),
    name: string({
      default: '',
      pattern: OPTIONAL_NAME,
      maxLength: 63,
      patternHelp: 'empty or a DNS label',
      description: 'Backend ServiceAccount name (empty: <fullname>-backend when created, else default)',
    }),
  }),

  rbac: group('RBAC for the backend', {
    create: boolean({
      default: true,
      description:
        'Create a least-privilege Role (read the app Secret only) and RoleBinding for the backend ServiceAccount',
    }),
  }),

  backend: group('Backend: Fastify API, chat agent and MCP server', {
    replicaCount: replicaCount('backend'),
    image: image('todo-backend'),
    resources: resources(),
    service: group('Backend Service (ClusterIP)', { port: servicePort(8000) }),
    livenessProbe: probe('Liveness (GET /health)', 30, 10),
    readinessProbe: probe('Readiness (GET /ready)', 10, 5),
    autoscaling: autoscaling('backend'),
    logLevel: oneOf({ default: 'info', values: LOG_LEVELS, description: 'Log level (LOG_LEVEL)' }),
  }),

  frontend: group('Frontend: Next.js chat UI', {
    replicaCount: replicaCount('frontend'),
    image: image('todo-frontend'),
    resources: resources(),
    service: group('Frontend Service', {
      type: oneOf({ default: 'NodePort', values: SERVICE_TYPES, description: 'Service type' }),
      port: servicePort(3000),
      nodePort: optionalInteger({
        default: null,
        minimum: 30000,
        maximum: 32767,
        description: 'Fixed node port when type is NodePort (null: assigned by Kubernetes)',
      }),
    }),
    livenessProbe: probe('Liveness (GET /)', 30, 10),
    readinessProbe: probe('Readiness (GET /)', 10, 5),
    autoscaling: autoscaling('frontend'),
  }),

  ingress: group('Ingress to the frontend', {
    enabled: boolean({ default: true, description: 'Create the Ingress' }),
    className: string({
      default: 'nginx',
      minLength: 1,
      pattern: DNS_SUBDOMAIN,
      patternHelp: 'an IngressClass name',
      description: 'IngressClass name',
    }),
    host: string({
      default: 'todo-app.local',
      minLength: 1,
      maxLength: 253,
      pattern: HOSTNAME,
      patternHelp: 'a DNS host name such as todo-app.local (no scheme, no port)',
      description: 'Host name the Ingress answers',
    }),
    annotations: block<Record<string, string>>({
      default: {},
      schema: { type: 'object', additionalProperties: { type: 'string' } },
      description: 'Extra Ingress annotations',
    }),
    tls: block<IngressTls[]>({
      default: [],
      schema: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: { secretName: { type: 'string' }, hosts: { type: 'array', items: { type: 'string' } } },
        },
      },
      description: 'Ingress TLS entries ({secretName, hosts})',
    }),
  }),

  networkPolicy: group('NetworkPolicies: default deny, then only the flows the app needs', {
    enabled: boolean({ default: true, description: 'Create a NetworkPolicy per workload' }),
    ingressControllerNamespace: string({
      default: 'ingress-nginx',
      minLength: 1,
      maxLength: 63,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      patternHelp: 'a namespace name',
      description: 'Namespace of the ingress controller allowed to reach the frontend',
    }),
    allowExternal: boolean({
      default: false,
      description:
        'Let any source reach the frontend port (needed for NodePort access where policies are enforced)',
    }),
  }),

  podDisruptionBudget: group('PodDisruptionBudgets (maxUnavailable 1, so a drain is never blocked)', {
    enabled: boolean({ default: true, description: 'Create a PodDisruptionBudget per workload' }),
  }),
});

export type TodoAppValues = ValuesOf<typeof valuesModel>;

/** The default values, freshly copied. */
export function defaultValues(): TodoAppValues {
  return defaultsOf(valuesModel);
}
