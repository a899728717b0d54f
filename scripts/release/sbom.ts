/**
 * The SBOM of each pushed image: syft reads the image from the registry by digest (so the
 * SBOM describes exactly what was pushed) and writes CycloneDX JSON, which cosign then
 * attaches as a signed attestation (signing-steps.ts).
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../lib/run';
import { StepFailure } from '../lib/steps';
import { outputOf, relative, Step } from './context';
import { IMAGE_NAMES, ImageName, imageByDigest } from './registry-ref';

export const sbomFile = (dir: string, image: ImageName) => join(dir, `${image}.cdx.json`);

export const syftArgs = (ref: string, file: string) => [
  'scan',
  `registry:${ref}`,
  '--output',
  `cyclonedx-json=${file}`,
  '--quiet',
];

/** syft asks its project's server for a newer version unless told not to; nothing leaves the machine. */
export function syftEnv(plainHttp: boolean): Record<string, string> {
  return {
    SYFT_CHECK_FOR_APP_UPDATE: 'false',
    ...(plainHttp ? { SYFT_REGISTRY_INSECURE_USE_HTTP: 'true' } : {}),
  };
}

/** The number of components of a CycloneDX document, or a failure when `file` is not one. */
export function cycloneDxComponents(file: string): number {
  let doc: { bomFormat?: unknown; components?: unknown[] };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StepFailure(
      `syft wrote no readable SBOM to ${file} (${(error as Error).message})`,
      'syft --version',
    );
  }
  if (doc.bomFormat !== 'CycloneDX' || !Array.isArray(doc.components) || doc.components.length === 0)
    throw new StepFailure(`${file} is not a CycloneDX SBOM with components`, 'syft --version');
  return doc.components.length;
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export const sbomStep: Step = {
  name: 'Images: write the SBOMs (syft, CycloneDX)',
  plan: (ctx) =>
    IMAGE_NAMES.map((image) => {
      const ref = imageByDigest(ctx.options.registry, image, 'sha256:…');
      const env = Object.entries(syftEnv(ctx.options.plainHttp)).map(([k, v]) => `${k}=${v}`);
      return `${env.join(' ')} syft ${syftArgs(ref, relative(sbomFile(ctx.options.sbomDir, image))).join(' ')}`;
    }),
  run(ctx) {
    mkdirSync(ctx.options.sbomDir, { recursive: true });
    const written: string[] = [];
    for (const image of IMAGE_NAMES) {
      const ref = imageByDigest(ctx.options.registry, image, ctx.digests[image]!);
      const file = sbomFile(ctx.options.sbomDir, image);
      const env = syftEnv(ctx.options.plainHttp);
      const result = run(ctx.tools.syft!, syftArgs(ref, file), {
        env: { ...process.env, ...env },
        timeoutMs: 20 * 60000,
      });
      if (result.status !== 0)
        throw new StepFailure(
          `syft could not read ${ref}: ${outputOf(result).trim().split('\n').slice(-3).join(' ')}`,
          `${Object.entries(env)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')} syft scan registry:${ref} -vv`,
        );
      const components = cycloneDxComponents(file);
      ctx.sboms[image] = file;
      written.push(`${image} ${megabytes(statSync(file).size)}, ${components} components`);
    }
    return `${relative(ctx.options.sbomDir)}/: ${written.join('; ')}`;
  },
};
