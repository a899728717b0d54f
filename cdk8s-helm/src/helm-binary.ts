/** Finding and running the real helm (3.16 and later, 4.x included). */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface HelmLocation {
  /** The helm binary. Default: $HELM_BIN, else `helm` on PATH. */
  readonly helm?: string;
}

export class HelmNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HelmNotFoundError';
  }
}

/** The helm binary to run: the option, else $HELM_BIN, else the first `helm` on PATH. */
export function findHelm(options: HelmLocation = {}): string {
  const given = options.helm ?? process.env.HELM_BIN;
  if (given) {
    if (!isExecutable(given)) throw new HelmNotFoundError(`helm: ${given} is not an executable file`);
    return given;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'helm');
    if (isExecutable(candidate)) return candidate;
  }
  throw new HelmNotFoundError(
    'helm is not on PATH: install Helm 3.16+ or 4 (https://helm.sh/docs/intro/install/), ' +
      'or pass its path (--helm PATH, the helm option, or HELM_BIN)',
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface HelmRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

let scratch: string | undefined;

/** Runs helm with its cache and configuration in a scratch directory, so no user setting leaks in. */
export function runHelm(helm: string, args: readonly string[]): HelmRun {
  scratch ??= mkdtempSync(join(tmpdir(), 'cdk8s-helm-home-'));
  const run = spawnSync(helm, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: {
      ...process.env,
      HELM_CACHE_HOME: join(scratch, 'cache'),
      HELM_CONFIG_HOME: join(scratch, 'config'),
      HELM_DATA_HOME: join(scratch, 'data'),
    },
  });
  if (run.error) throw run.error;
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** `helm template RELEASE DIR -n NAMESPACE ARGS…`: the rendered text, or helm's message. */
export function helmTemplateText(
  helm: string,
  chartDir: string,
  release: { readonly name: string; readonly namespace: string },
  args: readonly string[] = [],
): { ok: true; text: string } | { ok: false; message: string } {
  const run = runHelm(helm, ['template', release.name, chartDir, '--namespace', release.namespace, ...args]);
  return run.status === 0 ? { ok: true, text: run.stdout } : { ok: false, message: run.stderr.trim() };
}
