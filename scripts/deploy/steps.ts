/** The deployment, as named steps; each either succeeds or fails with the fix. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND_SECRET_KEYS, setSecretKeyCommand } from '../lib/backend-secret';
import { ContainerCli, minikubeLoadCommands } from '../lib/images';
import { REPO_ROOT } from '../lib/paths';
import { run, RunResult } from '../lib/run';
import { findTool } from '../lib/tools';
import { BUILD_SCRIPT, buildImages, builtImage, containerCli, loadIntoMinikube } from './images';
import { DeployOptions } from './options';
import { readRelease, ReleaseObjects, RenderError } from './release';
import {
  collectSecretValues,
  existingSecretProblem,
  secretManifest,
  SecretValueError,
  SecretValues,
} from './secret';

export class StepFailure extends Error {
  constructor(
    message: string,
    public readonly fix: string,
  ) {
    super(message);
  }
}

export interface StepContext {
  options: DeployOptions;
  env: NodeJS.ProcessEnv;
  /** Filled by the first step: the names the chart gives this release. */
  release?: ReleaseObjects;
  /** Filled by the first step with --create-secret. */
  secretValues?: SecretValues;
  /** Filled by preflight. */
  kubeContext?: string;
  containerCli?: ContainerCli;
  warnings: string[];
}

export interface Step {
  title(ctx: StepContext): string;
  /** Runs in --dry-run too: it reads local files only and touches no cluster. */
  local?: boolean;
  /** What it will do, for --dry-run. */
  plan(ctx: StepContext): string[];
  run(ctx: StepContext): string | undefined;
}

const kube = (ctx: StepContext) => (ctx.options.context ? ['--context', ctx.options.context] : []);
const isMinikube = (ctx: StepContext) =>
  (ctx.kubeContext ?? ctx.options.context ?? 'minikube') === 'minikube';
const secretName = (ctx: StepContext) => ctx.release?.secretName ?? '<the Secret the chart names>';

function must(result: RunResult, message: string, fix: string): RunResult {
  if (result.status !== 0)
    throw new StepFailure(
      `${message}: ${result.stderr.trim().split('\n').slice(-3).join(' ') || `exit ${result.status}`}`,
      fix,
    );
  return result;
}

function requireTool(name: string): void {
  const tool = findTool(name);
  if (tool.path === undefined) throw new StepFailure(`${name} is not installed`, tool.reason);
}

/** helm arguments shared by the rendering and the install, so both see the same release. */
function releaseArgs(ctx: StepContext): string[] {
  return [
    ctx.options.release,
    join(REPO_ROOT, ctx.options.chart),
    '-n',
    ctx.options.namespace,
    ...ctx.options.sets.flatMap((s) => ['--set', s]),
  ];
}

export function helmArgs(ctx: StepContext): string[] {
  return [
    'upgrade',
    '--install',
    ...releaseArgs(ctx),
    ...(ctx.options.context ? ['--kube-context', ctx.options.context] : []),
    '--wait',
    '--timeout',
    ctx.options.timeout,
  ];
}

/** A command line as the user would type it from the repository root. */
export const shown = (tool: string, args: string[]) =>
  `${tool} ${args.join(' ')}`.replace(`${REPO_ROOT}/`, './');

function secretValuesFrom(ctx: StepContext): SecretValues {
  try {
    return collectSecretValues(ctx.env, ctx.options.envFile);
  } catch (error) {
    if (error instanceof SecretValueError)
      throw new StepFailure(
        error.message,
        'unset JWT_SECRET to have one generated, or set a long random one: export JWT_SECRET="$(openssl rand -hex 32)"',
      );
    throw new StepFailure(
      `cannot read ${ctx.options.envFile}: ${(error as Error).message.split(':')[0]}`,
      'check the --env-file path',
    );
  }
}

