import { Construct } from 'constructs';
import { DEFAULTS, JWT_SECRET_MIN_LENGTH, TOKEN_TTL_RANGE } from '../apps/backend/src/config';
import { EnvVar, NetworkPolicyEgressRule, NetworkPolicyIngressRule, Volume } from '../imports/k8s';
import {
  AutoscalingOptions,
  DeploymentStrategyOptions,
  DisruptionBudgetOptions,
  ExtraPort,
  HttpProbeOptions,
  passThroughProps,
  PodOptions,
  ProbeTimingOptions,
  ProbedDeployment,
  PullPolicy,
  ResourceRequirementsSpec,
  WorkloadPassThroughProps,
} from './probed-deployment';
import { SecretKey, SecureSecretRef } from './secure-secret-ref';
import { checkLater, integerInRange, problem } from './validation';
import { WorkloadIdentity } from './workload-identity';
import { WorkloadLabels } from './workload-labels';
import { WorkloadNetworkPolicy } from './workload-network-policy';

/** The port the backend listens on. */
export const BACKEND_PORT = DEFAULTS.port;

/** The keys the backend reads from its Secret, and what each holds. */
export const BACKEND_SECRETS = {
  COHERE_API_KEY: {
    optional: true,
    description: 'Cohere API key; without it the backend uses its built-in agent',
  },
  DATABASE_URL: {
    optional: true,
    description: 'PostgreSQL URL (e.g. Neon); without it the backend uses its embedded database',
  },
  JWT_SECRET: {
    optional: false,
    description: `Secret that signs user tokens (at least ${JWT_SECRET_MIN_LENGTH} characters)`,
  },
} as const satisfies Record<string, SecretKey>;

export type BackendSecretKey = keyof typeof BACKEND_SECRETS;
export const BACKEND_SECRET_KEYS = Object.keys(BACKEND_SECRETS) as BackendSecretKey[];

/** Where the backend keeps its embedded database. */
export const BACKEND_DATA_DIR = '/data';

/** Seconds a backend pod gets after its drain delay for requests in flight (a chat turn waiting on Cohere). */
export const IN_FLIGHT_ALLOWANCE_SECONDS = 30;

/**
 * The backend's probes: timings from the deployment specification; the startup probe
 * (off unless asked for) gives a slow first start 30 × 5 s before liveness counts.
 */
export const BACKEND_PROBES = {
  liveness: {
    path: '/health',
    port: 'http',
    initialDelaySeconds: 30,
    periodSeconds: 10,
    failureThreshold: 3,
  },
  readiness: { path: '/ready', port: 'http', initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 3 },
  startup: { path: '/health', port: 'http', initialDelaySeconds: 0, periodSeconds: 5, failureThreshold: 30 },
} as const satisfies Record<string, HttpProbeOptions>;

/** The name of the backend's metrics port (container and Service). */
export const METRICS_PORT_NAME = 'metrics';

/** The backend's Prometheus endpoint: METRICS_PORT in its environment, and the port on container and Service. */
export interface BackendMetricsOptions {
  readonly env: EnvVar;
  readonly port: ExtraPort;
}

/**
 * The metrics endpoint on a port, as data: an app that decides at install time
 * whether metrics are on guards the whole of it (`h.ifThen`).
 */
export function backendMetrics(port: number): BackendMetricsOptions {
  return {
    env: { name: 'METRICS_PORT', value: String(port) },
    port: { name: METRICS_PORT_NAME, containerPort: port, protocol: 'TCP' },
  };
}

/** What the backend does when a setting is not given: the backend's own defaults. */
export const BACKEND_DEFAULTS = {
  logLevel: DEFAULTS.logLevel,
  tokenTtlSeconds: DEFAULTS.tokenTtlSeconds,
  shutdownDelaySeconds: DEFAULTS.shutdownDelayMs / 1000,
} as const;

/** The sign-in token lifetimes the backend accepts (its TOKEN_TTL_RANGE), in seconds. */
export const BACKEND_TOKEN_TTL_RANGE = TOKEN_TTL_RANGE;

/** What the backend process reads from its environment besides the Secret. */
export interface BackendSettings {
  /** @default BACKEND_DEFAULTS.logLevel */
  readonly logLevel?: string;
  /** Lifetime of a sign-in token. @default BACKEND_DEFAULTS.tokenTtlSeconds (7 days) */
  readonly tokenTtlSeconds?: number;
  /** Origins allowed to call the API from a browser, comma-separated. @default '' (none) */
  readonly corsOrigins?: string;
  /** Cohere model; empty for the backend's default. @default '' */
  readonly cohereModel?: string;
}

