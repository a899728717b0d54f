import { Construct } from 'constructs';
import {
  Affinity,
  Container,
  EnvVar,
  IntOrString,
  KubeDeployment,
  KubeHorizontalPodAutoscalerV2,
  KubePodDisruptionBudget,
  KubeService,
  LocalObjectReference,
  Probe,
  Quantity,
  ResourceRequirements,
  Toleration,
  TopologySpreadConstraint,
  Volume,
} from '../imports/k8s';
import { SecureSecretRef } from './secure-secret-ref';
import { checkLater, dnsLabel, integerInRange, oneOf, problem } from './validation';
import { WorkloadLabels } from './workload-labels';

export const PULL_POLICIES = ['IfNotPresent', 'Always', 'Never'] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];
export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** When a probe runs and when it gives up. */
export interface ProbeTimingOptions {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  /** @default DEFAULT_PROBE_TIMEOUT_SECONDS (3) */
  readonly timeoutSeconds?: number;
  readonly failureThreshold: number;
}

/** The allowed range of each probe timing, [lowest, highest]: read by the props checks and the chart schema. */
export const PROBE_TIMING_RANGES = {
  initialDelaySeconds: [0, 3600],
  periodSeconds: [1, 3600],
  timeoutSeconds: [1, 600],
  failureThreshold: [1, 100],
} as const satisfies Record<keyof ProbeTimingOptions, readonly [number, number]>;

export const DEFAULT_PROBE_TIMEOUT_SECONDS = 3;

/** An HTTP GET probe against the container's port. */
export interface HttpProbeOptions extends ProbeTimingOptions {
  readonly path: string;
}

/** A command run in the container (e.g. `redis-cli ping`), for servers that do not speak HTTP. */
export interface ExecProbeOptions extends ProbeTimingOptions {
  readonly command: string[];
}

export type ProbeOptions = HttpProbeOptions | ExecProbeOptions;

/** Requests and limits as Kubernetes quantities, e.g. `{ cpu: '100m', memory: '128Mi' }`. */
export interface ResourceRequirementsSpec {
  readonly requests?: Record<string, string | number>;
  readonly limits?: Record<string, string | number>;
}

export interface AutoscalingOptions {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU use to aim for, in percent of the CPU request. */
  readonly targetCPUUtilizationPercentage: number;
}

export interface ServiceOptions {
  /** @default 'ClusterIP' */
  readonly type?: ServiceType;
  /** Port the Service listens on. @default - the container port */
  readonly port?: number;
  /** Fixed node port (with type NodePort). @default - assigned by Kubernetes */
  readonly nodePort?: number;
  /** @default - none */
  readonly annotations?: Record<string, string>;
}

/** A PodDisruptionBudget's limit. */
export interface DisruptionBudgetOptions {
  /** Pods that may be down at once; 1 never blocks a node drain at one replica. */
  readonly maxUnavailable: number;
}

export interface DeploymentStrategyOptions {
  /** RollingUpdate or Recreate. */
  readonly type: string;
  /** @default - none (Kubernetes' defaults) */
  readonly rollingUpdate?: { readonly maxSurge: number; readonly maxUnavailable: number };
}

/** Where and how the pods run, beyond the container: scheduling, pull secrets, metadata. */
export interface PodOptions {
  /** @default - none */
  readonly annotations?: Record<string, string>;
  /** @default - any node */
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: Toleration[];
  readonly affinity?: Affinity;
  readonly topologySpreadConstraints?: TopologySpreadConstraint[];
  /** @default - the cluster default */
  readonly priorityClassName?: string;
  readonly imagePullSecrets?: LocalObjectReference[];
  /** @default - Kubernetes' default, 30 */
  readonly terminationGracePeriodSeconds?: number;
}

/** A volume and where the container mounts it. */
export interface MountedVolume {
  readonly mountPath: string;
  /** The volume source, e.g. `{ emptyDir: {} }` or `{ persistentVolumeClaim: { claimName } }`. */
  readonly source: Omit<Volume, 'name'>;
}

