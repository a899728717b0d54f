/** Runs `npm run release` as a user would (through tsx), with credentials isolated in a temp dir. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../scripts/lib/paths';
import { findTool } from '../../../scripts/lib/tools';

export const ROOT = REPO_ROOT;
/** The helm the scripts use: the pinned one that `npm install` extracts, else PATH's. */
export const HELM = findTool('helm').path ?? 'helm';
const TSX_CLI = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface ReleaseRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** No credentials from this machine's helm, docker or podman config reach the release under test. */
export function isolatedCredentials(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'release-credentials-'));
  // podman refuses an auth file that does not exist; an empty one means "no logins".
  for (const file of ['helm-registry.json', 'containers-auth.json'])
    writeFileSync(join(dir, file), '{"auths":{}}');
  return {
    HELM_REGISTRY_CONFIG: join(dir, 'helm-registry.json'),
    REGISTRY_AUTH_FILE: join(dir, 'containers-auth.json'),
    DOCKER_CONFIG: join(dir, 'docker'),
  };
}

export function runRelease(args: string[], env: Record<string, string> = {}, timeoutMs = 60000): ReleaseRun {
  const run = spawnSync(process.execPath, [TSX_CLI, join(ROOT, 'scripts', 'release', 'main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, CI: 'true', ...isolatedCredentials(), ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The same, without blocking the test process (for the long end-to-end release). */
export function runReleaseAsync(
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ReleaseRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, join(ROOT, 'scripts', 'release', 'main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', ...isolatedCredentials(), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the release did not finish within ${timeoutMs / 60000} min:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
