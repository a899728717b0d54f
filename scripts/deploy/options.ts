/** Command-line options of `npm run deploy`. */
import { resolve } from 'node:path';
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
  /** A released chart to install instead (--chart oci://…): pulled, verified, installed from the registry. */
  released?: {
    /** oci://REGISTRY/charts/todo-app */
    reference: string;
    version: string;
    plainHttp: boolean;
    /** The public key its signatures are checked with (absolute); undefined with --no-verify. */
    verifyKey?: string;
  };
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
  --chart oci://REGISTRY/charts/todo-app
                       install that released chart (with --version) instead of ./dist/helm/todo-app;
                       its images come from the registry, nothing is built
  --version X.Y.Z      the released chart's version
  --verify-key FILE    check the cosign signatures of the released chart and of every image it runs
                       with this public key (cosign.pub) before anything is installed; a signature
                       that is missing or made with another key stops the deploy
  --no-verify          install a released chart without checking its signatures
  --plain-http         the registry speaks HTTP (a loopback or test registry)
  --timeout DURATION   how long helm waits for the pods (default: 5m)
  --set key=value      passed to helm (repeatable)
  -h, --help           this text`;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

interface ReleasedFlags {
  chart?: string;
  version?: string;
  'verify-key'?: string;
  'no-verify': boolean;
  'plain-http': boolean;
}

/** --chart oci://… and the flags that only make sense with it; a released chart is verified unless told not to. */
function releasedChart(values: ReleasedFlags): DeployOptions['released'] {
  const { chart, version } = values;
  const verifyKey = values['verify-key'];
  if (chart === undefined) {
    const stray = (['version', 'verify-key', 'no-verify', 'plain-http'] as const).find(
      (flag) => values[flag] !== undefined && values[flag] !== false,
    );
    if (stray)
      throw new UsageError(`--${stray} is for a released chart: add --chart oci://REGISTRY/charts/todo-app`);
    return undefined;
  }
  if (!/^oci:\/\/[^/\s]+\/\S+$/.test(chart))
    throw new UsageError(
      `--chart ${JSON.stringify(chart)}: give a released chart, oci://REGISTRY/charts/todo-app ` +
        '(without --chart, the chart in ./dist/helm/todo-app is installed)',
    );
  if (version === undefined) throw new UsageError('--chart needs --version X.Y.Z, the release to install');
  if (!VERSION.test(version))
    throw new UsageError(`--version ${JSON.stringify(version)}: expected a release version such as 1.4.0`);
  if (verifyKey !== undefined && values['no-verify'])
    throw new UsageError('--verify-key and --no-verify exclude each other');
  if (verifyKey === undefined && !values['no-verify'])
    throw new UsageError(
      'a released chart is verified before it is installed: give --verify-key cosign.pub ' +
        '(the public key of the release), or --no-verify to install it unchecked',
    );
  return {
    reference: chart.replace(/\/+$/, ''),
    version,
    plainHttp: values['plain-http'],
    verifyKey: verifyKey === undefined ? undefined : resolve(verifyKey),
  };
}

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
    chart: { type: 'string' },
    version: { type: 'string' },
    'verify-key': { type: 'string' },
    'no-verify': { type: 'boolean', default: false },
    'plain-http': { type: 'boolean', default: false },
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
    build: !values['skip-build'] && values.chart === undefined,
    timeout: values.timeout,
    sets: values.set,
    released: releasedChart(values),
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