export interface ProbedDeploymentProps {
  /** Name of the Deployment and its Service, HPA and PodDisruptionBudget. */
  readonly name: string;
  readonly labels: WorkloadLabels;
  /** Image reference: `repository:tag` or `repository@digest`. */
  readonly image: string;
  /** @default 'IfNotPresent' (images loaded into a local cluster break with Always) */
  readonly imagePullPolicy?: PullPolicy;
  /** @default - the component label */
  readonly containerName?: string;
  /** The port the container serves on. */
  readonly port: number;
  /** Name of the port, used by probes and the Service. @default 'http' */
  readonly portName?: string;
  /** Replaces the image's entrypoint. @default - the image's */
  readonly command?: string[];
  /** Arguments to the entrypoint. @default - the image's */
  readonly args?: string[];
  /** Leave undefined when an HPA owns the count. @default - Kubernetes' default, 1 */
  readonly replicas?: number;
  /** @default RollingUpdate with maxSurge 1 and maxUnavailable 0 (a rollout never drops capacity) */
  readonly strategy?: DeploymentStrategyOptions;
  /** @default requests 100m/128Mi, limits 500m/512Mi */
  readonly resources?: ResourceRequirementsSpec;
  readonly liveness: ProbeOptions;
  readonly readiness: ProbeOptions;
  /** For slow starters: liveness waits until this succeeds. @default - none */
  readonly startup?: ProbeOptions;
  /** Plain environment variables. @default - none */
  readonly env?: Record<string, string>;
  /** Environment variables appended after all others (Kubernetes EnvVar objects). @default - none */
  readonly extraEnv?: EnvVar[];
  /** External Secrets whose keys become environment variables. @default - none */
  readonly secrets?: SecureSecretRef[];
  /** @default - a ClusterIP Service on the container port */
  readonly service?: ServiceOptions;
  /** @default 'default' */
  readonly serviceAccountName?: string;
  /** Mount an API token into the pod; off unless the app calls the Kubernetes API. @default false */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Writable directories under the read-only root filesystem, volume name → mount path (emptyDirs).
   * @default { tmp: '/tmp' }
   */
  readonly writablePaths?: Record<string, string>;
  /** Further volumes, by name. @default - none */
  readonly volumes?: Record<string, MountedVolume>;
  /** Create a HorizontalPodAutoscaler. @default - none */
  readonly autoscaling?: AutoscalingOptions;
  /** A PodDisruptionBudget; `{ maxUnavailable: 1 }` protects availability without blocking a drain. @default - none */
  readonly disruptionBudget?: DisruptionBudgetOptions;
  /** UID and GID the container runs as (and the group volumes are writable by). @default 1000 */
  readonly runAsUser?: number;
  /** @default - none */
  readonly pod?: PodOptions;
}

export const DEFAULT_RESOURCES: ResourceRequirementsSpec = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '512Mi' },
};

/**
 * One container behind a Service, hardened and observable by default: liveness
 * and readiness probes, requests and limits, the restricted Pod Security
 * Standard (non-root, no privilege escalation, no capabilities, RuntimeDefault
 * seccomp) and a read-only root filesystem with volumes where it must write.
 *
 * Props reach the objects as they are given; the construct does not branch on
 * them beyond their presence, so a value decided later (a Helm value) works too.
 */
export class ProbedDeployment extends Construct {
  public readonly name: string;
  public readonly labels: WorkloadLabels;
  public readonly port: number;
  public readonly portName: string;
  public readonly deployment: KubeDeployment;
  public readonly service: KubeService;
  public readonly serviceName: string;
  public readonly servicePort: number;
  public readonly autoscaler?: KubeHorizontalPodAutoscalerV2;
  public readonly disruptionBudget?: KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: ProbedDeploymentProps) {
    super(scope, id);
    checkLater(this, () => problems(props));
    this.name = props.name;
    this.labels = props.labels;
    this.port = props.port;
    this.portName = props.portName ?? 'http';
    this.serviceName = props.name;
    this.servicePort = props.service?.port ?? props.port;

    const metadata = { name: props.name, labels: props.labels.all };
    const uid = props.runAsUser ?? 1000;
    const pod = props.pod ?? {};
    const volumes: Record<string, MountedVolume> = {
      ...Object.fromEntries(
        Object.entries(props.writablePaths ?? { tmp: '/tmp' }).map(([name, mountPath]) => [
          name,
          { mountPath, source: { emptyDir: {} } },
        ]),
      ),
      ...props.volumes,
    };
    const strategy = props.strategy ?? {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    };

    this.deployment = new KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        replicas: props.replicas,
        selector: { matchLabels: props.labels.selector },
        strategy: {
          type: strategy.type,
          rollingUpdate: strategy.rollingUpdate && {
            maxSurge: IntOrString.fromNumber(strategy.rollingUpdate.maxSurge),
            maxUnavailable: IntOrString.fromNumber(strategy.rollingUpdate.maxUnavailable),
          },
        },
        template: {
          metadata: { labels: props.labels.pod, annotations: pod.annotations },
          spec: {
            imagePullSecrets: pod.imagePullSecrets,
            serviceAccountName: props.serviceAccountName ?? 'default',
            automountServiceAccountToken: props.automountServiceAccountToken ?? false,
            enableServiceLinks: false,
            priorityClassName: pod.priorityClassName,
            terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: uid,
              runAsGroup: uid,
              fsGroup: uid,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [this.container(props, uid, volumes)],
            volumes: Object.entries(volumes).map(([name, volume]) => ({ name, ...volume.source })),
            nodeSelector: pod.nodeSelector,
            affinity: pod.affinity,
            tolerations: pod.tolerations,
            topologySpreadConstraints: pod.topologySpreadConstraints,
          },
        },
      },
    });

    const service = props.service ?? {};
    this.service = new KubeService(this, 'Service', {
      metadata: { ...metadata, annotations: service.annotations },
      spec: {
        type: service.type ?? 'ClusterIP',
        selector: props.labels.selector,
        ports: [
          {
            name: this.portName,
            port: this.servicePort,
            targetPort: IntOrString.fromString(this.portName),
            protocol: 'TCP',
            nodePort: service.nodePort,
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

    const budget = props.disruptionBudget;
    if (budget) {
      this.disruptionBudget = new KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata,
        spec: {
          maxUnavailable: IntOrString.fromNumber(budget.maxUnavailable),
          selector: { matchLabels: props.labels.selector },
        },
      });
    }
  }

  /** The in-cluster URL of the Service (for HTTP servers), e.g. http://todo-app-backend:8000. */
  public get url(): string {
    return `http://${this.serviceName}:${this.servicePort}`;
  }

  private probe(options: ProbeOptions): Probe {
    const action =
      'command' in options
        ? { exec: { command: options.command } }
        : { httpGet: { path: options.path, port: IntOrString.fromString(this.portName) } };
    return {
      ...action,
      initialDelaySeconds: options.initialDelaySeconds,
      periodSeconds: options.periodSeconds,
      timeoutSeconds: options.timeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_SECONDS,
      failureThreshold: options.failureThreshold,
    };
  }

  private container(
    props: ProbedDeploymentProps,
    uid: number,
    volumes: Record<string, MountedVolume>,
  ): Container {
    const plainEnv: EnvVar[] = Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value }));
    const secretEnv = (props.secrets ?? []).flatMap((secret) => secret.envVars());
    return {
      name: props.containerName ?? props.labels.component,
      image: props.image,
      imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
      command: props.command,
      args: props.args,
      ports: [{ name: this.portName, containerPort: props.port, protocol: 'TCP' }],
      env: [...plainEnv, ...secretEnv, ...(props.extraEnv ?? [])],
      livenessProbe: this.probe(props.liveness),
      readinessProbe: this.probe(props.readiness),
      startupProbe: props.startup && this.probe(props.startup),
      resources: toResourceRequirements(props.resources ?? DEFAULT_RESOURCES),
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
      volumeMounts: Object.entries(volumes).map(([name, volume]) => ({ name, mountPath: volume.mountPath })),
    };
  }
}

