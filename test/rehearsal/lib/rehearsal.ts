/**
 * A rendered chart, run: one pod per Deployment (replicas 0: none), each started as
 * its pod spec says from the built image, its probes awaited within their budgets;
 * pods can be replaced (emptyDirs fresh, claims kept) and terminated the way the
 * kubelet does it. close() ends everything it started, whatever happened.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IService } from 'kubernetes-models/v1/Service';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { Container, ContainerExit } from './container';
import { ContainerPlan, ImageConfig, planPod, PlannedProbe, RehearsalError, Secrets } from './pod-plan';
import { awaitProbe, describeProbe, probeBudgetSeconds, probeOnce } from './probes';
import { hostsFile, SERVICE_IP, ServicePort, servicePorts, startForwarders } from './services';
import { ClaimVolumes, hostMounts } from './volumes';

/** A rendered Kubernetes object, as parsed from helm's output. */
export interface KubeObject {
  kind?: string;
  metadata?: { name?: string };
  [field: string]: unknown;
}

/** Image reference (as normalized by imageKey) → its mounted root filesystem and config. */
export type ImageIndex = Record<string, { root: string; config: ImageConfig }>;

export interface RehearsalOptions {
  objects: KubeObject[];
  images: ImageIndex;
  secrets: Secrets;
  namespace: string;
  /** A fresh directory the rehearsal owns: claims, scratch directories, /etc/hosts. Removed by close(). */
  workDir: string;
  log?: (line: string) => void;
}

export interface Pod {
  plan: ContainerPlan;
  container: Container;
}

export interface Termination {
  exit: ContainerExit;
  seconds: number;
  /** Seconds after SIGTERM when the readiness probe first failed, and how. */
  notReady?: { seconds: number; detail: string };
  killedAfterGracePeriod: boolean;
}

