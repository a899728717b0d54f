#!/usr/bin/env node
// `npm run dev`: the backend (embedded database, built-in agent unless COHERE_API_KEY is set)
// and the Next.js dev server together. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BACKEND_PORT = process.env.BACKEND_PORT ?? '8000';
const FRONTEND_PORT = process.env.FRONTEND_PORT ?? '3000';

const children = [
  [
    'backend',
    'npm',
    ['--prefix', join(ROOT, 'apps/backend'), 'start'],
    { PORT: BACKEND_PORT, HOST: '127.0.0.1', SHUTDOWN_DELAY_MS: '0' },
  ],
  [
    'frontend',
    'npm',
    ['--prefix', join(ROOT, 'apps/frontend'), 'run', 'dev'],
    { PORT: FRONTEND_PORT, BACKEND_URL: `http://127.0.0.1:${BACKEND_PORT}` },
  ],
].map(([name, cmd, args, env]) => {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream, out) =>
    stream.on('data', (d) => out.write(d.toString().replace(/^(?=.)/gm, `[${name}] `)));
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code) => {
    console.log(`[${name}] exited with ${code}`);
    stop(code ?? 1);
  });
  return child;
});

console.log(
  `dev: frontend on http://localhost:${FRONTEND_PORT}, backend on http://localhost:${BACKEND_PORT}`,
);

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
