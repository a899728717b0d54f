/**
 * What the kubelet and the container runtime would make of one Deployment's pod
 * template and its image: user and groups, environment (secretKeyRef filled from
 * the given Secrets, $(VAR) expanded), command, volumes, ports and probes. Pure: it
 * starts nothing. Whatever the rehearsal cannot model faithfully is refused with a
 * RehearsalError rather than approximated.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IProbe } from 'kubernetes-models/v1/Probe';

export class RehearsalError extends Error {}

/** The parts of `podman image inspect`'s Config a runtime uses. */
export interface ImageConfig {
  User?: string;
  Env?: string[] | null;
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
}

/** Secret name → key → value, as a test provides them. */
export type Secrets = Record<string, Record<string, string>>;

export type VolumeSource =
  { kind: 'emptyDir'; medium: string } | { kind: 'claim'; claimName: string; readOnly: boolean };

export interface PlannedMount {
  volume: string;
  source: VolumeSource;
  mountPath: string;
  readOnly: boolean;
}

export interface HttpProbe {
  kind: 'http';
  path: string;
  port: number;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

export interface TcpProbe extends Omit<HttpProbe, 'kind' | 'path'> {
  kind: 'tcp';
}

export type PlannedProbe = HttpProbe | TcpProbe;

export interface ContainerPlan {
  deployment: string;
  podName: string;
  container: string;
  image: string;
  labels: Record<string, string>;
  uid: number;
  gid: number;
  /** Supplementary groups: fsGroup and supplementalGroups. */
  groups: number[];
  fsGroup?: number;
  workingDir: string;
  command: string[];
  env: [string, string][];
  readOnlyRootFilesystem: boolean;
  noNewPrivileges: boolean;
  mounts: PlannedMount[];
  ports: { name?: string; containerPort: number }[];
  startupProbe?: PlannedProbe;
  readinessProbe?: PlannedProbe;
  livenessProbe?: PlannedProbe;
  terminationGracePeriodSeconds: number;
}

export interface PlanInput {
  deployment: IDeployment;
  podName: string;
  image: (reference: string) => ImageConfig;
  secrets: Secrets;
  /** Names of the PersistentVolumeClaims the rendered chart creates or expects. */
  claims: ReadonlySet<string>;
}

export function planPod({ deployment, podName, image, secrets, claims }: PlanInput): ContainerPlan {
  const name = deployment.metadata?.name ?? '(unnamed)';
  const template = deployment.spec?.template;
  const pod = template?.spec;
  if (!pod) throw new RehearsalError(`${name}: no pod template`);
  const refuse = (what: string): never => {
    throw new RehearsalError(`${name}: ${what} is not modelled by the rehearsal`);
  };
  if (pod.initContainers?.length) refuse('initContainers');
  if (pod.containers.length !== 1) refuse(`a pod with ${pod.containers.length} containers`);
  if (pod.enableServiceLinks !== false) refuse('enableServiceLinks (service environment variables)');
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) refuse('host namespaces');
  const container = pod.containers[0];
  if (!container.image) throw new RehearsalError(`${name}: container ${container.name} has no image`);
  if (container.envFrom?.length) refuse('envFrom');
  if (container.securityContext?.privileged) refuse('a privileged container');

  const config = image(container.image);
  const user = identity(name, container, pod.securityContext ?? {}, config);
  const ports = (container.ports ?? []).map((p) => ({ name: p.name, containerPort: p.containerPort }));
  const probe = (kind: string, spec: IProbe | undefined) =>
    spec && planProbe(`${name}: ${kind} probe`, spec, ports);
  const env = environment(name, container, config, podName, secrets);
  return {
    deployment: name,
    podName,
    container: container.name,
    image: container.image,
    labels: { ...(template.metadata?.labels ?? {}) },
    ...user,
    workingDir: container.workingDir || config.WorkingDir || '/',
    command: command(name, container, config, env),
    env,
    readOnlyRootFilesystem: container.securityContext?.readOnlyRootFilesystem === true,
    noNewPrivileges: container.securityContext?.allowPrivilegeEscalation === false,
    mounts: mounts(name, container, pod.volumes ?? [], claims),
    ports,
    startupProbe: probe('startup', container.startupProbe),
    readinessProbe: probe('readiness', container.readinessProbe),
    livenessProbe: probe('liveness', container.livenessProbe),
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds ?? 30,
  };
}