export const STEPS: Step[] = [
  {
    title: () => 'Chart: render the release, check the Secret values',
    local: true,
    plan: (ctx) => [
      shown('helm template', releaseArgs(ctx)) + '   # the names of the Secret, Service and images',
      ...(ctx.options.createSecret
        ? [`read ${BACKEND_SECRET_KEYS.join(', ')} from ${ctx.options.envFile ?? 'the environment'}`]
        : []),
    ],
    run(ctx) {
      requireTool('helm');
      if (!existsSync(join(REPO_ROOT, ctx.options.chart, 'Chart.yaml')))
        throw new StepFailure(`no chart at ${ctx.options.chart}`, 'npm run synth');
      const rendered = must(
        run('helm', ['template', ...releaseArgs(ctx)]),
        'helm cannot render the chart with these values',
        'check the --set values against the parameters table: dist/helm/todo-app/README.md',
      );
      try {
        ctx.release = readRelease(rendered.stdout);
      } catch (error) {
        if (!(error instanceof RenderError)) throw error;
        throw new StepFailure(`unexpected chart: ${error.message}`, 'npm run synth   # regenerate the chart');
      }
      if (ctx.options.createSecret) ctx.secretValues = secretValuesFrom(ctx);
      const images = ctx.release.images.map((i) => i.image).join(', ');
      return `release ${ctx.options.release}: Secret ${ctx.release.secretName}, images ${images}`;
    },
  },
  {
    title: () => 'Preflight: kubectl, cluster, ingress controller',
    plan: (ctx) => [
      'check kubectl is installed',
      shown('kubectl', [...kube(ctx), 'version']),
      'kubectl get ingressclass nginx',
    ],
    run(ctx) {
      requireTool('kubectl');
      ctx.kubeContext =
        ctx.options.context ?? (run('kubectl', ['config', 'current-context']).stdout.trim() || undefined);
      if (!ctx.kubeContext)
        throw new StepFailure(
          'no kube context is selected',
          'minikube start --cpus 4 --memory 8192   # or pick one: kubectl config get-contexts, then --context <name>',
        );
      must(
        run('kubectl', [...kube(ctx), 'version', '--request-timeout=10s', '-o', 'json'], {
          timeoutMs: 20000,
        }),
        `cluster ${ctx.kubeContext} is not reachable`,
        isMinikube(ctx)
          ? 'minikube start --cpus 4 --memory 8192'
          : `kubectl --context ${ctx.kubeContext} cluster-info`,
      );
      if (isMinikube(ctx) && ctx.options.build) requireTool('minikube');
      if (run('kubectl', [...kube(ctx), 'get', 'ingressclass', 'nginx', '-o', 'name']).status !== 0) {
        const fix = isMinikube(ctx) ? 'minikube addons enable ingress' : 'install ingress-nginx';
        ctx.warnings.push(
          `no nginx IngressClass: the Ingress will get no address (fix: ${fix}); port-forward still works`,
        );
      }
      return `context ${ctx.kubeContext}`;
    },
  },
  {
    title: () => 'Namespace',
    plan: (ctx) => [
      `kubectl get namespace ${ctx.options.namespace} || kubectl create namespace ${ctx.options.namespace}`,
    ],
    run(ctx) {
      if (
        run('kubectl', [...kube(ctx), 'get', 'namespace', ctx.options.namespace, '-o', 'name']).status === 0
      )
        return `${ctx.options.namespace} exists`;
      must(
        run('kubectl', [...kube(ctx), 'create', 'namespace', ctx.options.namespace]),
        `cannot create namespace ${ctx.options.namespace}`,
        'check your permissions: kubectl auth can-i create namespaces',
      );
      return `${ctx.options.namespace} created`;
    },
  },
  {
    title: () => 'Images: build and load into the cluster',
    plan(ctx) {
      if (!ctx.options.build) return ['skipped (--skip-build)'];
      const cli = containerCli(ctx.env) ?? 'podman';
      return [
        `bash ${BUILD_SCRIPT}   # with ${cli}`,
        ...(ctx.release?.images ?? []).flatMap(({ component, image }) =>
          minikubeLoadCommands(cli, builtImage(component, ctx.env), image).map(
            (c) => `${c}   # minikube contexts only`,
          ),
        ),
      ];
    },
    run(ctx) {
      if (!ctx.options.build) return 'skipped (--skip-build)';
      const cli = containerCli(ctx.env);
      if (!cli)
        throw new StepFailure(
          'neither a running docker engine nor podman was found',
          'install docker (https://docs.docker.com/engine/install/) or podman (Debian: apt-get install podman)',
        );
      must(
        buildImages(cli, ctx.env),
        'image build failed',
        `npm run images   # see the build output (it used ${cli})`,
      );
      const images = ctx.release!.images;
      if (!isMinikube(ctx))
        return (
          `built with ${cli} (not a minikube context: ` +
          `push ${images.map((i) => i.image).join(', ')} where the cluster can pull them)`
        );
      for (const { component, image } of images) {
        const built = builtImage(component, ctx.env);
        must(
          loadIntoMinikube(cli, built, image),
          `cannot load ${image} into minikube`,
          minikubeLoadCommands(cli, built, image).join(' && '),
        );
      }
      return `built with ${cli}, loaded ${images.map((i) => i.image).join(', ')}`;
    },
  },
  {
    title: (ctx) => `Secret ${secretName(ctx)}`,
    plan: (ctx) => [
      ctx.options.createSecret
        ? `kubectl get secret ${secretName(ctx)} -n ${ctx.options.namespace} || ` +
          `kubectl apply -f - -n ${ctx.options.namespace}   # create it from ${BACKEND_SECRET_KEYS.join(', ')} ` +
          '(values via stdin only); an existing one is kept'
        : `kubectl get secret ${secretName(ctx)} -n ${ctx.options.namespace}   # must exist (or pass --create-secret)`,
    ],
    run(ctx) {
      const name = secretName(ctx);
      const { namespace } = ctx.options;
      const got = run('kubectl', [...kube(ctx), 'get', 'secret', name, '-n', namespace, '-o', 'json']);
      // An existing Secret is never overwritten: a new JWT_SECRET would sign everyone out,
      // a lost DATABASE_URL would hide the data.
      if (got.status === 0) {
        const problem = existingSecretProblem(JSON.parse(got.stdout));
        if (problem)
          throw new StepFailure(
            `the existing Secret ${name} would stop the backend: ${problem}`,
            setSecretKeyCommand(name, namespace, 'JWT_SECRET'),
          );
        return ctx.options.createSecret
          ? `exists, left unchanged (to replace it: kubectl delete secret ${name} -n ${namespace}, then deploy again)`
          : 'exists';
      }
      if (!/NotFound/.test(got.stderr))
        must(got, `cannot read Secret ${name}`, `kubectl auth can-i get secrets -n ${namespace}`);
      if (!ctx.secretValues) {
        throw new StepFailure(
          `Secret ${name} does not exist in ${namespace}`,
          `rerun with --create-secret (reads ${BACKEND_SECRET_KEYS.join(', ')} from the environment, ` +
            'or --env-file FILE; JWT_SECRET is generated when absent)',
        );
      }
      must(
        run('kubectl', [...kube(ctx), 'apply', '-n', namespace, '-f', '-'], {
          input: secretManifest(name, namespace, ctx.secretValues.values),
        }),
        `cannot write Secret ${name}`,
        `kubectl auth can-i create secrets -n ${namespace}`,
      );
      const notes = [
        ...ctx.secretValues.generated.map((k) => `${k} generated`),
        ...ctx.secretValues.empty.map((k) => `${k} empty`),
      ];
      return `created${notes.length ? ` (${notes.join(', ')})` : ''}`;
    },
  },
  {
    title: () => 'Helm: install or upgrade, wait for the pods',
    plan: (ctx) => [shown('helm', helmArgs(ctx))],
    run(ctx) {
      must(
        run('helm', helmArgs(ctx), { timeoutMs: 15 * 60000 }),
        `helm upgrade --install ${ctx.options.release} failed`,
        `npm run doctor -- -n ${ctx.options.namespace}   # shows which pod is stuck and why`,
      );
      return `release ${ctx.options.release} deployed`;
    },
  },
];
