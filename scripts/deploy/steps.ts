/** The deployment, as named steps; each either succeeds or fails with the fix. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasTool, run, RunResult } from '../lib/run';
import { DeployOptions } from './options';
import { collectSecretValues, secretManifest } from './secret';

export const REPO_ROOT = join(__dirname, '..', '..');
export const SECRET_NAME = 'app-secrets';
export const IMAGES = ['todo-backend:latest', 'todo-frontend:latest'];

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
  /** Filled by preflight. */
  kubeContext?: string;
  warnings: string[];
}

export interface Step {
  name: string;
  /** What it will do, for --dry-run. */
  plan(ctx: StepContext): string[];
  run(ctx: StepContext): string | undefined;
}

const kube = (ctx: StepContext) => (ctx.options.context ? ['--context', ctx.options.context] : []);
const isMinikube = (ctx: StepContext) =>
  (ctx.kubeContext ?? ctx.options.context ?? 'minikube') === 'minikube';

function must(result: RunResult, message: string, fix: string): RunResult {
  if (result.status !== 0)
    throw new StepFailure(
      `${message}: ${result.stderr.trim().split('\n').slice(-3).join(' ') || `exit ${result.status}`}`,
      fix,
    );
  return result;
}

export const STEPS: Step[] = [
  {
    name: 'Preflight: tools, cluster, ingress controller',
    plan: (ctx) => [
      'check kubectl and helm are installed',
      `kubectl ${[...kube(ctx), 'version'].join(' ')}`,
      'kubectl get ingressclass nginx',
    ],
    run(ctx) {
      for (const tool of ['kubectl', 'helm']) {
        if (!hasTool(tool))
          throw new StepFailure(
            `${tool} is not installed`,
            tool === 'helm'
              ? 'run `npm install` (it puts helm in .tools/bin) or install helm: https://helm.sh/docs/intro/install/'
              : 'install kubectl: https://kubernetes.io/docs/tasks/tools/',
          );
      }
      if (!existsSync(join(REPO_ROOT, ctx.options.chart, 'Chart.yaml')))
        throw new StepFailure(`no chart at ${ctx.options.chart}`, 'npm run synth');
      ctx.kubeContext =
        ctx.options.context ?? (run('kubectl', ['config', 'current-context']).stdout.trim() || undefined);
      if (!ctx.kubeContext)
        throw new StepFailure(
          'no kube context is selected',
          'minikube start --cpus 4 --memory 8192   # or pass --context <name>',
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
      if (isMinikube(ctx) && ctx.options.build && !hasTool('minikube'))
        throw new StepFailure(
          'minikube is not installed (needed to load the images)',
          'install minikube, or pass --skip-build and push the images to a registry the cluster can pull from',
        );
      if (run('kubectl', [...kube(ctx), 'get', 'ingressclass', 'nginx', '-o', 'name']).status !== 0) {
        ctx.warnings.push(
          `no nginx IngressClass: the Ingress will get no address (fix: ${isMinikube(ctx) ? 'minikube addons enable ingress' : 'install ingress-nginx'}); port-forward still works`,
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
    plan: (ctx) =>
      ctx.options.build
        ? [
            'bash scripts/images/build-images.sh   # docker, else podman',
            ...IMAGES.map((i) => `minikube image load ${i}   # minikube contexts only`),
          ]
        : ['skipped (--skip-build)'],
    run(ctx) {
      if (!ctx.options.build) return 'skipped (--skip-build)';
      must(
        run('bash', [join(REPO_ROOT, 'scripts', 'images', 'build-images.sh')], { timeoutMs: 20 * 60000 }),
        'image build failed',
        'npm run images   # see the build output; docker or podman must be installed',
      );
      if (!isMinikube(ctx))
        return `built ${IMAGES.join(', ')} (not a minikube context: make them pullable by the cluster yourself)`;
      for (const image of IMAGES)
        must(
          run('minikube', ['image', 'load', image], { timeoutMs: 10 * 60000 }),
          `cannot load ${image} into minikube`,
          `minikube image load ${image}`,
        );
      return `built and loaded ${IMAGES.join(', ')}`;
    },
  },
  {
    name: `Secret ${SECRET_NAME}`,
    plan: (ctx) => [
      ctx.options.createSecret
        ? `kubectl get secret ${SECRET_NAME} -n ${ctx.options.namespace} || kubectl apply -f - -n ${ctx.options.namespace}   # create it from COHERE_API_KEY, DATABASE_URL, JWT_SECRET (values via stdin only); an existing one is kept`
        : `kubectl get secret ${SECRET_NAME} -n ${ctx.options.namespace}   # must exist (or pass --create-secret)`,
    ],
    run(ctx) {
      const exists =
        run('kubectl', [
          ...kube(ctx),
          'get',
          'secret',
          SECRET_NAME,
          '-n',
          ctx.options.namespace,
          '-o',
          'name',
        ]).status === 0;
      // An existing Secret is never overwritten: a new JWT_SECRET would sign everyone out, a lost DATABASE_URL would hide the data.
      if (exists)
        return ctx.options.createSecret
          ? `exists, left unchanged (to replace it: kubectl delete secret ${SECRET_NAME} -n ${ctx.options.namespace}, then deploy again)`
          : 'exists';
      if (!ctx.options.createSecret) {
        throw new StepFailure(
          `Secret ${SECRET_NAME} does not exist in ${ctx.options.namespace}`,
          'rerun with --create-secret (reads COHERE_API_KEY, DATABASE_URL, JWT_SECRET from the environment, or --env-file FILE; JWT_SECRET is generated when absent)',
        );
      }
      let secret;
      try {
        secret = collectSecretValues(ctx.env, ctx.options.envFile);
      } catch (error) {
        throw new StepFailure(
          `cannot read ${ctx.options.envFile}: ${(error as Error).message.split(':')[0]}`,
          'check the --env-file path',
        );
      }
      must(
        run('kubectl', [...kube(ctx), 'apply', '-n', ctx.options.namespace, '-f', '-'], {
          input: secretManifest(SECRET_NAME, ctx.options.namespace, secret.values),
        }),
        `cannot write Secret ${SECRET_NAME}`,
        `kubectl auth can-i create secrets -n ${ctx.options.namespace}`,
      );
      const notes = [
        ...secret.generated.map((k) => `${k} generated`),
        ...secret.empty.map((k) => `${k} empty`),
      ];
      return `created${notes.length ? ` (${notes.join(', ')})` : ''}`;
    },
  },
  {
    name: 'Helm: install or upgrade, wait for the pods',
    plan: (ctx) => [`helm ${helmArgs(ctx).join(' ').replace(`${REPO_ROOT}/`, './')}`],
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

export function helmArgs(ctx: StepContext): string[] {
  return [
    'upgrade',
    '--install',
    ctx.options.release,
    join(REPO_ROOT, ctx.options.chart),
    '-n',
    ctx.options.namespace,
    ...(ctx.options.context ? ['--kube-context', ctx.options.context] : []),
    '--wait',
    '--timeout',
    ctx.options.timeout,
    ...ctx.options.sets.flatMap((s) => ['--set', s]),
  ];
}
