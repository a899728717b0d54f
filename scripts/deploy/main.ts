/**
 * `npm run deploy [-- options]`: render the chart for the release (a released one: pulled,
 * then its signatures checked), preflight, images, Secret, `helm upgrade --install --wait`,
 * then where to open the app.
 * `--dry-run` runs the local checks and prints the plan. Every failure names its
 * step and the command that fixes it.
 */
import { rmSync } from 'node:fs';
import { createProgress } from '../lib/progress';
import { run } from '../lib/run';
import { dryRun, runSteps } from '../lib/steps';
import { DeployOptions, parseOptions, USAGE, UsageError } from './options';
import { DeployContext, deploySteps } from './steps';

function accessHints(ctx: DeployContext): string[] {
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

async function deploy(ctx: DeployContext): Promise<number> {
  const progress = createProgress();
  const steps = deploySteps(ctx.options);
  if (ctx.options.dryRun)
    return (await dryRun(steps, ctx, 'Plan (dry run: the cluster is not touched):', progress)) ? 0 : 1;
  if (!(await runSteps(steps, ctx, progress))) return 1;
  for (const line of accessHints(ctx)) progress.info(line);
  return 0;
}

async function main(options: DeployOptions): Promise<number> {
  const ctx: DeployContext = { options, env: process.env, warnings: [] };
  try {
    return await deploy(ctx);
  } finally {
    if (ctx.pulled) rmSync(ctx.pulled.dir, { recursive: true, force: true });
  }
}

function usageError(error: unknown): void {
  if (!(error instanceof UsageError)) throw error;
  console.error(`deploy: ${error.message}\n\n${USAGE}`);
  process.exitCode = 2;
}

try {
  const options = parseOptions(process.argv.slice(2));
  if (options) main(options).then((code) => (process.exitCode = code));
  else console.log(USAGE);
} catch (error) {
  usageError(error);
}
