/** Running the cluster CLIs (kubectl, helm, minikube, podman) without a shell, capturing output. */
import { spawnSync } from 'node:child_process';
import { findTool } from './tools';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Exit status for "command not found", as a shell would report it. */
export const NOT_FOUND = 127;
/** Exit status for a command that was stopped for taking too long (as `timeout` reports it). */
export const TIMED_OUT = 124;

export function run(
  tool: string,
  args: string[],
  options: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): RunResult {
  const found = findTool(tool);
  if (found.path === undefined) return { status: NOT_FOUND, stdout: '', stderr: found.reason };
  const result = spawnSync(found.path, args, {
    encoding: 'utf8',
    input: options.input,
    env: options.env ?? process.env,
    timeout: options.timeoutMs ?? 120000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT')
    return { status: TIMED_OUT, stdout: result.stdout ?? '', stderr: `${tool} ${args[0]} timed out` };
  if (result.error) return { status: NOT_FOUND, stdout: '', stderr: `${tool}: ${result.error.message}` };
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}