/** How a backend pod stops: it keeps serving for the drain delay, then finishes requests in flight. */
export interface ShutdownOptions {
  /** SHUTDOWN_DELAY_MS: how long to keep serving (readiness 503) before closing. */
  readonly drainDelayMs: number;
  /** At least the drain delay plus IN_FLIGHT_ALLOWANCE_SECONDS. */
  readonly terminationGracePeriodSeconds: number;
}

export interface BackendNetworkPolicyOptions {
  /** Port the backend may reach PostgreSQL on, in or outside the cluster. @default 5432 */
  readonly databasePort?: number;
  /** Further rules, added as they are. @default - none */
  readonly extraIngress?: NetworkPolicyIngressRule[];
  /** @default - none */
  readonly extraEgress?: NetworkPolicyEgressRule[];
}

export interface TodoBackendProps extends WorkloadPassThroughProps {
  /** Name of the Deployment, Service and the rest, e.g. todo-app-backend. */
  readonly name: string;
  readonly labels: WorkloadLabels;
  /** The Secret holding the BACKEND_SECRETS keys. */
  readonly secrets: SecureSecretRef;
  readonly image: string;
  /** @default 'IfNotPresent' */
  readonly imagePullPolicy?: PullPolicy;
  /** @default 1, unless an HPA owns the count */
  readonly replicas?: number;
  /** @default RollingUpdate (surge 1, unavailable 0); Recreate while a ReadWriteOnce claim holds the data */
  readonly strategy?: DeploymentStrategyOptions;
  /** @default requests 100m/128Mi, limits 500m/512Mi */
  readonly resources?: ResourceRequirementsSpec;
  /** @default port 8000, no annotations */
  readonly service?: { readonly port?: number; readonly annotations?: Record<string, string> };
  /** GET /health. @default BACKEND_PROBES.liveness (none when only customProbes.liveness is given) */
  readonly livenessProbe?: ProbeTimingOptions & Partial<HttpProbeOptions>;
  /** GET /ready (503 while the database is unreachable). @default BACKEND_PROBES.readiness (as liveness) */
  readonly readinessProbe?: ProbeTimingOptions & Partial<HttpProbeOptions>;
  /** GET /health until the first success. @default - none */
  readonly startupProbe?: ProbeTimingOptions & Partial<HttpProbeOptions>;
  /** Serve Prometheus metrics (see backendMetrics). @default - none */
  readonly metrics?: BackendMetricsOptions;
  /** @default - no HPA */
  readonly autoscaling?: AutoscalingOptions;
  /** @default - none */
  readonly disruptionBudget?: DisruptionBudgetOptions;
  /** The ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
  /** Create that ServiceAccount. @default - it exists already */
  readonly serviceAccount?: { readonly annotations?: Record<string, string> };
  /** A Role that reads the app Secret and nothing else, bound to the ServiceAccount. @default - none */
  readonly role?: { readonly name: string };
  readonly settings?: BackendSettings;
  /** @default drain BACKEND_DEFAULTS.shutdownDelaySeconds, plus IN_FLIGHT_ALLOWANCE_SECONDS of grace */
  readonly shutdown?: ShutdownOptions;
  /** Where DATA_DIR lives. @default an emptyDir (data is lost with the pod) */
  readonly dataVolume?: Omit<Volume, 'name'>;
  /** A default-deny NetworkPolicy: in from allowed workloads only; out to DNS, PostgreSQL and HTTPS. @default - none */
  readonly networkPolicy?: BackendNetworkPolicyOptions;
  /** @default - none */
  readonly pod?: PodOptions;
  /** Appended to the container's environment. @default - none */
  readonly extraEnv?: EnvVar[];
}

/**
 * The Todo AI Chatbot API: Fastify with the chat agent and the MCP server,
 * reachable inside the cluster through a ClusterIP Service on port 8000.
 */
export class TodoBackend extends Construct {
  public readonly workload: ProbedDeployment;
  public readonly identity: WorkloadIdentity;
  public readonly networkPolicy?: WorkloadNetworkPolicy;

