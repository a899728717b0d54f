/**
 * Programs from PyPI (linters, scanners, API fuzzers) at the versions pinned in
 * scripts/python-tools/requirements.txt, installed into a virtual environment that
 * lives outside the checkout, keyed by that file's content: every clone on a machine
 * shares it, and a changed pin makes a new one.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

export const PYTHON_REQUIREMENTS = join(REPO_ROOT, 'scripts', 'python-tools', 'requirements.txt');

/** The cache root: $TODO_APP_PYTHON_TOOLS_CACHE, else ~/.cache/todo-app/python-tools. */
export function pythonToolsCache(): string {
  return process.env.TODO_APP_PYTHON_TOOLS_CACHE ?? join(homedir(), '.cache', 'todo-app', 'python-tools');
}

function python(): string | undefined {
  const result = spawnSync('python3', ['-c', 'import venv, sys; print(sys.version.split()[0])'], {
    encoding: 'utf8',
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Whether python3 with venv is there, for suites that print `SKIP:` without it. */
export function hasPython(): boolean {
  return python() !== undefined;
}

/** The environment's bin folder, creating the environment first when it is not there. */
export function ensurePythonTools(log: (line: string) => void = () => {}): string {
  const version = python();
  if (!version)
    throw new Error('the Python tools need python3 with venv (Debian: apt-get install python3-venv)');
  const requirements = readFileSync(PYTHON_REQUIREMENTS);
  const key = createHash('sha256').update(requirements).update(version).digest('hex').slice(0, 16);
  const venv = join(pythonToolsCache(), `venv-${key}`);
  const bin = join(venv, 'bin');
  if (existsSync(join(venv, '.complete'))) return bin;
  // A venv records its own path in its scripts, so it is made in place, under a lock
  // (mkdir is atomic) that a second process waits on.
  const lock = `${venv}.lock`;
  mkdirSync(pythonToolsCache(), { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    const deadline = Date.now() + 20 * 60_000;
    while (!existsSync(join(venv, '.complete'))) {
      if (Date.now() > deadline)
        throw new Error(`gave up waiting for ${lock} (remove it if no install runs)`);
      spawnSync('sleep', ['1']);
    }
    return bin;
  }
  try {
    rmSync(venv, { recursive: true, force: true });
    log(`installing the Python tools of ${PYTHON_REQUIREMENTS} into ${venv}`);
    const steps: [string, string[]][] = [
      ['python3', ['-m', 'venv', venv]],
      [join(bin, 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', PYTHON_REQUIREMENTS]],
    ];
    for (const [command, args] of steps) {
      const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (result.status !== 0)
        throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr || result.error?.message}`);
    }
    writeFileSync(join(venv, '.complete'), '');
    return bin;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
