import { Construct } from 'constructs';
import { KubeIngress } from '../imports/k8s';
import {
  AutoscalingOptions,
  ProbedDeployment,
  PullPolicy,
  ResourceRequirementsSpec,
  ServiceType,
} from './probed-deployment';
import { ProbeTimings, TodoBackend } from './todo-backend';
import { requireDnsSubdomain } from './validation';
import { WorkloadIdentity } from './workload-identity';
import { WorkloadLabels } from './workload-labels';
import { WorkloadNetworkPolicy } from './workload-network-policy';

/** The port the frontend image listens on. */
export const FRONTEND_PORT = 3000;

export interface FrontendIngressOptions {
  /** Ingress name. */
  readonly name: string;
  /** @default 'nginx' */
  readonly className?: string;
  /** @default 'todo-app.local' */
  readonly host?: string;
  /** @default - none */
  readonly annotations?: Record<string, string>;
  /** @default - no TLS */
  readonly tls?: { secretName?: string; hosts?: string[] }[];
}

export interface FrontendNetworkPolicyOptions {
  /** Namespace of the ingress controller allowed in. @default 'ingress-nginx' */
  readonly ingressControllerNamespace?: string;
  /** Allow any source in on the frontend port (NodePort access). @default false */
  readonly allowExternal?: boolean;
}

export interface TodoFrontendProps {
  /** Name of the Deployment, Service and the rest, e.g. todo-app-frontend. */
  readonly name: string;
  readonly labels: WorkloadLabels;
  /** The API the frontend proxies /api and /mcp to. */
  readonly backend: TodoBackend;
  /** @default 'todo-frontend:latest' */
  readonly image?: string;
  /** @default 'IfNotPresent' */
  readonly imagePullPolicy?: PullPolicy;
  /** @default 1 */
  readonly replicas?: number;
  /** @default requests 100m/128Mi, limits 500m/512Mi */
  readonly resources?: ResourceRequirementsSpec;
  /** @default 'NodePort' */
  readonly serviceType?: ServiceType;
  /** @default 3000 */
  readonly servicePort?: number;
  /** @default - assigned by Kubernetes */
  readonly nodePort?: number;
  /** GET /. @default initialDelay 30 s, period 10 s, failureThreshold 3 */
  readonly livenessProbe?: ProbeTimings;
  /** GET /. @default initialDelay 10 s, period 5 s, failureThreshold 3 */
  readonly readinessProbe?: ProbeTimings;
  /** @default - no HPA */
  readonly autoscaling?: AutoscalingOptions;
  /** @default true */
  readonly disruptionBudget?: boolean;
  /** Create the frontend's own ServiceAccount (else the pods use `default`). @default true */
  readonly createServiceAccount?: boolean;
  /** Name of the ServiceAccount it creates. @default - the frontend's name */
  readonly serviceAccountName?: string;
  /** @default - no Ingress */
  readonly ingress?: FrontendIngressOptions;
  /** @default - a policy letting only the ingress controller in */
  readonly networkPolicy?: FrontendNetworkPolicyOptions | false;
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
    const createServiceAccount = props.createServiceAccount ?? true;
    if (createServiceAccount) {
      this.identity = new WorkloadIdentity(this, 'Identity', {
        name: props.serviceAccountName ?? props.name,
        labels: props.labels,
      });
    }

    this.workload = new ProbedDeployment(this, 'Workload', {
      name: props.name,
      labels: props.labels,
      image: props.image ?? 'todo-frontend:latest',
      imagePullPolicy: props.imagePullPolicy,
      port: FRONTEND_PORT,
      replicas: props.replicas,
      resources: props.resources,
      liveness: {
        path: '/',
        ...(props.livenessProbe ?? { initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3 }),
      },
      readiness: {
        path: '/',
        ...(props.readinessProbe ?? { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 3 }),
      },
      env: {
        NODE_ENV: 'production',
        PORT: String(FRONTEND_PORT),
        // Kubernetes sets HOSTNAME to the pod name; Next.js would bind to it instead of all interfaces.
        HOSTNAME: '0.0.0.0',
        BACKEND_URL: props.backend.url,
      },
      service: {
        type: props.serviceType ?? 'NodePort',
        port: props.servicePort ?? FRONTEND_PORT,
        nodePort: props.nodePort,
      },
      serviceAccountName: this.identity?.serviceAccountName ?? 'default',
      writablePaths: { tmp: '/tmp', 'next-cache': '/app/.next/cache' },
      autoscaling: props.autoscaling,
      disruptionBudget: props.disruptionBudget,
    });
    props.backend.allowFrom(this.workload);

    if (props.networkPolicy !== false) {
      const options = props.networkPolicy ?? {};
      this.networkPolicy = new WorkloadNetworkPolicy(this, 'NetworkPolicy', this.workload);
      if (options.allowExternal) this.networkPolicy.allowFromAnywhere();
      else this.networkPolicy.allowFromNamespace(options.ingressControllerNamespace ?? 'ingress-nginx');
      this.networkPolicy.allowDns().allowToWorkload(props.backend.workload);
    }

    if (props.ingress) this.ingress = this.createIngress(props.ingress);
  }

  private createIngress(options: FrontendIngressOptions): KubeIngress {
    const host = options.host ?? 'todo-app.local';
    requireDnsSubdomain('ingress.host', host);
    const annotations = options.annotations ?? {};
    const tls = options.tls ?? [];
    return new KubeIngress(this, 'Ingress', {
      metadata: {
        name: options.name,
        labels: this.workload.labels.all,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: {
        ingressClassName: options.className ?? 'nginx',
        ...(tls.length > 0 ? { tls } : {}),
        rules: [
          {
            host,
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