/** runAsUser/runAsGroup from the container, then the pod, then the image's USER; the kubelet's runAsNonRoot check. */
function identity(
  name: string,
  container: IContainer,
  pod: IPodSecurityContext,
  config: ImageConfig,
): Pick<ContainerPlan, 'uid' | 'gid' | 'groups' | 'fsGroup'> {
  const [imageUser, imageGroup] = (config.User || '0').split(':');
  const numeric = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : undefined);
  const runAsUser = container.securityContext?.runAsUser ?? pod.runAsUser;
  const uid = runAsUser ?? numeric(imageUser);
  const runAsNonRoot = container.securityContext?.runAsNonRoot ?? pod.runAsNonRoot;
  if (uid === undefined) {
    if (runAsNonRoot)
      throw new RehearsalError(
        `${name}: container has runAsNonRoot and image has non-numeric user (${imageUser}), ` +
          'cannot verify user is non-root',
      );
    throw new RehearsalError(
      `${name}: a non-numeric image user (${imageUser}) is not modelled by the rehearsal`,
    );
  }
  if (runAsNonRoot && uid === 0)
    throw new RehearsalError(`${name}: container has runAsNonRoot and image will run as root`);
  const gid = container.securityContext?.runAsGroup ?? pod.runAsGroup ?? numeric(imageGroup) ?? 0;
  const groups = [...new Set([pod.fsGroup, ...(pod.supplementalGroups ?? [])])].filter(
    (g): g is number => g !== undefined,
  );
  return { uid, gid, groups, fsGroup: pod.fsGroup };
}

/** Kubernetes' $(VAR) expansion: defined names are replaced, $$ escapes, anything else stays as written. */
export function expand(text: string, defined: ReadonlyMap<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, variable?: string) =>
    match === '$$' ? '$' : variable !== undefined && defined.has(variable) ? defined.get(variable)! : match,
  );
}

/**
 * The container's environment: the image's ENV, then the pod spec's env in order
 * (each value expanded against the entries before it). HOSTNAME is the pod name
 * unless the image or the pod spec sets it.
 */
function environment(
  name: string,
  container: IContainer,
  config: ImageConfig,
  podName: string,
  secrets: Secrets,
): [string, string][] {
  const env = new Map<string, string>([['HOSTNAME', podName]]);
  for (const entry of config.Env ?? []) {
    const at = entry.indexOf('=');
    env.set(at < 0 ? entry : entry.slice(0, at), at < 0 ? '' : entry.slice(at + 1));
  }
  const fromSpec = new Map<string, string>();
  for (const variable of container.env ?? []) {
    const value = envValue(name, variable, fromSpec, secrets);
    if (value === undefined) continue;
    fromSpec.set(variable.name, value);
    env.set(variable.name, value);
  }
  return [...env];
}

function envValue(
  name: string,
  variable: IEnvVar,
  defined: ReadonlyMap<string, string>,
  secrets: Secrets,
): string | undefined {
  const source = variable.valueFrom;
  if (!source) return expand(variable.value ?? '', defined);
  const ref = source.secretKeyRef;
  if (!ref)
    throw new RehearsalError(`${name}: env ${variable.name} from ${Object.keys(source)} is not modelled`);
  const secret = secrets[ref.name ?? ''];
  const value = secret?.[ref.key];
  if (value !== undefined) return value;
  if (ref.optional) return undefined;
  // The kubelet's CreateContainerConfigError messages.
  throw new RehearsalError(
    secret
      ? `${name}: couldn't find key ${ref.key} in Secret ${ref.name} (env ${variable.name})`
      : `${name}: secret "${ref.name}" not found (env ${variable.name})`,
  );
}

