/** Running the cluster CLIs (kubectl, helm, minikube) without a shell, capturing output. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

const REPO_ROOT = join(__dirname, '..', '..');

/** A tool from PATH, else the pinned copy in .tools/bin (helm, kubectl). */
export function resolveTool(name: string): string {
  const onPath = (process.env.PATH ?? '')
    .split(':')
    .map((dir) => join(dir, name))
    .find((p) => p && existsSync(p));
  if (onPath) return onPath;
  const pinned = join(REPO_ROOT, '.tools', 'bin', name);
  return existsSync(pinned) ? pinned : name;
}

export function hasTool(name: string): boolean {
  return resolveTool(name) !== name;
}

export function run(
  tool: string,
  args: string[],
  options: { input?: string; timeoutMs?: number } = {},
): RunResult {
  const result = spawnSync(resolveTool(tool), args, {
    encoding: 'utf8',
    input: options.input,
    timeout: options.timeoutMs ?? 120000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) return { status: 127, stdout: '', stderr: `${tool}: ${result.error.message}` };
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}
