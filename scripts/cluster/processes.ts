/**
 * The cluster's host processes (etcd, the control plane, containerd, kubelet,
 * kube-proxy): started detached with their output in logs/<name>.log and their pid in
 * pids/<name>.pid, so `up` can return while they run and `down` can stop them after a
 * crash of the process that started them.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { PATHS } from './layout';
import { StepFailure } from '../lib/steps';

export interface Daemon {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const pidFile = (name: string) => join(PATHS.pids, `${name}.pid`);
export const logFile = (name: string) => join(PATHS.logs, `${name}.log`);

/**
 * Whether the process runs. A zombie does not: a daemon that `up` started in this same
 * process (the test runner does) stays one until Node reaps it, which a waiting loop
 * would never let happen.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // The state is the first field after the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The pid of a running daemon of this cluster, if it runs. */
export function runningPid(name: string): number | undefined {
  if (!existsSync(pidFile(name))) return undefined;
  const pid = Number(readFileSync(pidFile(name), 'utf8'));
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

export function startDaemon(daemon: Daemon): number {
  mkdirSync(PATHS.logs, { recursive: true });
  mkdirSync(PATHS.pids, { recursive: true });
  const existing = runningPid(daemon.name);
  if (existing) return existing;
  const out = openSync(logFile(daemon.name), 'a');
  const child = spawn(daemon.command, daemon.args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: daemon.env ?? process.env,
  });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`${daemon.name}: could not start ${daemon.command}`);
  child.unref();
  writeFileSync(pidFile(daemon.name), String(child.pid));
  return child.pid;
}

/** The last lines of a daemon's log, for error messages. */
export function logTail(name: string, lines = 15): string {
  if (!existsSync(logFile(name))) return '(no log)';
  return readFileSync(logFile(name), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Polls `ready` until it returns true, failing after `seconds` with what was awaited
 * and the daemon's last log lines. Also fails at once when the daemon has exited.
 */
export async function waitFor(
  what: string,
  seconds: number,
  ready: () => boolean | Promise<boolean>,
  daemon?: string,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (
      await Promise.resolve()
        .then(ready)
        .catch(() => false)
    )
      return;
    const fix = `read ${daemon ? logFile(daemon) : PATHS.logs}; npm run cluster -- down removes what up started`;
    if (daemon && !runningPid(daemon))
      throw new StepFailure(`${daemon} exited while waiting for ${what}:\n${logTail(daemon)}`, fix);
    if (Date.now() > deadline)
      throw new StepFailure(
        `${what}: not ready after ${seconds} s${daemon ? `\n${logTail(daemon)}` : ''}`,
        fix,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** SIGTERM, then SIGKILL after `graceSeconds`; waits until the process is gone. */
export function stopPid(pid: number, graceSeconds = 10): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceSeconds * 1000;
  while (isAlive(pid) && Date.now() < deadline) sleepMs(100);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    while (isAlive(pid)) sleepMs(50);
  }
}

/** Stops every daemon with a pid file, in the given order first, then any others. */
export function stopDaemons(order: string[]): string[] {
  if (!existsSync(PATHS.pids)) return [];
  const names = readdirSync(PATHS.pids).map((file) => file.replace(/\.pid$/, ''));
  const sorted = [
    ...order.filter((name) => names.includes(name)),
    ...names.filter((n) => !order.includes(n)),
  ];
  const stopped: string[] = [];
  for (const name of sorted) {
    const pid = runningPid(name);
    if (pid) {
      // A throwaway cluster: nothing of a daemon's state is kept, so a short grace is enough.
      stopPid(pid, 3);
      stopped.push(name);
    }
    rmSync(pidFile(name), { force: true });
  }
  return stopped;
}

/** Runs a command to completion, throwing with its output when it fails. */
export function sh(
  command: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    cwd: options.cwd,
    input: options.input,
    env: options.env ?? process.env,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr || result.error?.message}`,
    );
  return result.stdout;
}

/** Runs a command and reports whether it succeeded, ignoring its output (for clean-up). */
export function trySh(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}
