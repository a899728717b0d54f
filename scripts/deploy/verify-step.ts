/**
 * Before a released chart is installed: its cosign signature, on the digest it was pulled
 * by, and the signature of every image it runs, all with the release's public key. Any
 * one missing or made with another key stops the deploy before the cluster is touched.
 */
import { readFileSync } from 'node:fs';
import { keyFingerprint } from '../../chart/sign-key';
import { cosignBinary, cosignError, publicKeyProblem, verifyArgs } from '../lib/cosign';
import { run } from '../lib/run';
import { Step, StepFailure } from '../lib/steps';
import type { DeployContext } from './steps';

const SKIPPED = 'skipped (--no-verify): the chart and its images are installed unchecked';
const log = (line: string) => process.stdout.write(`  ${line}\n`);

/** The chart as cosign takes it: by the digest it was pulled by, so what is checked is what is installed. */
const chartRef = (ctx: DeployContext, digest = ctx.pulled?.digest ?? 'sha256:…') =>
  `${ctx.options.released!.reference.replace(/^oci:\/\//, '')}@${digest}`;

const imagesOf = (ctx: DeployContext) => [...new Set((ctx.release?.images ?? []).map((i) => i.image))];

function refused(what: string, key: string, output: string): StepFailure {
  return new StepFailure(
    `${what} has no valid signature for ${key} (cosign: ${cosignError(output)}); nothing was installed`,
    `check that ${key} is the public key the release was signed with; if it is, the registry serves ` +
      'something the release did not sign: do not install it, publish the release again',
  );
}

export const verifyStep: Step<DeployContext> = {
  name: 'Signatures: the released chart and its images (cosign verify)',
  plan(ctx) {
    const { verifyKey, plainHttp } = ctx.options.released!;
    if (!verifyKey) return [SKIPPED];
    return [chartRef(ctx), ...imagesOf(ctx)].map(
      (ref) => `cosign ${verifyArgs(verifyKey, ref, plainHttp).join(' ')}`,
    );
  },
  run(ctx) {
    const { reference, version, verifyKey, plainHttp } = ctx.options.released!;
    if (!verifyKey) {
      ctx.warnings.push(`--no-verify: ${reference} ${version} and its images are not checked`);
      return SKIPPED;
    }
    const problem = publicKeyProblem(verifyKey);
    if (problem)
      throw new StepFailure(
        `--verify-key ${verifyKey}: ${problem}`,
        'give the public key the release was signed with (cosign.pub)',
      );
    const cosign = cosignBinary(log);
    const verify = (ref: string, what: string) => {
      const result = run(cosign, verifyArgs(verifyKey, ref, plainHttp), { timeoutMs: 5 * 60000 });
      if (result.status !== 0) throw refused(what, verifyKey, `${result.stdout}\n${result.stderr}`);
    };
    verify(chartRef(ctx), `the chart ${reference} ${version} (${ctx.pulled!.digest.slice(0, 19)}…)`);
    const images = imagesOf(ctx);
    for (const image of images) {
      verify(image, `the image ${image}`);
      // A tag is resolved again when the pods pull: checked now, it could point elsewhere by then.
      if (!image.includes('@'))
        ctx.warnings.push(
          `${image} runs by tag, not digest: its signature holds only while the tag is not moved ` +
            '(the released chart pins digests; a --set of image.tag or image.digest undoes that)',
        );
    }
    const fingerprint = keyFingerprint(readFileSync(verifyKey, 'utf8'));
    return `the chart and ${images.length} images are signed by the key ${fingerprint.slice(0, 16)}…`;
  },
};
