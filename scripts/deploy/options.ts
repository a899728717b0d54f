/** Command-line options of `npm run deploy`. */
export interface DeployOptions {
  dryRun: boolean;
  context?: string;
  namespace: string;
  release: string;
  chart: string;
  envFile?: string;
  createSecret: boolean;
  build: boolean;
  timeout: string;
  sets: string[];
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run deploy -- [options]

  --dry-run            print the plan, touch nothing
  --context CTX        kube context (default: the current one, e.g. minikube)
  -n, --namespace NS   default: todo-app
  --release NAME       Helm release name (default: todo-app)
  --create-secret      create Secret app-secrets, when it does not exist, from COHERE_API_KEY,
                       DATABASE_URL and JWT_SECRET in the environment (or --env-file); a
                       missing JWT_SECRET is generated. Values are never printed or written
                       to disk. An existing Secret is left unchanged.
  --env-file FILE      read those variables from FILE (KEY=VALUE lines)
  --skip-build         do not build and load the images
  --timeout DURATION   how long helm waits for the pods (default: 5m)
  --set key=value      passed to helm (repeatable)`;

export function parseOptions(argv: string[]): DeployOptions {
  const options: DeployOptions = {
    dryRun: false,
    namespace: 'todo-app',
    release: 'todo-app',
    chart: 'dist/helm/todo-app',
    createSecret: false,
    build: true,
    timeout: '5m',
    sets: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--dry-run':
        options.dryRun = true;
        break;
      case '--context':
        options.context = value();
        break;
      case '-n':
      case '--namespace':
        options.namespace = value();
        break;
      case '--release':
        options.release = value();
        break;
      case '--env-file':
        options.envFile = value();
        options.createSecret = true;
        break;
      case '--create-secret':
        options.createSecret = true;
        break;
      case '--skip-build':
        options.build = false;
        break;
      case '--timeout':
        options.timeout = value();
        break;
      case '--set':
        options.sets.push(value());
        break;
      case '-h':
      case '--help':
        throw new UsageError(USAGE);
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(options.namespace))
    throw new UsageError(`--namespace ${JSON.stringify(options.namespace)} is not a valid namespace name`);
  if (!/^\d+[smh]$/.test(options.timeout))
    throw new UsageError(`--timeout ${JSON.stringify(options.timeout)}: use a duration such as 5m or 300s`);
  return options;
}