/** command replaces the image's ENTRYPOINT (and drops its CMD); args replace CMD. */
function command(
  name: string,
  container: IContainer,
  config: ImageConfig,
  env: [string, string][],
): string[] {
  const defined = new Map(env);
  const entrypoint = container.command ?? config.Entrypoint ?? [];
  const args = container.args ?? (container.command ? [] : (config.Cmd ?? []));
  const argv = [...entrypoint, ...args].map((word) => expand(word, defined));
  if (!argv.length)
    throw new RehearsalError(`${name}: no command (neither the image nor the pod spec sets one)`);
  return argv;
}

function mounts(
  name: string,
  container: IContainer,
  volumes: NonNullable<NonNullable<IDeployment['spec']>['template']['spec']>['volumes'],
  claims: ReadonlySet<string>,
): PlannedMount[] {
  const planned = (container.volumeMounts ?? []).map((mount): PlannedMount => {
    const volume = (volumes ?? []).find((v) => v.name === mount.name);
    if (!volume) throw new RehearsalError(`${name}: volumeMount ${mount.name} names no volume of the pod`);
    if (mount.subPath || mount.subPathExpr) throw new RehearsalError(`${name}: subPath is not modelled`);
    if (!mount.mountPath.startsWith('/'))
      throw new RehearsalError(`${name}: mountPath ${mount.mountPath} is not absolute`);
    const readOnly = mount.readOnly === true;
    if (volume.emptyDir)
      return {
        volume: volume.name,
        source: { kind: 'emptyDir', medium: volume.emptyDir.medium ?? '' },
        mountPath: mount.mountPath,
        readOnly,
      };
    const claim = volume.persistentVolumeClaim;
    if (claim) {
      if (!claims.has(claim.claimName))
        throw new RehearsalError(
          `${name}: persistentvolumeclaim "${claim.claimName}" not found (the pod would stay Pending)`,
        );
      const source = {
        kind: 'claim' as const,
        claimName: claim.claimName,
        readOnly: claim.readOnly === true,
      };
      return {
        volume: volume.name,
        source,
        mountPath: mount.mountPath,
        readOnly: readOnly || source.readOnly,
      };
    }
    const kind = Object.keys(volume).find((k) => k !== 'name');
    throw new RehearsalError(
      `${name}: volume ${volume.name} of type ${kind} is not modelled by the rehearsal`,
    );
  });
  // Parents before children, as runtimes mount them.
  return planned.sort((a, b) => depth(a.mountPath) - depth(b.mountPath));
}

const depth = (path: string) => path.split('/').filter(Boolean).length;

function planProbe(
  what: string,
  spec: IProbe,
  ports: { name?: string; containerPort: number }[],
): PlannedProbe {
  const port = (value: number | string) => {
    if (typeof value === 'number') return value;
    const named = ports.find((p) => p.name === value);
    if (!named) throw new RehearsalError(`${what}: port ${value} is not a named port of the container`);
    return named.containerPort;
  };
  const timing = {
    initialDelaySeconds: spec.initialDelaySeconds ?? 0,
    periodSeconds: spec.periodSeconds ?? 10,
    timeoutSeconds: spec.timeoutSeconds ?? 1,
    failureThreshold: spec.failureThreshold ?? 3,
  };
  if (spec.httpGet) {
    if (spec.httpGet.host || (spec.httpGet.scheme ?? 'HTTP') !== 'HTTP' || spec.httpGet.httpHeaders?.length)
      throw new RehearsalError(`${what}: httpGet host, scheme or headers are not modelled`);
    return { kind: 'http', path: spec.httpGet.path ?? '/', port: port(spec.httpGet.port), ...timing };
  }
  if (spec.tcpSocket) return { kind: 'tcp', port: port(spec.tcpSocket.port), ...timing };
  throw new RehearsalError(`${what}: only httpGet and tcpSocket probes are modelled`);
}
