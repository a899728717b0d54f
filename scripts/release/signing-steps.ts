/**
 * Steps that sign a release with cosign and a key pair (no transparency log, see
 * lib/cosign.ts): the key is checked before anything is built, each image is signed
 * and gets its SBOM as a signed attestation once pushed, the chart once pushed, and
 * everything is verified with the public key at the end. The key's path is shown,
 * its content and its password (COSIGN_PASSWORD) never.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyFingerprint } from '../../chart/sign-key';
import { GO_TOOLS } from '../go-tools/catalog';
import {
  attestArgs,
  cosignBinary,
  cosignError,
  publicKeyArgs,
  signArgs,
  toolOrFailure,
  verifyArgs,
  verifyAttestationArgs,
} from '../lib/cosign';
import { goToolBinary, pinnedVersion } from '../lib/go-tools';
import { REPO_ROOT } from '../lib/paths';
import { run } from '../lib/run';
import { StepFailure } from '../lib/steps';
import { outputOf, registryContext, ReleaseContext, relative, Step } from './context';
import { pushFailure } from './registry-errors';
import { chartByDigest, IMAGE_NAMES, ImageName, imageByDigest } from './registry-ref';
import { sbomFile } from './sbom';

const SKIPPED = 'skipped (--no-sign)';
const log = (line: string) => process.stdout.write(`  ${line}\n`);
const seconds = (started: number) => `${((Date.now() - started) / 1000).toFixed(2)} s`;

/** The key's path as the plan and the progress show it. */
const keyShown = (ctx: ReleaseContext) => relative(ctx.options.signing!.key);

/** Runs cosign on one artifact; a failure names the artifact, what cosign said and the fix. */
function cosign(ctx: ReleaseContext, args: string[], what: string): string {
  const started = Date.now();
  const result = run(ctx.tools.cosign!, args, { timeoutMs: 10 * 60000 });
  if (result.status !== 0) {
    const output = outputOf(result);
    throw pushFailure(
      `cosign ${args[0]} ${what}`,
      cosignError(output),
      registryContext(ctx),
      'container',
      `cosign ${args.map(relative).join(' ')}   # shows the whole error`,
    );
  }
  return seconds(started);
}

/** Why the key cannot sign: cosign's words turned into the fix. */
function keyFailure(key: string, error: string): StepFailure {
  if (/decrypt/i.test(error))
    return new StepFailure(
      `COSIGN_PASSWORD does not open ${key} (${error})`,
      'export COSIGN_PASSWORD with the password the key pair was made with',
    );
  if (/pem type|PUBLIC KEY/i.test(error))
    return new StepFailure(
      `${key} is not a cosign private key (${error})`,
      'give --key the private key (cosign.key); the public one (cosign.pub) is for verifying',
    );
  return new StepFailure(
    `cosign cannot read the key ${key}: ${error}`,
    'npm run cosign -- generate-key-pair   # makes cosign.key and cosign.pub',
  );
}

/** A key file inside the checkout that git would commit. */
function committable(key: string): boolean {
  return (
    key.startsWith(`${REPO_ROOT}/`) && run('git', ['-C', REPO_ROOT, 'check-ignore', '-q', key]).status === 1
  );
}

export const signingPreflightStep: Step = {
  name: 'Preflight: signing key, cosign and syft',
  plan: (ctx) => {
    const tools = [GO_TOOLS.syft, ...(ctx.options.signing ? [GO_TOOLS.cosign] : [])]
      .map((tool) => `${tool.module} ${pinnedVersion(tool)}`)
      .join(' and ');
    const build = `${tools}: built from scripts/go-tools/ when not cached (or from PATH without Go)`;
    if (!ctx.options.signing) return [build, 'not signing (--no-sign)'];
    const url = ctx.options.signing.keyUrl;
    return [
      build,
      `cosign ${publicKeyArgs(keyShown(ctx)).join(' ')} > TMP/cosign.pub   # opens the key with COSIGN_PASSWORD`,
      url
        ? `Chart.yaml artifacthub.io/signKey: the fingerprint of TMP/cosign.pub and ${url}`
        : 'no --sign-key-url: Chart.yaml gets no artifacthub.io/signKey',
    ];
  },
  run(ctx) {
    ctx.tools.syft = toolOrFailure(() => goToolBinary(GO_TOOLS.syft, 'syft', log));
    const signing = ctx.options.signing;
    if (!signing) {
      ctx.warnings.push('--no-sign: nothing is signed; npm run deploy -- --verify-key refuses this release');
      return `syft; ${SKIPPED}`;
    }
    if (!existsSync(signing.key))
      throw new StepFailure(
        `there is no key at ${signing.key}`,
        'npm run cosign -- generate-key-pair   # writes cosign.key and cosign.pub; or give --key the path of yours',
      );
    if (process.env.COSIGN_PASSWORD === undefined)
      throw new StepFailure(
        `COSIGN_PASSWORD is not set; it holds the password of ${keyShown(ctx)}`,
        'read -rs COSIGN_PASSWORD && export COSIGN_PASSWORD   # (a key made without one: COSIGN_PASSWORD=)',
      );
    ctx.tools.cosign = cosignBinary(log);
    const result = run(ctx.tools.cosign, publicKeyArgs(signing.key));
    if (result.status !== 0) throw keyFailure(keyShown(ctx), cosignError(outputOf(result)));
    const file = join(ctx.workDir, 'cosign.pub');
    writeFileSync(file, result.stdout);
    ctx.publicKey = { file, fingerprint: keyFingerprint(result.stdout) };
    if (committable(signing.key))
      ctx.warnings.push(
        `${keyShown(ctx)} is inside the checkout and not git-ignored: keep it out of commits`,
      );
    if (!signing.keyUrl)
      ctx.warnings.push('no --sign-key-url: the chart carries no artifacthub.io/signKey for Artifact Hub');
    return `${keyShown(ctx)} opens with COSIGN_PASSWORD, fingerprint ${ctx.publicKey.fingerprint.slice(0, 16)}…`;
  },
};

