/**
 * `npm run release -- --registry HOST[:PORT][/PATH] [--version X.Y.Z] [--plain-http] [--dry-run]`
 *
 * Builds both images, pushes them as REGISTRY/todo-{backend,frontend}:X.Y.Z, packages
 * a chart pinned to their digests and pushes it to oci://REGISTRY/charts/todo-app.
 * `--dry-run` prints the plan. Every failure names its step and the fix.
 */
import { rmSync } from 'node:fs';
import { createProgress } from '../deploy/progress';
import { UsageError } from '../lib/args';
import { ReleaseFailure } from './errors';
import { lastReleaseDir } from './last-release';
import { parseOptions, USAGE } from './options';
import { installCommand, newContext, newWorkDir, ReleaseContext } from './context';
import { STEPS } from './steps';

function printPlan(ctx: ReleaseContext): void {
  console.log('Plan (dry run: nothing is touched; TMP is a temporary directory):');
  STEPS.forEach((step, i) => {
    console.log(`${i + 1}. ${step.name}`);
    for (const line of step.plan(ctx)) console.log(`     ${line}`);
  });
  console.log(`\nThen: ${installCommand(ctx)}`);
}

async function release(ctx: ReleaseContext): Promise<number> {
  const progress = createProgress();
  for (const step of STEPS) {
    progress.start(step.name);
    try {
      progress.done(await step.run(ctx));
    } catch (error) {
      if (!(error instanceof ReleaseFailure)) throw error;
      progress.fail(`  ${error.message}\n  fix: ${error.fix}`);
      return 1;
    }
    for (const warning of ctx.warnings.splice(0)) progress.warn(warning);
  }
  progress.info(`\nReleased ${ctx.options.version}. Install it with:\n  ${installCommand(ctx)}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options.dryRun) {
    printPlan(newContext(options, lastReleaseDir()));
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
    if (error instanceof ReleaseFailure) {
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
