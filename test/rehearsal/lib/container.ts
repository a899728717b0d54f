/**
 * Starts one planned container from an image's root filesystem: its own mount, PID
 * and UTS namespaces (`unshare`), its root built by runtime/setup-root.sh and its
 * process started by runtime/exec-as.pl. The container's main process is PID 1 of
 * its PID namespace, as in a pod, so signals reach it the way the kubelet sends them.
 * Mounts live only in the container's mount namespace: they go when it exits.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerPlan } from './pod-plan';

const RUNTIME = join(__dirname, '..', 'runtime');
const LOG_LIMIT = 256 * 1024;

export interface ProcessFacts {
  /** Real, effective, saved and filesystem ids. */
  uid: number[];
  gid: number[];
  groups: number[];
  /** The main process's PID inside the container's PID namespace. */
  pidInNamespace: number;
  noNewPrivileges: boolean;
  effectiveCapabilities: bigint;
  /** Mount points as the container sees them, and whether each is read-only. */
  mounts: { path: string; readOnly: boolean }[];
}

export interface ContainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A host-side mount of the container: tmpfs options, or a host path bound read-write or read-only. */
export type HostMount =
  | { kind: 'tmpfs'; options: string; target: string }
  | { kind: 'bind'; source: string; target: string; readOnly: boolean };

export interface ContainerStart {
  plan: ContainerPlan;
  imageRoot: string;
  /** An empty host directory for the container's writable layer (a tmpfs is mounted over it). */
  scratchDir: string;
  mounts: HostMount[];
}

export class Container {
  readonly startedAt = Date.now();
  readonly exited: Promise<ContainerExit>;
  private output = '';
  private readonly process: ChildProcess;

  constructor(readonly start: ContainerStart) {
    const { plan } = start;
    this.process = spawn(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        '--pid',
        '--fork',
        '--kill-child',
        '--uts',
        'sh',
        join(RUNTIME, 'setup-root.sh'),
        plan.workingDir,
        String(plan.uid),
        String(plan.gid),
        '--',
        ...plan.command,
      ],
      {
        // The container's own environment goes on stdin, never into this process's arguments or files.
        env: {
          PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
          RH_IMAGE_ROOT: start.imageRoot,
          RH_SCRATCH: start.scratchDir,
          RH_HOSTNAME: plan.podName,
          RH_READONLY: plan.readOnlyRootFilesystem ? '1' : '0',
          RH_NO_NEW_PRIVS: plan.noNewPrivileges ? '1' : '0',
          RH_GROUPS: plan.groups.join(','),
          RH_MOUNTS: start.mounts.map(mountLine).join('\n'),
        },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      },
    );
    const append = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-LOG_LIMIT);
    };
    this.process.stdout!.on('data', append);
    this.process.stderr!.on('data', append);
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': the log is complete only once the pipes are closed.
      this.process.once('close', (code, signal) => resolve({ code, signal }));
      this.process.once('error', (error) => {
        append(Buffer.from(`rehearsal: could not start unshare: ${error.message}\n`));
        resolve({ code: 127, signal: null });
      });
    });
    this.process.stdin!.end(plan.env.map(([name, value]) => `${name}=${value}\0`).join(''));
  }

  get name(): string {
    return this.start.plan.podName;
  }

  logs(lines = 40): string {
    return this.output.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Sends a signal to the container's main process (PID 1 inside), as the kubelet does. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    process.kill(await this.mainPid(), signal);
  }

  /** What the kernel says about the running container's main process: identity, privileges, mounts. */
  async inspect(): Promise<ProcessFacts> {
    const pid = await this.mainPid();
    const status = Object.fromEntries(
      readFileSync(`/proc/${pid}/status`, 'utf8')
        .split('\n')
        .map((line) => line.split(/:\s*/, 2)),
    ) as Record<string, string>;
    const ids = (line: string) => line.trim().split(/\s+/).filter(Boolean).map(Number);
    // mountinfo: ID PARENT MAJ:MIN ROOT MOUNT-POINT OPTIONS ... ; mount points as the container sees them.
    const mounts = readFileSync(`/proc/${pid}/mountinfo`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map((fields) => ({ path: fields[4], readOnly: fields[5].split(',').includes('ro') }));
    return {
      uid: ids(status.Uid),
      gid: ids(status.Gid),
      groups: ids(status.Groups ?? ''),
      pidInNamespace: ids(status.NSpid).at(-1)!,
      noNewPrivileges: status.NoNewPrivs === '1',
      effectiveCapabilities: BigInt(`0x${status.CapEff}`),
      mounts,
    };
  }

  /** Ends the container and everything in it, whatever state it is in. */
  async destroy(): Promise<ContainerExit> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      try {
        process.kill(-this.process.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    return this.exited;
  }

  /** unshare --fork runs the container's PID 1 as its only child; polled until it exists. */
  private async mainPid(): Promise<number> {
    const parent = this.process.pid!;
    const deadline = Date.now() + 10000;
    for (;;) {
      let children = '';
      try {
        children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim();
      } catch {
        // the parent is gone or not started yet
      }
      if (children) return Number(children.split(' ')[0]);
      if (this.process.exitCode !== null || this.process.signalCode !== null)
        throw new Error(`${this.name}: the container has already exited`);
      if (Date.now() > deadline) throw new Error(`${this.name}: its main process did not appear within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function mountLine(mount: HostMount): string {
  const fields =
    mount.kind === 'tmpfs'
      ? ['tmpfs', mount.options, mount.target, 'rw']
      : ['bind', mount.source, mount.target, mount.readOnly ? 'ro' : 'rw'];
  if (fields.some((f) => /[\t\n]/.test(f)))
    throw new Error(`a mount field contains a tab or newline: ${fields}`);
  return fields.join('\t');
}