const imageRefs = (ctx: ReleaseContext, digest = (image: ImageName) => ctx.digests[image]!) =>
  IMAGE_NAMES.map((image) => ({ image, ref: imageByDigest(ctx.options.registry, image, digest(image)) }));
const planned = (ctx: ReleaseContext) => imageRefs(ctx, () => 'sha256:…');
const chartRef = (ctx: ReleaseContext, digest = ctx.chartDigest!) =>
  chartByDigest(ctx.options.registry, digest);
/** A cosign command line for the plan, with the repository's paths relative. */
const shown = (args: string[]) => `cosign ${args.map(relative).join(' ')}`;

export const signImagesStep: Step = {
  name: 'Images: sign (cosign)',
  plan: (ctx) => {
    if (!ctx.options.signing) return [SKIPPED];
    return planned(ctx).map(({ ref }) =>
      shown(signArgs(ctx.options.signing!.key, ref, ctx.options.plainHttp)),
    );
  },
  run(ctx) {
    if (!ctx.options.signing) return SKIPPED;
    const { key } = ctx.options.signing;
    const signed = imageRefs(ctx).map(
      ({ image, ref }) => `${image} ${cosign(ctx, signArgs(key, ref, ctx.options.plainHttp), ref)}`,
    );
    return signed.join(', ');
  },
};

export const attestSbomsStep: Step = {
  name: 'Images: attach the SBOMs as signed attestations (cosign attest)',
  plan: (ctx) => {
    if (!ctx.options.signing) return [SKIPPED];
    const { key } = ctx.options.signing;
    return planned(ctx).map(({ image, ref }) =>
      shown(attestArgs(key, ref, sbomFile(ctx.options.sbomDir, image), ctx.options.plainHttp)),
    );
  },
  run(ctx) {
    if (!ctx.options.signing) return SKIPPED;
    const { key } = ctx.options.signing;
    const attested = imageRefs(ctx).map(({ image, ref }) => {
      const args = attestArgs(key, ref, ctx.sboms[image]!, ctx.options.plainHttp);
      return `${image} ${cosign(ctx, args, ref)}`;
    });
    return attested.join(', ');
  },
};

export const signChartStep: Step = {
  name: 'Chart: sign (cosign)',
  plan: (ctx) =>
    ctx.options.signing
      ? [shown(signArgs(ctx.options.signing.key, chartRef(ctx, 'sha256:…'), ctx.options.plainHttp))]
      : [SKIPPED],
  run(ctx) {
    if (!ctx.options.signing) return SKIPPED;
    const ref = chartRef(ctx);
    const took = cosign(ctx, signArgs(ctx.options.signing.key, ref, ctx.options.plainHttp), ref);
    return `${ref.replace(/@.*/, '')} ${took}`;
  },
};

export const verifyStep: Step = {
  name: 'Signatures: verify the images, their SBOM attestations and the chart',
  plan: (ctx) => {
    if (!ctx.options.signing) return [SKIPPED];
    const http = ctx.options.plainHttp;
    const pub = 'TMP/cosign.pub';
    return [
      ...planned(ctx).flatMap(({ ref }) => [
        shown(verifyArgs(pub, ref, http)),
        shown(verifyAttestationArgs(pub, ref, http)),
      ]),
      shown(verifyArgs(pub, chartRef(ctx, 'sha256:…'), http)),
    ];
  },
  run(ctx) {
    if (!ctx.options.signing) return SKIPPED;
    const pub = ctx.publicKey!.file;
    const http = ctx.options.plainHttp;
    const timings = imageRefs(ctx).map(({ image, ref }) => {
      const signature = cosign(ctx, verifyArgs(pub, ref, http), ref);
      return `${image} ${signature} + SBOM ${cosign(ctx, verifyAttestationArgs(pub, ref, http), ref)}`;
    });
    timings.push(`chart ${cosign(ctx, verifyArgs(pub, chartRef(ctx), http), chartRef(ctx))}`);
    return timings.join(', ');
  },
};
