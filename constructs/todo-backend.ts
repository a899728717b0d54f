import { Construct } from 'constructs';
import {
  AutoscalingOptions,
  ProbedDeployment,
  PullPolicy,
  ResourceRequirementsSpec,
} from './probed-deployment';
import { SecureSecretRef } from './secure-secret-ref';
import { ConfigurationError } from './validation';
import { WorkloadIdentity } from './workload-identity';
import { WorkloadLabels } from './workload-labels';
import { WorkloadNetworkPolicy } from './workload-network-policy';

/** The port the backend image listens on. */
export const BACKEND_PORT = 8000;
/** Keys the backend reads from its Secret. */
export const BACKEND_SECRET_KEYS = ['COHERE_API_KEY', 'DATABASE_URL', 'JWT_SECRET'] as const;

export interface ProbeTimings {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  /** @default 3 */
  readonly timeoutSeconds?: number;
  readonly failureThreshold: number;
}

export interface TodoBackendProps {
  /** Name of the Deployment, Service and the rest, e.g. todo-app-backend. */
  readonly name: string;
  readonly labels: WorkloadLabels;
  /** The Secret holding COHERE_API_KEY, DATABASE_URL and JWT_SECRET. */
  readonly secrets: SecureSecretRef;
  /** @default 'todo-backend:latest' */
  readonly image?: string;
  /** @default 'IfNotPresent' */
  readonly imagePullPolicy?: PullPolicy;
  /** @default 1 */
  readonly replicas?: number;
  /** @default requests 100m/128Mi, limits 500m/512Mi */
  readonly resources?: ResourceRequirementsSpec;
  /** @default 8000 */
  readonly servicePort?: number;
  /** GET /health. @default initialDelay 30 s, period 10 s, failureThreshold 3 */
  readonly livenessProbe?: ProbeTimings;
  /** GET /ready (answers 503 while the database is unreachable). @default initialDelay 10 s, period 5 s, failureThreshold 3 */
  readonly readinessProbe?: ProbeTimings;
  /** @default - no HPA */
  readonly autoscaling?: AutoscalingOptions;
  /** @default true */
  readonly disruptionBudget?: boolean;
  /** ServiceAccount name. @default - the backend's name */
  readonly serviceAccountName?: string;
  /** Create the ServiceAccount. @default true */
  readonly createServiceAccount?: boolean;
  /** Create the Role (read its own Secret, nothing else) and RoleBinding. @default true */
  readonly createRbac?: boolean;
  /** @default 'info' */
  readonly logLevel?: string;
  /** Restrict traffic with a NetworkPolicy: in from allowed workloads only; out to DNS, PostgreSQL (5432) and HTTPS (443). @default true */
  readonly networkPolicy?: boolean;
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
    if (missing.length > 0) {
      throw new ConfigurationError(
        'backend.secrets',
        `the Secret reference lacks ${missing.join(', ')}`,
        BACKEND_SECRET_KEYS.join(', '),
      );
    }

    this.identity = new WorkloadIdentity(this, 'Identity', {
      name: props.serviceAccountName ?? props.name,
      labels: props.labels,
      createServiceAccount: props.createServiceAccount,
      rules:
        (props.createRbac ?? true)
          ? [
              {
                apiGroups: [''],
                resources: ['secrets'],
                resourceNames: [props.secrets.secretName],
                verbs: ['get'],
              },
            ]
          : [],
    });

    this.workload = new ProbedDeployment(this, 'Workload', {
      name: props.name,
      labels: props.labels,
      image: props.image ?? 'todo-backend:latest',
      imagePullPolicy: props.imagePullPolicy,
      port: BACKEND_PORT,
      replicas: props.replicas,
      resources: props.resources,
      liveness: {
        path: '/health',
        ...(props.livenessProbe ?? { initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3 }),
      },
      readiness: {
        path: '/ready',
        ...(props.readinessProbe ?? { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 3 }),
      },
      env: {
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        PORT: String(BACKEND_PORT),
        LOG_LEVEL: props.logLevel ?? 'info',
        // The embedded database (used when DATABASE_URL is empty) lives on the writable /tmp volume.
        DATA_DIR: '/tmp/data',
      },
      secrets: [props.secrets],
      service: { type: 'ClusterIP', port: props.servicePort ?? BACKEND_PORT },
      serviceAccountName: this.identity.serviceAccountName,
      autoscaling: props.autoscaling,
      disruptionBudget: props.disruptionBudget,
    });

    if (props.networkPolicy ?? true) {
      this.networkPolicy = new WorkloadNetworkPolicy(this, 'NetworkPolicy', this.workload)
        .allowDns()
        .allowToAnyAddress([5432, 443]);
    }
  }

  /** The in-cluster URL of the API. */
  public get url(): string {
    return this.workload.url;
  }

  /** Opens the backend's port to another workload (when its NetworkPolicy is on). */
  public allowFrom(peer: ProbedDeployment): void {
    this.networkPolicy?.allowFromWorkload(peer);
  }
}
