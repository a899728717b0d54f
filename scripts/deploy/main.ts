/**
 * `npm run deploy [-- options]`: render the chart for the release, preflight,
 * images, Secret, `helm upgrade --install --wait`, then where to open the app.
 * `--dry-run` runs the local checks and prints the plan. Every failure names its
 * step and the command that fixes it.
 */
import { run } from '../lib/run';
import { DeployOptions, parseOptions, USAGE, UsageError } from './options';
import { createProgress, Progress } from './progress';
import { Step, STEPS, StepContext, StepFailure } from './steps';

function accessHints(ctx: StepContext): string[] {
  const { namespace } = ctx.options;
  const host = ctx.release?.hosts[0];
  const service = ctx.release?.frontendService;
  const lines = ['', 'Open the app:'];
  if (host) {
    const ip = ctx.kubeContext === 'minikube' ? run('minikube', ['ip']).stdout.trim() : '';
    lines.push(`  http://${host}/   (Ingress)`);
    lines.push(`  add to /etc/hosts:  ${ip || '<ingress address>'} ${host}`);
    if (ctx.kubeContext === 'minikube' && process.platform !== 'linux')
      lines.push(
        '  minikube with the docker driver (macOS, Windows): that address is not reachable from here;',
        `  run \`minikube tunnel\` in another terminal and use 127.0.0.1 ${host} instead`,
      );
  }
  if (service)
    lines.push(
      `  or: kubectl port-forward -n ${namespace} svc/${service.name} ${service.port}:${service.port}   then http://localhost:${service.port}`,
    );
  lines.push(`Check it: npm run doctor -- -n ${namespace}`);
  return lines;
}

/** Runs the steps in order; false after the first failure (already reported). */
function runSteps(steps: Step[], ctx: StepContext, progress: Progress): boolean {
  for (const step of steps) {
    progress.start(step.title(ctx));
    try {
      const detail = step.run(ctx);
      progress.done(detail);
      for (const warning of ctx.warnings.splice(0)) progress.warn(warning);
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      progress.fail(`  ${error.message}\n  fix: ${error.fix}`);
      return false;
    }
  }
  return true;
}

function printPlan(ctx: StepContext): void {
  console.log('Plan (dry run: the cluster is not touched):');
  STEPS.forEach((step, i) => {
    console.log(`${i + 1}. ${step.title(ctx)}${step.local ? '   (checked above)' : ''}`);
    for (const line of step.plan(ctx)) console.log(`     ${line}`);
  });
}

function main(options: DeployOptions): number {
  const progress = createProgress();
  const ctx: StepContext = { options, env: process.env, warnings: [] };
  if (options.dryRun) {
    if (
      !runSteps(
        STEPS.filter((s) => s.local),
        ctx,
        progress,
      )
    )
      return 1;
    printPlan(ctx);
    return 0;
  }
  if (!runSteps(STEPS, ctx, progress)) return 1;
  for (const line of accessHints(ctx)) progress.info(line);
  return 0;
}

try {
  const options = parseOptions(process.argv.slice(2));
  if (options) process.exitCode = main(options);
  else console.log(USAGE);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`deploy: ${error.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
