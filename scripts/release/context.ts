/** What the release steps share: the options, what earlier steps found, and the step shape. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RELEASE } from '../../chart/metadata';
import { detectContainerCli } from '../lib/container-cli';
import { RunResult } from '../lib/run';
import { ContainerCli } from '../lib/images';
import { Step as GenericStep, StepContext } from '../lib/steps';
import { REPO_ROOT } from '../lib/paths';
import { ReleaseOptions } from './options';
import { RegistryContext } from './registry-errors';
import { chartReference } from './registry-ref';
import { Digests } from './release-chart';
import { ImageName } from './registry-ref';

export interface ReleaseContext extends StepContext {
  options: ReleaseOptions;
  /** docker or podman; detected before the plan is printed (a read-only check). */
  cli: ContainerCli | undefined;
  lastReleaseDir: string;
  /** Scratch space for the synthesized charts; removed when the release ends. */
  workDir: string;
  digests: Digests;
  packaged?: string;
  /** The chart's manifest digest, as `helm push` reported it. */
  chartDigest?: string;
  /** cosign and syft, located (or built) by the signing preflight. */
  tools: { cosign?: string; syft?: string };
  /** The public half of the signing key, written to workDir by the signing preflight. */
  publicKey?: { file: string; fingerprint: string };
  /** The SBOM file of each image. */
  sboms: Partial<Record<ImageName, string>>;
}

export type Step = GenericStep<ReleaseContext>;

export function newContext(options: ReleaseOptions, lastReleaseDir: string, workDir = ''): ReleaseContext {
  return {
    options,
    cli: detectContainerCli(),
    lastReleaseDir,
    workDir,
    digests: {},
    tools: {},
    sboms: {},
    warnings: [],
  };
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

export function installCommand({ options }: ReleaseContext): string {
  const plainHttp = options.plainHttp ? ' --plain-http' : '';
  const chart = chartReference(options.registry);
  return `helm install ${DEFAULT_RELEASE.name} ${chart} --version ${options.version}${plainHttp}`;
}

/** The deploy that checks the signatures before it installs (--no-verify for an unsigned release). */
export function deployCommand({ options }: ReleaseContext): string {
  const plainHttp = options.plainHttp ? ' --plain-http' : '';
  const verify = options.signing ? '--verify-key cosign.pub' : '--no-verify';
  return (
    `npm run deploy -- --chart ${chartReference(options.registry)} --version ${options.version}` +
    `${plainHttp} ${verify}`
  );
}
