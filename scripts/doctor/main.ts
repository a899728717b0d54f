/**
 * `npm run doctor [-- --from state.json] [--json] [-n namespace] [--context ctx]`
 *
 * Diagnoses the deployment: what is wrong, the evidence, and the command that
 * fixes it, worst first. Exit code 0 when healthy, 1 when problems were found
 * (no pod of the app at all is a problem), 2 when the state could not be read.
 */
import { DEFAULT_RELEASE } from '../../chart/metadata';
import { parseCommandLine, UsageError } from '../lib/args';
import { diagnose } from './diagnose';
import { jsonReport, textReport } from './report';
import { saveStateCommand } from './model';
import { StateError, stateFromCluster, stateFromFile } from './state';

const USAGE = `usage: npm run doctor -- [--from state.json] [--json] [-n namespace] [--context ctx]

  --from FILE           diagnose a saved state instead of the cluster:
                        ${saveStateCommand(DEFAULT_RELEASE.namespace)}
  --json                machine-readable output
  -n, --namespace NS    default: ${DEFAULT_RELEASE.namespace} (a saved state's own namespace wins)
  --context CTX         kube context (default: the current one)
  -h, --help            this text

exit code: 0 healthy, 1 problems found (including no pod of the app), 2 the state could not be read`;

function main(argv: string[]): number {
  const options = parseCommandLine(argv, {
    from: { type: 'string' },
    json: { type: 'boolean', default: false },
    namespace: { type: 'string', short: 'n', default: DEFAULT_RELEASE.namespace },
    context: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const state = options.from
    ? stateFromFile(options.from, options.namespace)
    : stateFromCluster(options.namespace, options.context);
  const findings = diagnose(state);
  process.stdout.write(options.json ? jsonReport(state, findings) : textReport(state, findings));
  return findings.length === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`doctor: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof StateError) {
    console.error(`doctor: ${error.message}`);
    process.exitCode = 2;
  } else throw error;
}
