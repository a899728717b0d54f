import { Construct } from 'constructs';
import {
  Container,
  EnvVar,
  IntOrString,
  KubeDeployment,
  KubeHorizontalPodAutoscalerV2,
  KubePodDisruptionBudget,
  KubeService,
  Probe,
  Quantity,
} from '../imports/k8s';
import { isUnresolved } from '../chart/tokens';
import { SecureSecretRef } from './secure-secret-ref';
import { ConfigurationError, requireDnsLabel, requireIntegerInRange, requireOneOf } from './validation';
import { WorkloadLabels } from './workload-labels';

export const PULL_POLICIES = ['IfNotPresent', 'Always', 'Never'] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];
export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** An HTTP GET probe against the container's port. */
export interface HttpProbeOptions {
  readonly path: string;
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  /** @default 3 */
  readonly timeoutSeconds?: number;
  readonly failureThreshold: number;
}

/** Requests and limits as Kubernetes quantities, e.g. `{ cpu: '100m', memory: '128Mi' }`. */
export interface ResourceRequirementsSpec {
  readonly requests?: Record<string, string | number>;
  readonly limits?: Record<string, string | number>;
}

export interface AutoscalingOptions {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilization to aim for, in percent of the CPU request. */
  readonly targetCPUUtilizationPercentage: number;
}

export interface ServiceOptions {
  /** @default 'ClusterIP' */
  readonly type?: ServiceType;
  /** Port the Service listens on. @default - the container port */
  readonly port?: number;
  /** Fixed node port (only with type NodePort). @default - assigned by Kubernetes */
  readonly nodePort?: number;
}

export interface ProbedDeploymentProps {
  /** Name of the Deployment and its Service, HPA and PodDisruptionBudget. */
  readonly name: string;
  readonly labels: WorkloadLabels;
  /** Image reference, `repository:tag`. */
  readonly image: string;
  /** @default 'IfNotPresent' (images loaded into a local cluster break with Always) */
  readonly imagePullPolicy?: PullPolicy;
  /** @default - the component label */
  readonly containerName?: string;
  /** The port the container serves HTTP on; named `http`. */
  readonly port: number;
  /** Ignored when `autoscaling` is set (the HPA owns the count). @default 1 */
  readonly replicas?: number;
  /** @default requests 100m/128Mi, limits 500m/512Mi */
  readonly resources?: ResourceRequirementsSpec;
  readonly liveness: HttpProbeOptions;
  readonly readiness: HttpProbeOptions;
  /** For slow starters: liveness waits until this succeeds. @default - none */
  readonly startup?: HttpProbeOptions;
  /** Plain environment variables. @default - none */
  readonly env?: Record<string, string>;
  /** External Secrets whose keys become environment variables. @default - none */
  readonly secrets?: SecureSecretRef[];
  /** @default - a ClusterIP Service on the container port */
  readonly service?: ServiceOptions;
  /** @default 'default' */
  readonly serviceAccountName?: string;
  /** Mount an API token into the pod; off unless the app calls the Kubernetes API. @default false */
  readonly automountServiceAccountToken?: boolean;
  /** Writable directories under the read-only root filesystem, volume name → mount path. @default { tmp: '/tmp' } */
  readonly writablePaths?: Record<string, string>;
  /** Create a HorizontalPodAutoscaler. @default - none */
  readonly autoscaling?: AutoscalingOptions;
  /** Create a PodDisruptionBudget with maxUnavailable 1 (never blocks a drain). @default true */
  readonly disruptionBudget?: boolean;
  /** UID and GID the container runs as. @default 1000 */
  readonly runAsUser?: number;
}

export const DEFAULT_RESOURCES: ResourceRequirementsSpec = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '512Mi' },
};

/**
 * One container behind a Service, hardened and observable by default: liveness
 * and readiness probes, requests and limits, the restricted Pod Security
 * Standard (non-root, no privilege escalation, no capabilities, RuntimeDefault
 * seccomp) and a read-only root filesystem with emptyDirs where it must write.
 */
