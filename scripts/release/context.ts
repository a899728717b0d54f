/** What the release steps share: the options, what earlier steps found, and the step shape. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RELEASE } from '../../chart/metadata';
import { RunResult } from '../lib/run';
import { ContainerCli } from '../lib/images';
import { detectContainerCli } from './container-cli';
import { ReleaseFailure } from './errors';
import { REPO_ROOT } from '../lib/paths';
import { ReleaseOptions } from './options';
import { RegistryContext } from './registry-errors';
import { chartReference } from './registry-ref';
import { Digests } from './release-chart';

export interface ReleaseContext {
  options: ReleaseOptions;
  /** docker or podman; detected before the plan is printed (a read-only check). */
  cli: ContainerCli | undefined;
  lastReleaseDir: string;
  /** Scratch space for the synthesized charts; removed when the release ends. */
  workDir: string;
  digests: Digests;
  packaged?: string;
  warnings: string[];
}

export interface Step {
  name: string;
  /** What it will do, for --dry-run. */
  plan(ctx: ReleaseContext): string[];
  /** Does it; returns a short detail for the progress line. */
  run(ctx: ReleaseContext): Promise<string | undefined> | string | undefined;
}

export function newContext(options: ReleaseOptions, lastReleaseDir: string, workDir = ''): ReleaseContext {
  return { options, cli: detectContainerCli(), lastReleaseDir, workDir, digests: {}, warnings: [] };
}

export const newWorkDir = () => mkdtempSync(join(tmpdir(), 'todo-app-release-'));

/** Paths inside the repository, shown relative to its root. */
export const relative = (path: string) => path.replace(`${REPO_ROOT}/`, '');

export const cliName = (ctx: ReleaseContext) => ctx.cli ?? 'docker';

export const registryContext = (ctx: ReleaseContext): RegistryContext => ({
  registry: ctx.options.registry,
  plainHttp: ctx.options.plainHttp,
  cli: cliName(ctx),
});

export const outputOf = (result: RunResult) => `${result.stdout}\n${result.stderr}`;

export function must(result: RunResult, message: string, fix: string): RunResult {
  if (result.status === 0) return result;
  const lastLines = outputOf(result).trim().split('\n').slice(-5).join('\n  ');
  throw new ReleaseFailure(`${message}:\n  ${lastLines || `exit ${result.status}`}`, fix);
}

export function installCommand({ options }: ReleaseContext): string {
  const plainHttp = options.plainHttp ? ' --plain-http' : '';
  const chart = chartReference(options.registry);
  return `helm install ${DEFAULT_RELEASE.name} ${chart} --version ${options.version}${plainHttp}`;
}