  constructor(scope: Construct, id: string, props: TodoBackendProps) {
    super(scope, id);
    const missing = BACKEND_SECRET_KEYS.filter((key) => !(key in props.secrets.keys));
    if (missing.length > 0)
      throw new Error(`${this.node.path}: the Secret reference lacks ${missing.join(', ')}`);
    const settings = props.settings ?? {};
    const delay = BACKEND_DEFAULTS.shutdownDelaySeconds;
    const shutdown = props.shutdown ?? {
      drainDelayMs: delay * 1000,
      terminationGracePeriodSeconds: delay + IN_FLIGHT_ALLOWANCE_SECONDS,
    };
    checkLater(this, () => [
      integerInRange(
        'backend.tokenTtlSeconds',
        settings.tokenTtlSeconds,
        BACKEND_TOKEN_TTL_RANGE.min,
        BACKEND_TOKEN_TTL_RANGE.max,
      ),
      shutdown.terminationGracePeriodSeconds * 1000 <
      shutdown.drainDelayMs + IN_FLIGHT_ALLOWANCE_SECONDS * 1000
        ? problem(
            'backend.terminationGracePeriodSeconds',
            `${shutdown.terminationGracePeriodSeconds} leaves no time for requests in flight ` +
              `after a ${shutdown.drainDelayMs} ms drain`,
            `at least the drain delay plus ${IN_FLIGHT_ALLOWANCE_SECONDS} s`,
          )
        : undefined,
    ]);

    this.identity = new WorkloadIdentity(this, 'Identity', {
      name: props.serviceAccountName,
      labels: props.labels,
      serviceAccount: props.serviceAccount,
      role: props.role && {
        name: props.role.name,
        rules: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            resourceNames: [props.secrets.secretName],
            verbs: ['get'],
          },
        ],
      },
    });

    this.workload = new ProbedDeployment(this, 'Workload', {
      name: props.name,
      labels: props.labels,
      image: props.image,
      imagePullPolicy: props.imagePullPolicy,
      port: BACKEND_PORT,
      replicas: props.replicas,
      strategy: props.strategy,
      resources: props.resources,
      ...passThroughProps(props),
      liveness: httpProbe(props.livenessProbe, BACKEND_PROBES.liveness, props.customProbes?.liveness),
      readiness: httpProbe(props.readinessProbe, BACKEND_PROBES.readiness, props.customProbes?.readiness),
      startup: props.startupProbe && { ...BACKEND_PROBES.startup, ...props.startupProbe },
      extraPorts: props.metrics && [props.metrics.port],
      env: {
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        PORT: String(BACKEND_PORT),
        LOG_LEVEL: settings.logLevel ?? BACKEND_DEFAULTS.logLevel,
        DATA_DIR: BACKEND_DATA_DIR,
        TOKEN_TTL_SECONDS: String(settings.tokenTtlSeconds ?? BACKEND_DEFAULTS.tokenTtlSeconds),
        SHUTDOWN_DELAY_MS: String(shutdown.drainDelayMs),
        CORS_ORIGINS: settings.corsOrigins ?? '',
        COHERE_MODEL: settings.cohereModel ?? '',
        // Requests come through the frontend (and the ingress controller), in-cluster hops with private
        // addresses that forward the client's: per-client sign-in limits then see users, not the frontend.
        TRUST_PROXY: 'loopback,linklocal,uniquelocal',
      },
      extraEnv: [...(props.metrics ? [props.metrics.env] : []), ...(props.extraEnv ?? [])],
      secrets: [props.secrets],
      service: {
        type: 'ClusterIP',
        port: props.service?.port ?? BACKEND_PORT,
        annotations: props.service?.annotations,
      },
      serviceAccountName: props.serviceAccountName,
      volumes: { data: { mountPath: BACKEND_DATA_DIR, source: props.dataVolume ?? { emptyDir: {} } } },
      autoscaling: props.autoscaling,
      disruptionBudget: props.disruptionBudget,
      pod: { ...props.pod, terminationGracePeriodSeconds: shutdown.terminationGracePeriodSeconds },
    });

    const policy = props.networkPolicy;
    if (policy) {
      this.networkPolicy = new WorkloadNetworkPolicy(this, 'NetworkPolicy', this.workload)
        .allowDns()
        .allowToAnyAddress([policy.databasePort ?? 5432, 443])
        .addRules(policy.extraIngress, policy.extraEgress);
    }
  }

  /** The in-cluster URL of the API. */
  public get url(): string {
    return this.workload.url;
  }

  /** Opens the backend's port to pods with these labels (when its NetworkPolicy is on). */
  public allowFrom(labels: WorkloadLabels): void {
    this.networkPolicy?.allowFromPods(labels);
  }
}

/**
 * An HTTP probe: the given options over the defaults; none when only a custom
 * probe replaces it. Given options carry path and port too when they may be left
 * out at install time, so every field of the probe comes and goes with them.
 */
export function httpProbe(
  given: (ProbeTimingOptions & Partial<HttpProbeOptions>) | undefined,
  defaults: HttpProbeOptions,
  custom: object | undefined,
): HttpProbeOptions | undefined {
  if (given) return { ...defaults, ...given };
  return custom ? undefined : defaults;
}