/** Quantities for requests and limits; any other entry is passed on as it is. */
function toResourceRequirements(spec: ResourceRequirementsSpec): ResourceRequirements {
  const quantity = (value: string | number) =>
    typeof value === 'number' ? Quantity.fromNumber(value) : Quantity.fromString(value);
  const list = (values: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(values).map(([name, value]) => [name, quantity(value)]));
  return Object.fromEntries(
    Object.entries(spec).map(([key, value]) => [
      key,
      key === 'requests' || key === 'limits' ? list(value) : value,
    ]),
  ) as ResourceRequirements;
}

const IMAGE_REFERENCE = /^[^\s:@]+(:\d+)?(\/[^\s:@]+)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

function problems(props: ProbedDeploymentProps): (string | undefined)[] {
  const at = (field: string) => `${props.labels.component}.${field}`;
  const probes = {
    livenessProbe: props.liveness,
    readinessProbe: props.readiness,
    startupProbe: props.startup,
  };
  const scaling = props.autoscaling;
  return [
    dnsLabel(at('name'), props.name),
    integerInRange(at('port'), props.port, 1, 65535),
    integerInRange(at('replicaCount'), props.replicas, 0, 100),
    oneOf(at('image.pullPolicy'), props.imagePullPolicy, PULL_POLICIES),
    IMAGE_REFERENCE.test(props.image)
      ? undefined
      : problem(
          at('image'),
          `got ${JSON.stringify(props.image)}`,
          'an image reference such as todo-backend:1.0.0',
        ),
    oneOf(at('service.type'), props.service?.type, SERVICE_TYPES),
    integerInRange(at('service.port'), props.service?.port, 1, 65535),
    integerInRange(at('service.nodePort'), props.service?.nodePort, 30000, 32767),
    ...Object.entries(probes).flatMap(([name, probe]) =>
      probe
        ? Object.entries(PROBE_TIMING_RANGES).map(([timing, [min, max]]) =>
            integerInRange(at(`${name}.${timing}`), probe[timing as keyof ProbeTimingOptions], min, max),
          )
        : [],
    ),
    ...(scaling
      ? [
          integerInRange(at('autoscaling.minReplicas'), scaling.minReplicas, 1, 100),
          integerInRange(at('autoscaling.maxReplicas'), scaling.maxReplicas, 1, 100),
          integerInRange(
            at('autoscaling.targetCPUUtilizationPercentage'),
            scaling.targetCPUUtilizationPercentage,
            1,
            100,
          ),
          scaling.minReplicas > scaling.maxReplicas
            ? problem(
                at('autoscaling.maxReplicas'),
                `${scaling.maxReplicas} is below minReplicas ${scaling.minReplicas}`,
                `an integer from ${scaling.minReplicas} to 100`,
              )
            : undefined,
        ]
      : []),
  ];
}
