/**
 * `npm run dev`: the backend (embedded database, built-in agent unless COHERE_API_KEY
 * is set) and the Next.js dev server together. Ctrl-C stops both.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/paths';

const BACKEND_PORT = process.env.BACKEND_PORT ?? '8000';
const FRONTEND_PORT = process.env.FRONTEND_PORT ?? '3000';

const APPS: { name: string; args: string[]; env: Record<string, string> }[] = [
  {
    name: 'backend',
    args: ['--prefix', join(REPO_ROOT, 'apps', 'backend'), 'start'],
    env: { PORT: BACKEND_PORT, HOST: '127.0.0.1', SHUTDOWN_DELAY_MS: '0' },
  },
  {
    name: 'frontend',
    args: ['--prefix', join(REPO_ROOT, 'apps', 'frontend'), 'run', 'dev'],
    env: { PORT: FRONTEND_PORT, BACKEND_URL: `http://127.0.0.1:${BACKEND_PORT}` },
  },
];

let stopping = false;
const children: ChildProcess[] = [];

/** Stops both apps: each runs in its own process group (npm, its shell, node), stopped as a whole. */
function stop(code = 0): void {
  if (stopping) return;
  stopping = true;
  for (const child of children)
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  setTimeout(() => process.exit(code), 500);
}

for (const { name, args, env } of APPS) {
  const child = spawn('npm', args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) =>
    stream.on('data', (d: Buffer) => out.write(d.toString().replace(/^(?=.)/gm, `[${name}] `)));
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code) => {
    console.log(`[${name}] exited with ${code}`);
    stop(code ?? 1);
  });
  children.push(child);
}

console.log(
  `dev: frontend on http://localhost:${FRONTEND_PORT}, backend on http://localhost:${BACKEND_PORT}`,
);
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
