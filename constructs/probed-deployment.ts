import { Construct } from 'constructs';
import {
  Affinity,
  Container,
  EnvFromSource,
  EnvVar,
  HostAlias,
  IntOrString,
  KubeDeployment,
  KubeHorizontalPodAutoscalerV2,
  KubePodDisruptionBudget,
  KubeService,
  Lifecycle,
  LocalObjectReference,
  PodSecurityContext,
  Probe,
  Quantity,
  ResourceRequirements,
  SecurityContext,
  Toleration,
  TopologySpreadConstraint,
  Volume,
  VolumeMount,
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
  /** Port name or number. @default - the container port's name (portName) */
  readonly port?: string | number;
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
  /** maxSurge and maxUnavailable: a count or a percentage such as '25%'. @default - none (Kubernetes' defaults) */
  readonly rollingUpdate?: { readonly maxSurge?: number | string; readonly maxUnavailable?: number | string };
}

/** A further port of the container, also published on the Service under the same name and number. */
export interface ExtraPort {
  readonly name: string;
  readonly containerPort: number;
  readonly protocol: 'TCP' | 'UDP';
}

/**
 * The pod's and the container's security contexts. Given, they are used as they are
 * (a missing one is left out); not given, both are RESTRICTED_SECURITY_CONTEXTS.
 */
export interface SecurityContexts {
  /** @default - none */
  readonly pod?: PodSecurityContext;
  /** @default - none */
  readonly container?: SecurityContext;
}

/** The restricted Pod Security Standard with UID/GID 1000 and a read-only root filesystem. */
export const RESTRICTED_SECURITY_CONTEXTS: Required<SecurityContexts> = {
  pod: {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    fsGroup: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  container: {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
};

/** Probes given whole in Kubernetes' form (any action), in place of the ones built from options. */
export interface CustomProbes {
  /** @default - the one built from `liveness` */
  readonly liveness?: Probe;
  /** @default - the one built from `readiness` */
  readonly readiness?: Probe;
  /** @default - the one built from `startup` */
  readonly startup?: Probe;
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
  /** Extra /etc/hosts entries. @default - none */
  readonly hostAliases?: HostAlias[];
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
  /** @default - none (unless customProbes.liveness) */
  readonly liveness?: ProbeOptions;
  /** @default - none (unless customProbes.readiness) */
  readonly readiness?: ProbeOptions;
  /** For slow starters: liveness waits until this succeeds. @default - none */
  readonly startup?: ProbeOptions;
  /** Probes given whole; each is merged with the built one of its kind (give one or the other). @default - none */
  readonly customProbes?: CustomProbes;
  /** Container hooks (postStart, preStop). @default - none */
  readonly lifecycle?: Lifecycle;
  /** Further ports, on the container and the Service. @default - none */
  readonly extraPorts?: ExtraPort[];
  /** ConfigMaps and Secrets whose keys all become environment variables. @default - none */
  readonly envFrom?: EnvFromSource[];
  /** Volumes added as they are (Kubernetes Volume objects). @default - none */
  readonly extraVolumes?: Volume[];
  /** Mounts added to the container as they are. @default - none */
  readonly extraVolumeMounts?: VolumeMount[];
  /** Containers run to completion before the main one. @default - none */
  readonly initContainers?: Container[];
  /** Containers beside the main one. @default - none */
  readonly sidecars?: Container[];
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
  /** @default RESTRICTED_SECURITY_CONTEXTS */
  readonly securityContexts?: SecurityContexts;
  /** @default - none */
  readonly pod?: PodOptions;
}

/** The props an app's workload construct passes through to its ProbedDeployment unchanged. */
export const PASS_THROUGH_PROPS = [
  'command',
  'args',
  'lifecycle',
  'envFrom',
  'extraVolumes',
  'extraVolumeMounts',
  'initContainers',
  'sidecars',
  'securityContexts',
  'automountServiceAccountToken',
  'customProbes',
] as const satisfies readonly (keyof ProbedDeploymentProps)[];

/** What a workload construct (TodoBackend, TodoFrontend) lets its user set on the pod and container. */
export type WorkloadPassThroughProps = Pick<ProbedDeploymentProps, (typeof PASS_THROUGH_PROPS)[number]>;

/** The pass-through props out of a workload construct's props. */
export function passThroughProps(props: WorkloadPassThroughProps): WorkloadPassThroughProps {
  return Object.fromEntries(PASS_THROUGH_PROPS.map((key) => [key, props[key]]));
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
    const security = props.securityContexts ?? RESTRICTED_SECURITY_CONTEXTS;
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
          rollingUpdate: strategy.rollingUpdate && intOrStrings(strategy.rollingUpdate),
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
            securityContext: security.pod,
            hostAliases: pod.hostAliases,
            initContainers: props.initContainers,
            containers: [this.container(props, security.container, volumes), ...(props.sidecars ?? [])],
            volumes: [
              ...Object.entries(volumes).map(([name, volume]) => ({ name, ...volume.source })),
              ...(props.extraVolumes ?? []),
            ],
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
          // Built from the port's own fields only, so a port decided at install time comes and goes whole.
          ...(props.extraPorts ?? []).map((extra) => ({
            name: extra.name,
            port: extra.containerPort,
            targetPort: IntOrString.fromString(extra.name),
            protocol: extra.protocol,
          })),
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
    const port = ('port' in options ? options.port : undefined) ?? this.portName;
    const action =
      'command' in options
        ? { exec: { command: options.command } }
        : {
            httpGet: {
              path: options.path,
              port: typeof port === 'number' ? IntOrString.fromNumber(port) : IntOrString.fromString(port),
            },
          };
    return {
      ...action,
      initialDelaySeconds: options.initialDelaySeconds,
      periodSeconds: options.periodSeconds,
      timeoutSeconds: options.timeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_SECONDS,
      failureThreshold: options.failureThreshold,
    };
  }

  /** A custom probe, the built one, or both (as the chart renders them: each under its own condition). */
  private probeOf(custom: Probe | undefined, options: ProbeOptions | undefined): Probe | undefined {
    if (!custom && !options) return undefined;
    return { ...custom, ...(options && this.probe(options)) };
  }

  private container(
    props: ProbedDeploymentProps,
    securityContext: SecurityContext | undefined,
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
      ports: [
        { name: this.portName, containerPort: props.port, protocol: 'TCP' },
        ...(props.extraPorts ?? []).map((extra) => ({ ...extra })),
      ],
      env: [...plainEnv, ...secretEnv, ...(props.extraEnv ?? [])],
      envFrom: props.envFrom,
      livenessProbe: this.probeOf(props.customProbes?.liveness, props.liveness),
      readinessProbe: this.probeOf(props.customProbes?.readiness, props.readiness),
      startupProbe: this.probeOf(props.customProbes?.startup, props.startup),
      lifecycle: props.lifecycle,
      resources: toResourceRequirements(props.resources ?? DEFAULT_RESOURCES),
      securityContext,
      volumeMounts: [
        ...Object.entries(volumes).map(([name, volume]) => ({ name, mountPath: volume.mountPath })),
        ...(props.extraVolumeMounts ?? []),
      ],
    };
  }
}

/** Counts and percentages as IntOrString; any other entry (a map copied from values) is passed on as it is. */
function intOrStrings(spec: Record<string, number | string | undefined>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(spec).map(([key, value]) => [
      key,
      typeof value === 'number'
        ? IntOrString.fromNumber(value)
        : typeof value === 'string' && value !== ''
          ? IntOrString.fromString(value)
          : value,
    ]),
  );
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
