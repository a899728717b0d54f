/** The deployment, as named steps; each either succeeds or fails with the fix. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND_SECRET_KEYS, setSecretKeyCommand } from '../lib/backend-secret';
import { detectContainerCli } from '../lib/container-cli';
import { pullArgs, pullChart, PulledChart } from '../lib/helm-oci';
import { helmTemplate, RenderError, templateArgs } from '../lib/helm-template';
import { ContainerCli, minikubeLoadCommands } from '../lib/images';
import { REPO_ROOT } from '../lib/paths';
import { run } from '../lib/run';
import { must, Step, StepContext, StepFailure } from '../lib/steps';
import { findTool } from '../lib/tools';
import { BUILD_SCRIPT, buildImages, builtImage, loadIntoMinikube } from './images';
import { DeployOptions } from './options';
import { readRelease, ReleaseObjects } from './release';
import { verifyStep } from './verify-step';
import {
  collectSecretValues,
  existingSecretProblem,
  secretManifest,
  SecretValueError,
  SecretValues,
} from './secret';

export interface DeployContext extends StepContext {
  options: DeployOptions;
  env: NodeJS.ProcessEnv;
  /** Filled by the first step: the names the chart gives this release. */
  release?: ReleaseObjects;
  /** Filled by the first step with --create-secret. */
  secretValues?: SecretValues;
  /** Filled by the first step for --chart oci://…: the chart pulled once, then verified and installed. */
  pulled?: PulledChart;
  /** Filled by preflight. */
  kubeContext?: string;
  containerCli?: ContainerCli;
}

const RELEASED_IMAGES = 'skipped: the released chart runs its images from the registry';

const kube = (ctx: DeployContext) => (ctx.options.context ? ['--context', ctx.options.context] : []);
const isMinikube = (ctx: DeployContext) =>
  (ctx.kubeContext ?? ctx.options.context ?? 'minikube') === 'minikube';
const secretName = (ctx: DeployContext) => ctx.release?.secretName ?? '<the Secret the chart names>';

function requireTool(name: string): void {
  const tool = findTool(name);
  if (tool.path === undefined) throw new StepFailure(`${name} is not installed`, tool.reason);
}

/** The release, chart and values of both the rendering and the install, so both see the same release. */
const releaseOf = (ctx: DeployContext) => ({ name: ctx.options.release, namespace: ctx.options.namespace });
const chartOf = (ctx: DeployContext) => ctx.pulled?.file ?? join(REPO_ROOT, ctx.options.chart);

export function helmArgs(ctx: DeployContext): string[] {
  return [
    'upgrade',
    '--install',
    ...templateArgs(releaseOf(ctx), chartOf(ctx), ctx.options.sets).slice(1),
    ...(ctx.options.context ? ['--kube-context', ctx.options.context] : []),
    '--wait',
    '--timeout',
    ctx.options.timeout,
  ];
}

/** A command line as the user would type it from the repository root (TMP: the pulled chart's directory). */
export const shown = (tool: string, args: string[], ctx?: DeployContext) => {
  const line = `${tool} ${args.join(' ')}`.replace(`${REPO_ROOT}/`, './');
  return ctx?.pulled ? line.replace(ctx.pulled.dir, 'TMP') : line;
};

const shownPull = ({ reference, version, plainHttp }: NonNullable<DeployOptions['released']>) =>
  `helm ${pullArgs(reference, version, plainHttp, 'TMP').join(' ')}`;

/** For --chart oci://…: pulls it once; what is verified and installed is this file. */
function pull(ctx: DeployContext): void {
  const { reference, version, plainHttp } = ctx.options.released!;
  const result = pullChart(reference, version, plainHttp);
  if ('failed' in result)
    must(
      result.failed,
      `cannot pull ${reference} ${version}`,
      `npm run helm -- ${pullArgs(reference, version, plainHttp, '.').join(' ')}   # ` +
        'and npm run helm -- registry login REGISTRY when it wants a login',
    );
  else ctx.pulled = result.pulled;
}

function secretValuesFrom(ctx: DeployContext): SecretValues {
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

const renderStep: Step<DeployContext> = {
  name: (ctx) =>
    ctx.options.released
      ? 'Chart: pull the released chart, render the release, check the Secret values'
      : 'Chart: render the release, check the Secret values',
  local: true,
  plan: (ctx) => [
    ...(ctx.options.released ? [`${shownPull(ctx.options.released)}   # records its digest`] : []),
    shown('helm', templateArgs(releaseOf(ctx), chartOf(ctx), ctx.options.sets), ctx) +
      '   # the names of the Secret, Service and images',
    ...(ctx.options.createSecret
      ? [`read ${BACKEND_SECRET_KEYS.join(', ')} from ${ctx.options.envFile ?? 'the environment'}`]
      : []),
  ],
  run(ctx) {
    requireTool('helm');
    if (ctx.options.released) pull(ctx);
    else if (!existsSync(join(REPO_ROOT, ctx.options.chart, 'Chart.yaml')))
      throw new StepFailure(`no chart at ${ctx.options.chart}`, 'npm run synth');
    let rendered: string;
    try {
      rendered = helmTemplate(releaseOf(ctx), chartOf(ctx), ctx.options.sets);
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      throw new StepFailure(
        `helm cannot render the chart with these values: ${error.message}`,
        `check the --set values against the parameters table: ${ctx.options.chart}/README.md`,
      );
    }
    try {
      ctx.release = readRelease(rendered);
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      throw new StepFailure(`unexpected chart: ${error.message}`, 'npm run synth   # regenerate the chart');
    }
    if (ctx.options.createSecret) ctx.secretValues = secretValuesFrom(ctx);
    const images = ctx.release.images.map((i) => i.image).join(', ');
    const pulled = ctx.pulled
      ? `${ctx.options.released!.version} @ ${ctx.pulled.digest.slice(0, 19)}…, `
      : '';
    return `${pulled}release ${ctx.options.release}: Secret ${ctx.release.secretName}, images ${images}`;
  },
};

/** The deployment's steps; a released chart's signatures are checked before the cluster is touched. */
export function deploySteps(options: DeployOptions): Step<DeployContext>[] {
  return [renderStep, ...(options.released ? [verifyStep] : []), ...CLUSTER_STEPS];
}

const CLUSTER_STEPS: Step<DeployContext>[] = [
  {
    name: 'Preflight: kubectl, cluster, ingress controller',
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
    name: 'Namespace',
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
    name: 'Images: build and load into the cluster',
    plan(ctx) {
      if (ctx.options.released) return [RELEASED_IMAGES];
      if (!ctx.options.build) return ['skipped (--skip-build)'];
      const cli = detectContainerCli(ctx.env) ?? 'podman';
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
      if (ctx.options.released) return RELEASED_IMAGES;
      if (!ctx.options.build) return 'skipped (--skip-build)';
      const cli = detectContainerCli(ctx.env);
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
    name: (ctx) => `Secret ${secretName(ctx)}`,
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
    name: 'Helm: install or upgrade, wait for the pods',
    plan: (ctx) => [shown('helm', helmArgs(ctx), ctx)],
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
