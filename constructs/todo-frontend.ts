import { Construct } from 'constructs';
import { EnvVar, KubeIngress } from '../imports/k8s';
import {
  AutoscalingOptions,
  DisruptionBudgetOptions,
  PodOptions,
  ProbeTimingOptions,
  ProbedDeployment,
  PullPolicy,
  ResourceRequirementsSpec,
  ServiceOptions,
} from './probed-deployment';
import { TodoBackend } from './todo-backend';
import { checkLater, dnsSubdomain } from './validation';
import { WorkloadIdentity } from './workload-identity';
import { WorkloadLabels } from './workload-labels';
import { WorkloadNetworkPolicy } from './workload-network-policy';

/** The port the frontend image listens on. */
export const FRONTEND_PORT = 3000;

/** The frontend's probe timings from the deployment specification (GET /). */
export const FRONTEND_PROBES = {
  liveness: { initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3 },
  readiness: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 3 },
} as const;

export interface FrontendIngressOptions {
  /** Ingress name. */
  readonly name: string;
  readonly className: string;
  readonly host: string;
  /** @default - none */
  readonly annotations?: Record<string, string>;
  /** @default - no TLS */
  readonly tls?: { secretName?: string; hosts?: string[] }[];
}

export interface FrontendNetworkPolicyOptions {
  /** Namespace of the ingress controller allowed in. @default - any source (NodePort access) */
  readonly ingressControllerNamespace?: string;
}

export interface TodoFrontendProps {
  /** Name of the Deployment, Service and the rest, e.g. todo-app-frontend. */
  readonly name: string;
  readonly labels: WorkloadLabels;
  /** The API the frontend proxies /api and /mcp to. */
  readonly backend: TodoBackend;
  readonly image: string;
  /** @default 'IfNotPresent' */
  readonly imagePullPolicy?: PullPolicy;
  /** @default 1, unless an HPA owns the count */
  readonly replicas?: number;
  /** @default requests 100m/128Mi, limits 500m/512Mi */
  readonly resources?: ResourceRequirementsSpec;
  /** @default NodePort on 3000 */
  readonly service?: ServiceOptions;
  /** GET /. @default initialDelay 30 s, period 10 s, failureThreshold 3 */
  readonly livenessProbe?: ProbeTimingOptions;
  /** GET /. @default initialDelay 10 s, period 5 s, failureThreshold 3 */
  readonly readinessProbe?: ProbeTimingOptions;
  /** @default - no HPA */
  readonly autoscaling?: AutoscalingOptions;
  /** @default - none */
  readonly disruptionBudget?: DisruptionBudgetOptions;
  /** The ServiceAccount the pods run as. @default 'default' */
  readonly serviceAccountName?: string;
  /** Create that ServiceAccount. @default - it exists already */
  readonly serviceAccount?: { readonly annotations?: Record<string, string> };
  /** @default - no Ingress */
  readonly ingress?: FrontendIngressOptions;
  /** A default-deny NetworkPolicy: in from the ingress controller, out to DNS and the backend. @default - none */
  readonly networkPolicy?: FrontendNetworkPolicyOptions;
  /** @default - none */
  readonly pod?: PodOptions;
  /** Appended to the container's environment. @default - none */
  readonly extraEnv?: EnvVar[];
}

/**
 * The Next.js chat UI. Browsers talk only to it (through the Ingress on `/`);
 * it proxies /api and /mcp to the backend Service inside the cluster.
 */
export class TodoFrontend extends Construct {
  public readonly workload: ProbedDeployment;
  public readonly identity?: WorkloadIdentity;
  public readonly ingress?: KubeIngress;
  public readonly networkPolicy?: WorkloadNetworkPolicy;

  constructor(scope: Construct, id: string, props: TodoFrontendProps) {
    super(scope, id);
    const serviceAccountName = props.serviceAccountName ?? 'default';
    if (props.serviceAccount) {
      this.identity = new WorkloadIdentity(this, 'Identity', {
        name: serviceAccountName,
        labels: props.labels,
        serviceAccount: props.serviceAccount,
      });
    }

    this.workload = new ProbedDeployment(this, 'Workload', {
      name: props.name,
      labels: props.labels,
      image: props.image,
      imagePullPolicy: props.imagePullPolicy,
      port: FRONTEND_PORT,
      replicas: props.replicas,
      resources: props.resources,
      liveness: {
        path: '/',
        ...(props.livenessProbe ?? FRONTEND_PROBES.liveness),
      },
      readiness: {
        path: '/',
        ...(props.readinessProbe ?? FRONTEND_PROBES.readiness),
      },
      env: {
        NODE_ENV: 'production',
        PORT: String(FRONTEND_PORT),
        // Kubernetes sets HOSTNAME to the pod name; Next.js would bind to it instead of all interfaces.
        HOSTNAME: '0.0.0.0',
        BACKEND_URL: props.backend.url,
        NEXT_TELEMETRY_DISABLED: '1',
      },
      extraEnv: props.extraEnv,
      service: { type: 'NodePort', port: FRONTEND_PORT, ...props.service },
      serviceAccountName,
      writablePaths: { tmp: '/tmp', 'next-cache': '/app/.next/cache' },
      autoscaling: props.autoscaling,
      disruptionBudget: props.disruptionBudget,
      pod: props.pod,
    });
    props.backend.allowFrom(this.workload.labels);

    const policy = props.networkPolicy;
    if (policy) {
      this.networkPolicy = new WorkloadNetworkPolicy(this, 'NetworkPolicy', this.workload)
        .allowFromNamespace(policy.ingressControllerNamespace)
        .allowDns()
        .allowToWorkload(props.backend.workload);
    }

    if (props.ingress) this.ingress = this.createIngress(props.ingress);
  }

  /** Opens the frontend's port to pods with these labels (when its NetworkPolicy is on). */
  public allowFrom(labels: WorkloadLabels): void {
    this.networkPolicy?.allowFromPods(labels);
  }

  private createIngress(options: FrontendIngressOptions): KubeIngress {
    checkLater(this, () => [dnsSubdomain('ingress.host', options.host)]);
    return new KubeIngress(this, 'Ingress', {
      metadata: { name: options.name, labels: this.workload.labels.all, annotations: options.annotations },
      spec: {
        ingressClassName: options.className,
        tls: options.tls,
        rules: [
          {
            host: options.host,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: {
                    service: { name: this.workload.serviceName, port: { number: this.workload.servicePort } },
                  },
                },
              ],
            },
          },
        ],
      },
    });
  }
}
