/**
 * `npm run deploy [-- options]`: preflight, images, Secret, `helm upgrade
 * --install --wait`, then where to open the app. `--dry-run` prints the plan.
 * Every failure names its step and the command that fixes it.
 */
import { run } from '../lib/run';
import { DeployOptions, parseOptions, USAGE, UsageError } from './options';
import { createProgress } from './progress';
import { STEPS, StepContext, StepFailure } from './steps';

function accessHints(ctx: StepContext): string[] {
  const { namespace, release } = ctx.options;
  const lines = ['', 'Open the app:'];
  const ip = ctx.kubeContext === 'minikube' ? run('minikube', ['ip']).stdout.trim() : '';
  lines.push('  http://todo-app.local/   (Ingress)');
  lines.push(`  add to /etc/hosts:  ${ip || '<ingress address>'} todo-app.local`);
  lines.push(
    `  or: kubectl port-forward -n ${namespace} svc/${release.includes('todo-app') ? release : `${release}-todo-app`}-frontend 3000:3000   then http://localhost:3000`,
  );
  lines.push(`Check it: npm run doctor -- -n ${namespace}`);
  return lines;
}

function printPlan(options: DeployOptions): void {
  const ctx: StepContext = { options, env: process.env, warnings: [] };
  console.log('Plan (dry run: nothing is touched):');
  STEPS.forEach((step, i) => {
    console.log(`${i + 1}. ${step.name}`);
    for (const line of step.plan(ctx)) console.log(`     ${line}`);
  });
}

function main(argv: string[]): number {
  const options = parseOptions(argv);
  if (options.dryRun) {
    printPlan(options);
    return 0;
  }
  const progress = createProgress();
  const ctx: StepContext = { options, env: process.env, warnings: [] };
  for (const step of STEPS) {
    progress.start(step.name);
    try {
      const detail = step.run(ctx);
      progress.done(detail);
      for (const warning of ctx.warnings.splice(0)) progress.warn(warning);
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      progress.fail(`  ${error.message}\n  fix: ${error.fix}`);
      return 1;
    }
  }
  for (const line of accessHints(ctx)) progress.info(line);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message === USAGE ? USAGE : `deploy: ${error.message}`);
  process.exitCode = 2;
}
