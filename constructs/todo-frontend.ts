import { Construct } from 'constructs';
import {
  EnvVar,
  KubeIngress,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
} from '../imports/k8s';
import {
  AutoscalingOptions,
  DeploymentStrategyOptions,
  DisruptionBudgetOptions,
  HttpProbeOptions,
  passThroughProps,
  PodOptions,
  ProbeTimingOptions,
  ProbedDeployment,
  PullPolicy,
  ResourceRequirementsSpec,
  ServiceOptions,
  WorkloadPassThroughProps,
} from './probed-deployment';
import { httpProbe, TodoBackend } from './todo-backend';
import { checkLater, dnsSubdomain } from './validation';
import { WorkloadIdentity } from './workload-identity';
import { WorkloadLabels } from './workload-labels';
import { WorkloadNetworkPolicy } from './workload-network-policy';

/** The port the frontend image listens on. */
export const FRONTEND_PORT = 3000;

/** The frontend's probes (GET /): timings from the deployment specification; startup off unless asked for. */
export const FRONTEND_PROBES = {
  liveness: { path: '/', port: 'http', initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3 },
  readiness: { path: '/', port: 'http', initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 3 },
  startup: { path: '/', port: 'http', initialDelaySeconds: 0, periodSeconds: 5, failureThreshold: 30 },
} as const satisfies Record<string, HttpProbeOptions>;

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
  /**
   * Who may reach the frontend's port: the ingress controller's pods, e.g. a namespaceSelector
   * (and podSelector). @default - any source (NodePort access)
   */
  readonly ingressController?: NetworkPolicyPeer;
  /** Further rules, added as they are. @default - none */
  readonly extraIngress?: NetworkPolicyIngressRule[];
  /** @default - none */
  readonly extraEgress?: NetworkPolicyEgressRule[];
}

export interface TodoFrontendProps extends WorkloadPassThroughProps {
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
  /** @default RollingUpdate with maxSurge 1 and maxUnavailable 0 */
  readonly strategy?: DeploymentStrategyOptions;
  /** @default requests 100m/128Mi, limits 500m/512Mi */
  readonly resources?: ResourceRequirementsSpec;
  /** @default NodePort on 3000 */
  readonly service?: ServiceOptions;
  /** GET /. @default FRONTEND_PROBES.liveness (none when only customProbes.liveness is given) */
  readonly livenessProbe?: ProbeTimingOptions & Partial<HttpProbeOptions>;
  /** GET /. @default FRONTEND_PROBES.readiness (as liveness) */
  readonly readinessProbe?: ProbeTimingOptions & Partial<HttpProbeOptions>;
  /** GET / until the first success. @default - none */
  readonly startupProbe?: ProbeTimingOptions & Partial<HttpProbeOptions>;
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
      strategy: props.strategy,
      resources: props.resources,
      ...passThroughProps(props),
      liveness: httpProbe(props.livenessProbe, FRONTEND_PROBES.liveness, props.customProbes?.liveness),
      readiness: httpProbe(props.readinessProbe, FRONTEND_PROBES.readiness, props.customProbes?.readiness),
      startup: props.startupProbe && { ...FRONTEND_PROBES.startup, ...props.startupProbe },
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
        .allowFromPeer(policy.ingressController)
        .allowDns()
        .allowToWorkload(props.backend.workload)
        .addRules(policy.extraIngress, policy.extraEgress);
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