/** `todo-backend:1`, `localhost/todo-backend:1` and `docker.io/library/todo-backend:1` are one image. */
export function imageKey(reference: string): string {
  const name = reference.replace(/^(localhost|docker\.io)\//, '').replace(/^library\//, '');
  return /:[^/]+$/.test(name) || name.includes('@') ? name : `${name}:latest`;
}

const kindOf = (kind: string) => (o: KubeObject) => o.kind === kind;

export class Rehearsal {
  /** Every rehearsal not closed yet, so a test file can close whatever a failed test left running. */
  private static readonly open = new Set<Rehearsal>();
  private readonly pods = new Map<string, Pod>();
  private readonly started = new Map<string, number>();
  private readonly claims: ClaimVolumes;
  private readonly hostsPath: string;
  private readonly deployments: IDeployment[];
  private readonly services: IService[];
  private forwarders: Server[] = [];
  private ports: ServicePort[] = [];
  private readonly log: (line: string) => void;

  private constructor(private readonly options: RehearsalOptions) {
    this.log = options.log ?? (() => {});
    this.deployments = options.objects.filter(kindOf('Deployment')) as unknown as IDeployment[];
    this.services = options.objects.filter(kindOf('Service')) as unknown as IService[];
    mkdirSync(join(options.workDir, 'claims'), { recursive: true });
    this.claims = new ClaimVolumes(join(options.workDir, 'claims'));
    this.hostsPath = join(options.workDir, 'hosts');
    writeFileSync(this.hostsPath, hostsFile(this.services, options.namespace));
  }

  /** Starts every Deployment's pod and waits for its probes; on any failure, stops what it started. */
  static async start(options: RehearsalOptions): Promise<Rehearsal> {
    const rehearsal = new Rehearsal(options);
    Rehearsal.open.add(rehearsal);
    try {
      const names = rehearsal.deployments
        .filter((d) => (d.spec?.replicas ?? 1) > 0)
        .map((d) => d.metadata!.name!);
      const plans = names.map((name) => rehearsal.plan(name, `${name}-rehearsal`));
      rehearsal.ports = servicePorts(rehearsal.services, plans);
      rehearsal.forwarders = await startForwarders(rehearsal.ports, plans);
      await Promise.all(names.map((name) => rehearsal.startPod(name)));
      return rehearsal;
    } catch (error) {
      await rehearsal.close();
      throw error;
    }
  }

  pod(deployment: string): Pod {
    const pod = this.pods.get(deployment);
    if (!pod) throw new Error(`no running pod for Deployment ${deployment}`);
    return pod;
  }

  /** The URL of a Service port, as a client inside the cluster reaches it. */
  url(service: string, portName?: string): string {
    const port = this.ports.find(
      (p) => p.service === service && (portName === undefined || p.name === portName),
    );
    if (!port) throw new Error(`no Service ${service}${portName ? ` with a port ${portName}` : ''}`);
    return `http://${SERVICE_IP}:${port.port}`;
  }

  /** The pod a Service selects. */
  selected(service: string): Pod {
    const selector = this.services.find((s) => s.metadata?.name === service)?.spec?.selector ?? {};
    const pod = [...this.pods.values()].find((p) =>
      Object.entries(selector).every(([key, value]) => p.plan.labels[key] === value),
    );
    if (!pod) throw new Error(`Service ${service} selects no running pod`);
    return pod;
  }

  /**
   * Kills the pod's container with `signal` (SIGKILL: as after a failed liveness
   * probe or a lost node) and starts a new pod in its place: fresh emptyDirs, the
   * same claims. Resolves when the new pod passes its probes.
   */
  async replacePod(deployment: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<Pod> {
    const old = this.pod(deployment);
    await old.container.signal(signal);
    const exit = await old.container.exited;
    this.log(`${old.plan.podName}: ${signal} → gone (unshare: ${describeExit(exit)}); a new pod replaces it`);
    this.pods.delete(deployment);
    return this.startPod(deployment);
  }

  /**
   * SIGTERM, as when a pod is deleted: watches the readiness probe while the
   * container drains, waits terminationGracePeriodSeconds for it to exit, then
   * SIGKILLs it as the kubelet would.
   */
  async terminate(deployment: string): Promise<Termination> {
    const { plan, container } = this.pod(deployment);
    const sentAt = Date.now();
    const seconds = () => (Date.now() - sentAt) / 1000;
    await container.signal('SIGTERM');
    let exited: ContainerExit | undefined;
    void container.exited.then((exit) => (exited = exit));
    let notReady: Termination['notReady'];
    const deadline = sentAt + plan.terminationGracePeriodSeconds * 1000;
    while (!exited && Date.now() < deadline) {
      if (plan.readinessProbe && !notReady) {
        const result = await probeOnce(plan.readinessProbe);
        if (!result.ok) notReady = { seconds: seconds(), detail: result.detail };
      }
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), container.exited]);
    }
    const killedAfterGracePeriod = !exited;
    if (killedAfterGracePeriod) await container.destroy();
    const exit = await container.exited;
    this.pods.delete(deployment);
    return { exit, seconds: seconds(), notReady, killedAfterGracePeriod };
  }

  /** Ends every container still running, stops the forwarders, removes the work directory. */
  async close(): Promise<void> {
    Rehearsal.open.delete(this);
    await Promise.all([...this.pods.values()].map((pod) => pod.container.destroy()));
    this.pods.clear();
    await Promise.all(this.forwarders.map((server) => new Promise((resolve) => server.close(resolve))));
    this.forwarders = [];
    rmSync(this.options.workDir, { recursive: true, force: true });
  }

  static async closeAll(): Promise<void> {
    await Promise.all([...Rehearsal.open].map((rehearsal) => rehearsal.close()));
  }

  private plan(deployment: string, podName: string): ContainerPlan {
    return planPod({
      deployment: this.deployments.find((d) => d.metadata?.name === deployment)!,
      podName,
      image: (reference) => {
        const image = this.options.images[imageKey(reference)];
        if (!image)
          throw new RehearsalError(
            `${deployment}: image ${reference} was not built by this run ` +
              `(built: ${Object.keys(this.options.images).join(', ')})`,
          );
        return image.config;
      },
      secrets: this.options.secrets,
      claims: new Set(
        this.options.objects
          .filter(kindOf('PersistentVolumeClaim'))
          .map((claim) => claim.metadata?.name ?? ''),
      ),
    });
  }

  private async startPod(deployment: string): Promise<Pod> {
    const generation = (this.started.get(deployment) ?? 0) + 1;
    this.started.set(deployment, generation);
    const plan = this.plan(deployment, `${deployment}-rehearsal-${generation}`);
    const scratchDir = join(this.options.workDir, 'pods', plan.podName);
    mkdirSync(scratchDir, { recursive: true });
    const container = new Container({
      plan,
      imageRoot: this.options.images[imageKey(plan.image)].root,
      scratchDir,
      mounts: hostMounts(plan, this.claims, this.hostsPath),
    });
    const pod = { plan, container };
    this.pods.set(deployment, pod);
    await this.awaitProbes(pod);
    return pod;
  }

  /** startupProbe first (it holds the others back), then readiness and liveness together. */
  private async awaitProbes({ plan, container }: Pod): Promise<void> {
    const stopped = container.exited.then(describeExit);
    const check = async (kind: string, probe: PlannedProbe | undefined, from: number) => {
      if (!probe) return;
      try {
        const seconds = await awaitProbe(probe, from, stopped);
        this.log(
          `${plan.podName}: ${kind} probe passed after ${seconds.toFixed(1)} s (budget ${probeBudgetSeconds(probe)} s)`,
        );
      } catch (error) {
        throw new RehearsalError(
          `${plan.podName}: ${kind} probe ${describeProbe(probe)}: ${(error as Error).message}\n` +
            `--- ${plan.podName} log (last lines) ---\n${container.logs() || '(empty)'}`,
        );
      }
    };
    await check('startup', plan.startupProbe, container.startedAt);
    const after = plan.startupProbe ? Date.now() : container.startedAt;
    await Promise.all([
      check('readiness', plan.readinessProbe, after),
      check('liveness', plan.livenessProbe, after),
    ]);
  }
}

export const describeExit = (exit: ContainerExit) =>
  exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
