/** Command-line options of `npm run deploy`. */
import { parseCommandLine, UsageError } from '../lib/args';
import { DEFAULT_RELEASE } from '../../chart/metadata';
import { CHART_PATH } from '../lib/paths';

export { UsageError };

export interface DeployOptions {
  dryRun: boolean;
  context?: string;
  namespace: string;
  release: string;
  /** Chart directory, relative to the repository root. */
  chart: string;
  envFile?: string;
  createSecret: boolean;
  build: boolean;
  timeout: string;
  sets: string[];
}

export const USAGE = `usage: npm run deploy -- [options]

  --dry-run            check the chart and the Secret values, print the plan; the cluster is not touched
  --context CTX        kube context (default: the current one, e.g. minikube)
  -n, --namespace NS   default: ${DEFAULT_RELEASE.namespace}
  --release NAME       Helm release name (default: ${DEFAULT_RELEASE.name})
  --create-secret      create the Secret the chart references (app-secrets unless --set secrets.name=...),
                       when it does not exist, from COHERE_API_KEY, DATABASE_URL and JWT_SECRET in
                       the environment (or --env-file); a missing JWT_SECRET is generated, a shorter
                       one than the backend accepts is refused. Values are never printed or written
                       to disk. An existing Secret is left unchanged.
  --env-file FILE      read those variables from FILE (KEY=VALUE lines); implies --create-secret
  --skip-build         do not build and load the images
  --timeout DURATION   how long helm waits for the pods (default: 5m)
  --set key=value      passed to helm (repeatable)
  -h, --help           this text`;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The options, or null for --help. */
export function parseOptions(argv: string[]): DeployOptions | null {
  const values = parseCommandLine(argv, {
    'dry-run': { type: 'boolean', default: false },
    context: { type: 'string' },
    namespace: { type: 'string', short: 'n', default: DEFAULT_RELEASE.namespace },
    release: { type: 'string', default: DEFAULT_RELEASE.name },
    'create-secret': { type: 'boolean', default: false },
    'env-file': { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '5m' },
    set: { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return null;
  const options: DeployOptions = {
    dryRun: values['dry-run'],
    context: values.context,
    namespace: values.namespace,
    release: values.release,
    chart: CHART_PATH,
    envFile: values['env-file'],
    createSecret: values['create-secret'] || values['env-file'] !== undefined,
    build: !values['skip-build'],
    timeout: values.timeout,
    sets: values.set,
  };
  if (!DNS_LABEL.test(options.namespace) || options.namespace.length > 63)
    throw new UsageError(`--namespace ${JSON.stringify(options.namespace)} is not a valid namespace name`);
  if (!DNS_LABEL.test(options.release) || options.release.length > 53)
    throw new UsageError(
      `--release ${JSON.stringify(options.release)}: use lower case letters, digits and -, at most 53 characters`,
    );
  if (!/^\d+[smh]$/.test(options.timeout))
    throw new UsageError(`--timeout ${JSON.stringify(options.timeout)}: use a duration such as 5m or 300s`);
  const badSet = options.sets.find((s) => !/^[^=]+=/.test(s));
  if (badSet !== undefined) throw new UsageError(`--set ${JSON.stringify(badSet)}: use key=value`);
  return options;
}