export class ProbedDeployment extends Construct {
  public readonly name: string;
  public readonly labels: WorkloadLabels;
  public readonly port: number;
  public readonly deployment: KubeDeployment;
  public readonly service: KubeService;
  public readonly serviceName: string;
  public readonly servicePort: number;
  public readonly autoscaler?: KubeHorizontalPodAutoscalerV2;
  public readonly disruptionBudget?: KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: ProbedDeploymentProps) {
    super(scope, id);
    validate(props);
    this.name = props.name;
    this.labels = props.labels;
    this.port = props.port;
    this.serviceName = props.name;
    this.servicePort = props.service?.port ?? props.port;

    const metadata = { name: props.name, labels: props.labels.all };
    const uid = props.runAsUser ?? 1000;
    const writablePaths = props.writablePaths ?? { tmp: '/tmp' };

    this.deployment = new KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        ...(props.autoscaling ? {} : { replicas: props.replicas ?? 1 }),
        selector: { matchLabels: props.labels.selector },
        // Surge before removing the old pod, so a rollout never drops capacity.
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: IntOrString.fromNumber(1), maxUnavailable: IntOrString.fromNumber(0) },
        },
        template: {
          metadata: { labels: props.labels.all },
          spec: {
            serviceAccountName: props.serviceAccountName ?? 'default',
            automountServiceAccountToken: props.automountServiceAccountToken ?? false,
            enableServiceLinks: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: uid,
              runAsGroup: uid,
              fsGroup: uid,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [this.container(props, uid, writablePaths)],
            volumes: Object.keys(writablePaths).map((volume) => ({ name: volume, emptyDir: {} })),
          },
        },
      },
    });

    this.service = new KubeService(this, 'Service', {
      metadata,
      spec: {
        type: props.service?.type ?? 'ClusterIP',
        selector: props.labels.selector,
        ports: [
          {
            name: 'http',
            port: this.servicePort,
            targetPort: IntOrString.fromString('http'),
            protocol: 'TCP',
            ...(props.service?.type === 'NodePort' && props.service.nodePort !== undefined
              ? { nodePort: props.service.nodePort }
              : {}),
          },
        ],
      },
    });

    if (props.autoscaling) {
      this.autoscaler = new KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.name },
          minReplicas: props.autoscaling.minReplicas,
          maxReplicas: props.autoscaling.maxReplicas,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: {
                  type: 'Utilization',
                  averageUtilization: props.autoscaling.targetCPUUtilizationPercentage,
                },
              },
            },
          ],
        },
      });
    }

    if (props.disruptionBudget ?? true) {
      this.disruptionBudget = new KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata,
        spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: props.labels.selector } },
      });
    }
  }

  /** The in-cluster URL of the Service, e.g. http://todo-app-backend:8000. */
  public get url(): string {
    return `http://${this.serviceName}:${this.servicePort}`;
  }

  private container(
    props: ProbedDeploymentProps,
    uid: number,
    writablePaths: Record<string, string>,
  ): Container {
    const plainEnv: EnvVar[] = Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value }));
    const secretEnv = (props.secrets ?? []).flatMap((secret) => secret.envVars());
    return {
      name: props.containerName ?? props.labels.component,
      image: props.image,
      imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
      ports: [{ name: 'http', containerPort: props.port, protocol: 'TCP' }],
      env: [...plainEnv, ...secretEnv],
      resources: toResourceRequirements(props.resources ?? DEFAULT_RESOURCES),
      livenessProbe: httpProbe(props.liveness),
      readinessProbe: httpProbe(props.readiness),
      ...(props.startup ? { startupProbe: httpProbe(props.startup) } : {}),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: uid,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
      volumeMounts: Object.entries(writablePaths).map(([name, mountPath]) => ({ name, mountPath })),
    };
  }
}

function httpProbe(options: HttpProbeOptions): Probe {
  return {
    httpGet: { path: options.path, port: IntOrString.fromString('http') },
    initialDelaySeconds: options.initialDelaySeconds,
    periodSeconds: options.periodSeconds,
    timeoutSeconds: options.timeoutSeconds ?? 3,
    failureThreshold: options.failureThreshold,
  };
}

function toResourceRequirements(spec: ResourceRequirementsSpec) {
  const quantities = (list?: Record<string, string | number>) =>
    list === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(list).map(([k, v]) => [
            k,
            typeof v === 'number' ? Quantity.fromNumber(v) : Quantity.fromString(v),
          ]),
        );
  return { requests: quantities(spec.requests), limits: quantities(spec.limits) };
}

function validate(props: ProbedDeploymentProps): void {
  const at = (field: string) => `${props.labels.component}.${field}`;
  requireDnsLabel(at('name'), props.name);
  requireIntegerInRange(at('port'), props.port, 1, 65535);
  if (props.replicas !== undefined) requireIntegerInRange(at('replicaCount'), props.replicas, 0, 100);
  if (props.imagePullPolicy !== undefined)
    requireOneOf(at('image.pullPolicy'), props.imagePullPolicy, PULL_POLICIES);
  if (
    !isUnresolved(props.image) &&
    !/^[^\s:]+(:\d+)?(\/[^\s:]+)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/.test(props.image)
  ) {
    throw new ConfigurationError(
      at('image'),
      `got ${JSON.stringify(props.image)}`,
      'an image reference such as todo-backend:latest',
    );
  }
  const service = props.service ?? {};
  if (service.type !== undefined) requireOneOf(at('service.type'), service.type, SERVICE_TYPES);
  if (service.port !== undefined) requireIntegerInRange(at('service.port'), service.port, 1, 65535);
  if (service.nodePort !== undefined)
    requireIntegerInRange(at('service.nodePort'), service.nodePort, 30000, 32767);
  for (const [probeName, probe] of Object.entries({
    livenessProbe: props.liveness,
    readinessProbe: props.readiness,
    startupProbe: props.startup,
  })) {
    if (!probe) continue;
    requireIntegerInRange(at(`${probeName}.initialDelaySeconds`), probe.initialDelaySeconds, 0, 3600);
    requireIntegerInRange(at(`${probeName}.periodSeconds`), probe.periodSeconds, 1, 3600);
    if (probe.timeoutSeconds !== undefined)
      requireIntegerInRange(at(`${probeName}.timeoutSeconds`), probe.timeoutSeconds, 1, 600);
    requireIntegerInRange(at(`${probeName}.failureThreshold`), probe.failureThreshold, 1, 100);
  }
  const scaling = props.autoscaling;
  if (scaling) {
    requireIntegerInRange(at('autoscaling.minReplicas'), scaling.minReplicas, 1, 100);
    requireIntegerInRange(at('autoscaling.maxReplicas'), scaling.maxReplicas, 1, 100);
    requireIntegerInRange(
      at('autoscaling.targetCPUUtilizationPercentage'),
      scaling.targetCPUUtilizationPercentage,
      1,
      100,
    );
    if (
      !isUnresolved(scaling.minReplicas) &&
      !isUnresolved(scaling.maxReplicas) &&
      scaling.minReplicas > scaling.maxReplicas
    ) {
      throw new ConfigurationError(
        at('autoscaling.maxReplicas'),
        `${scaling.maxReplicas} is below minReplicas ${scaling.minReplicas}`,
        `an integer from ${scaling.minReplicas} to 100`,
      );
    }
  }
}
