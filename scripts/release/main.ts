/**
 * `npm run release -- --registry HOST[:PORT][/PATH] [--version X.Y.Z] [--plain-http] [--dry-run]`
 *
 * Builds both images, pushes them as REGISTRY/todo-{backend,frontend}:X.Y.Z, packages
 * a chart pinned to their digests and pushes it to oci://REGISTRY/charts/todo-app.
 * `--dry-run` prints the plan. Every failure names its step and the fix.
 */
import { rmSync } from 'node:fs';
import { UsageError } from '../lib/args';
import { createProgress } from '../lib/progress';
import { dryRun, runSteps, StepFailure } from '../lib/steps';
import { lastReleaseDir } from './last-release';
import { parseOptions, USAGE } from './options';
import { installCommand, newContext, newWorkDir, ReleaseContext } from './context';
import { STEPS } from './steps';

const PLAN_HEADING = 'Plan (dry run: nothing is touched; TMP is a temporary directory):';

async function release(ctx: ReleaseContext): Promise<number> {
  if (!(await runSteps(STEPS, ctx, createProgress()))) return 1;
  console.log(`\nReleased ${ctx.options.version}. Install it with:\n  ${installCommand(ctx)}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options.dryRun) {
    const ctx = newContext(options, lastReleaseDir());
    if (!(await dryRun(STEPS, ctx, PLAN_HEADING))) return 1;
    console.log(`\nThen: ${installCommand(ctx)}`);
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
