/**
 * Scripts as named steps (deploy, release, the cluster scripts): each step says what it will do (for
 * --dry-run) and does it, or fails with a StepFailure that names the fix. One runner shows the progress.
 */
import { createProgress, Progress } from './progress';
import { RunResult } from './run';

/** A step that failed, with the command or change that fixes it. (Bad input is lib/args' UsageError.) */
export class StepFailure extends Error {
  constructor(
    message: string,
    public readonly fix: string,
  ) {
    super(message);
  }
}

/** What every script's steps share: warnings a step leaves for the progress display. */
export interface StepContext {
  warnings: string[];
}

export interface Step<C extends StepContext> {
  /** The progress line; a function when it names something an earlier step found. */
  name: string | ((ctx: C) => string);
  /** What it will do, one line per command, for --dry-run. */
  plan(ctx: C): string[];
  /** Changes nothing (reads local files, or pulls a chart into a temporary directory): runs in --dry-run too. */
  local?: boolean;
  /** Does it; may return a short detail for the progress line. */
  run(ctx: C): Promise<string | void> | string | void;
}

export const stepName = <C extends StepContext>(step: Step<C>, ctx: C) =>
  typeof step.name === 'string' ? step.name : step.name(ctx);

/** The result when the command succeeded; else a StepFailure with the message, its last output lines and the fix. */
export function must(result: RunResult, message: string, fix: string): RunResult {
  if (result.status === 0) return result;
  const output = result.stderr.trim() || result.stdout.trim();
  throw new StepFailure(
    `${message}: ${output.split('\n').slice(-3).join(' ') || `exit ${result.status}`}`,
    fix,
  );
}

/** Runs the steps in order; false after the first failure, which it has reported with its fix. */
export async function runSteps<C extends StepContext>(
  steps: Step<C>[],
  ctx: C,
  progress: Progress = createProgress(),
): Promise<boolean> {
  for (const step of steps) {
    progress.start(stepName(step, ctx));
    try {
      progress.done((await step.run(ctx)) || undefined);
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      progress.fail(`  ${error.message}\n  fix: ${error.fix}`);
      return false;
    }
    for (const warning of ctx.warnings.splice(0)) progress.warn(warning);
  }
  return true;
}

/**
 * --dry-run: runs the local steps (false when one fails), then prints every step's plan under `heading`.
 */
export async function dryRun<C extends StepContext>(
  steps: Step<C>[],
  ctx: C,
  heading: string,
  progress: Progress = createProgress(),
): Promise<boolean> {
  if (
    !(await runSteps(
      steps.filter((step) => step.local),
      ctx,
      progress,
    ))
  )
    return false;
  console.log(heading);
  steps.forEach((step, i) => {
    console.log(`${i + 1}. ${stepName(step, ctx)}${step.local ? '   (checked above)' : ''}`);
    for (const line of step.plan(ctx)) console.log(`     ${line}`);
  });
  return true;
}
