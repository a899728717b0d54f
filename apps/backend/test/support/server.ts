/** The backend as a real child process (node dist/server.js), as Kubernetes runs it. */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GiveUp, waitUntil } from './wait';

const ROOT = join(__dirname, '..', '..');

export function ensureBuilt(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.mjs')], { stdio: 'pipe' });
  if (!existsSync(join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js missing after build');
}

/** What `node dist/server.js` reads: the build, its dependencies and package.json. */
const RUNTIME = ['dist', 'node_modules', 'package.json'];
let runtimeCopy: string | undefined;

/** Makes every directory under `path` searchable and every file readable by all (a umask 077 checkout). */
function openToAll(path: string): void {
  const mode = statSync(path).mode & 0o7777;
  if (statSync(path).isDirectory()) {
    chmodSync(path, mode | 0o755);
    for (const entry of readdirSync(path, { withFileTypes: true }))
      if (!entry.isSymbolicLink()) openToAll(join(path, entry.name));
  } else chmodSync(path, mode | 0o444);
}

/**
 * The backend's root as another user can reach it. A checkout may sit in a private directory
 * (a 0700 `mktemp -d`, anything under /root) that a pod's uid cannot enter: then that user runs
 * a copy of what the server reads, made once per test process in the temporary directory.
 */
function rootFor(spawnAs: { uid?: number }): string {
  if (spawnAs.uid === undefined || spawnAs.uid === process.getuid?.()) return ROOT;
  if (!runtimeCopy) {
    const copy = mkdtempSync(join(tmpdir(), 'todo-backend-runtime-'));
    for (const part of RUNTIME)
      cpSync(join(ROOT, part), join(copy, part), { recursive: true, verbatimSymlinks: true });
    openToAll(copy);
    process.once('exit', () => rmSync(copy, { recursive: true, force: true }));
    runtimeCopy = copy;
  }
  return runtimeCopy;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves once the process has printed a line matching `pattern` (now or later); rejects if it exits first. */
  waitForOutput(pattern: RegExp, what: string, timeoutMs?: number): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `node dist/server.js` and waits until it answers `waitFor` (default /ready: the database is
 * reached and migrated; /health: it listens).
 */
export async function startServer(
  env: Record<string, string>,
  {
    waitFor = '/ready',
    timeoutMs = 60_000,
    spawn: spawnAs = {},
  }: { waitFor?: '/ready' | '/health'; timeoutMs?: number; spawn?: { uid?: number; gid?: number } } = {},
): Promise<RunningServer> {
  ensureBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, [join(rootFor(spawnAs), 'dist', 'server.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      SHUTDOWN_DELAY_MS: '0',
      JWT_SECRET: 'process-test-secret-0123456789',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...spawnAs,
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;

  const waitForOutput = (pattern: RegExp, what: string, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = out.match(pattern);
        if (!match) return false;
        finish();
        resolve(match[0]);
        return true;
      };
      const onExit = (code: number | null) => {
        if (check()) return;
        finish();
        reject(new Error(`server exited (${code}) before printing ${what}: ${out}`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for the server to print ${what}: ${out}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        child.stderr!.off('data', check);
        child.off('exit', onExit);
      };
      if (check()) return;
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.on('exit', onExit);
    });

  await waitUntil(
    `the server on port ${port} to answer ${waitFor} with 200`,
    async () => {
      if (child.exitCode !== null) throw new GiveUp(`server exited with ${child.exitCode}`);
      return (await fetch(`${url}${waitFor}`)).ok;
    },
    { timeoutMs },
  ).catch((error) => {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${out}`);
  });
  return {
    url,
    child,
    output: () => out,
    exited,
    waitForOutput,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function signupOver(
  url: string,
): Promise<{ userId: string; token: string; headers: Record<string, string> }> {
  const res = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `p${Date.now()}${Math.random().toString(36).slice(2)}@example.com`,
      password: 'a good password',
    }),
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user_id: string; token: string };
  return {
    userId: body.user_id,
    token: body.token,
    headers: { authorization: `Bearer ${body.token}`, 'content-type': 'application/json' },
  };
}
