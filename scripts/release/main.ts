/**
 * `npm run release -- --registry HOST[:PORT][/PATH] (--key cosign.key | --no-sign) [--version X.Y.Z] ...`
 *
 * Builds both images, pushes them as REGISTRY/todo-{backend,frontend}:X.Y.Z, writes their
 * SBOMs, signs them and attaches the SBOMs as signed attestations, packages a chart pinned to
 * their digests, pushes it to oci://REGISTRY/charts/todo-app and signs it, then verifies it all.
 * `--dry-run` prints the plan. Every failure names its step and the fix.
 */
import { rmSync } from 'node:fs';
import { UsageError } from '../lib/args';
import { createProgress } from '../lib/progress';
import { dryRun, runSteps, StepFailure } from '../lib/steps';
import { lastReleaseDir } from './last-release';
import { parseOptions, USAGE } from './options';
import { deployCommand, installCommand, newContext, newWorkDir, ReleaseContext } from './context';
import { STEPS } from './steps';

const PLAN_HEADING = 'Plan (dry run: nothing is touched; TMP is a temporary directory):';

/** How to install the release; a signed one, checking its signatures first. */
function nextSteps(ctx: ReleaseContext): string {
  const sboms =
    `SBOMs: ${ctx.options.sbomDir}/ ` +
    '(scan them where a vulnerability database can be fetched: docs/signed-releases.md)';
  if (!ctx.options.signing)
    return `It is not signed. Install it with:\n  ${installCommand(ctx)}\n  or ${deployCommand(ctx)}\n${sboms}`;
  return [
    'Install it, checking the signatures first (cosign.pub: the public half of the key):',
    `  ${deployCommand(ctx)}`,
    `  or verify by hand (docs/signed-releases.md), then: ${installCommand(ctx)}`,
    sboms,
  ].join('\n');
}

async function release(ctx: ReleaseContext): Promise<number> {
  if (!(await runSteps(STEPS, ctx, createProgress()))) return 1;
  console.log(`\nReleased ${ctx.options.version}. ${nextSteps(ctx)}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options.dryRun) {
    const ctx = newContext(options, lastReleaseDir());
    if (!(await dryRun(STEPS, ctx, PLAN_HEADING))) return 1;
    console.log(`\nThen: ${installCommand(ctx)}\n  or: ${deployCommand(ctx)}`);
    return 0;
  }
  const ctx = newContext(options, lastReleaseDir(), newWorkDir());
  try {
    return await release(ctx);
  } finally {
    rmSync(ctx.workDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof StepFailure) {
      console.error(`release: ${error.message}\n  fix: ${error.fix}`);
      process.exitCode = 1;
      return;
    }
    if (!(error instanceof UsageError)) throw error;
    if (error.message === USAGE) {
      console.log(USAGE); // --help
      return;
    }
    console.error(`release: ${error.message}`);
    process.exitCode = 2;
  },
);
