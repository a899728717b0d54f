/**
 * `npm run dev`: the backend (embedded database, built-in agent unless COHERE_API_KEY is set) and
 * the Next.js dev server together. Ctrl-C stops both.
 *
 * - The backend signs sessions with a secret made once per checkout (.dev/jwt-secret, git-ignored;
 *   JWT_SECRET in the environment wins), so a restart signs nobody out.
 * - The frontend starts once the backend answers /ready, so the first sign-up never meets a
 *   backend that is still building.
 * - When the backend exits (a crash, or you stopped it to pick up changes) it is started again,
 *   and the frontend keeps running meanwhile; the page shows its outage banner and reconnects.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { devJwtSecret } from './lib/dev-secret';
import { REPO_ROOT } from './lib/paths';

const BACKEND_PORT = process.env.BACKEND_PORT ?? '8000';
const FRONTEND_PORT = process.env.FRONTEND_PORT ?? '3000';
const BACKEND_URL = `http://127.0.0.1:${BACKEND_PORT}`;
/** Restart pauses grow while the backend keeps crashing at once, and start over after a good run. */
const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 30_000;
const GOOD_RUN_MS = 10_000;

interface App {
  name: string;
  args: string[];
  env: Record<string, string>;
}

const BACKEND: App = {
  name: 'backend',
  args: ['--prefix', join(REPO_ROOT, 'apps', 'backend'), 'start'],
  env: {
    PORT: BACKEND_PORT,
    HOST: '127.0.0.1',
    SHUTDOWN_DELAY_MS: '0',
    JWT_SECRET: process.env.JWT_SECRET?.trim() || devJwtSecret(),
  },
};
const FRONTEND: App = {
  name: 'frontend',
  args: ['--prefix', join(REPO_ROOT, 'apps', 'frontend'), 'run', 'dev'],
  env: { PORT: FRONTEND_PORT, BACKEND_URL },
};

let stopping = false;
const running = new Set<ChildProcess>();
const say = (line: string) => console.log(`[dev] ${line}`);

/** Stops everything: each app runs in its own process group (npm, its shell, node), stopped as a whole. */
function stop(code = 0): void {
  if (stopping) return;
  stopping = true;
  for (const child of running) signalGroup(child, 'SIGTERM');
  setTimeout(() => process.exit(code), 500);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function launch({ name, args, env }: App, onExit: (code: number | null) => void): ChildProcess {
  const child = spawn('npm', args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) =>
    stream.on('data', (d: Buffer) => out.write(d.toString().replace(/^(?=.)/gm, `[${name}] `)));
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  running.add(child);
  // The process group's id, for stopping this app by hand (`kill -- -PID`).
  say(`${name} started (process group ${child.pid})`);
  child.on('exit', (code) => {
    running.delete(child);
    if (!stopping) onExit(code);
  });
  return child;
}

/** Resolves once the backend answers /ready; rejects if it exits first. */
async function backendReady(child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the backend exited');
    const ok = await fetch(`${BACKEND_URL}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

let pause = FIRST_PAUSE_MS;
let frontendStarted = false;

function startBackend(): void {
  const started = Date.now();
  const child = launch(BACKEND, (code) => {
    if (!frontendStarted) {
      // It never came up: a build or configuration error to fix, not something to retry.
      say(`backend exited with ${code} before it was ready; stopping`);
      stop(code || 1);
      return;
    }
    pause = Date.now() - started > GOOD_RUN_MS ? FIRST_PAUSE_MS : Math.min(pause * 2, LONGEST_PAUSE_MS);
    say(`backend exited with ${code}; restarting in ${pause / 1000} s (the frontend keeps running)`);
    setTimeout(() => stopping || startBackend(), pause);
  });
  backendReady(child).then(
    () => {
      say(`backend ready on ${BACKEND_URL}`);
      if (frontendStarted) return;
      frontendStarted = true;
      launch(FRONTEND, (code) => {
        say(`frontend exited with ${code}; stopping`);
        stop(code ?? 1);
      });
      say(`frontend on http://localhost:${FRONTEND_PORT}, backend on http://localhost:${BACKEND_PORT}`);
    },
    () => undefined, // its exit handler has said what happens next
  );
}

say('starting the backend (building it when needed); the frontend follows once it is ready');
startBackend();
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
