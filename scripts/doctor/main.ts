/**
 * `npm run doctor [-- --from state.json] [--json] [-n namespace] [--context ctx]`
 *
 * Diagnoses the deployment: what is wrong, the evidence, and the command that
 * fixes it, worst first. Exit code 0 when healthy, 1 when problems were found,
 * 2 when the state could not be read.
 */
import { diagnose } from './diagnose';
import { jsonReport, textReport } from './report';
import { StateError, stateFromCluster, stateFromFile } from './state';

const USAGE = `usage: npm run doctor -- [--from state.json] [--json] [-n namespace] [--context ctx]

  --from FILE     diagnose a saved state instead of the cluster:
                  kubectl get pods,events,deploy,svc,ingress,endpoints -n todo-app -o json > state.json
  --json          machine-readable output
  -n NAMESPACE    default: todo-app
  --context CTX   kube context (default: the current one)`;

function main(argv: string[]): number {
  const options = {
    from: undefined as string | undefined,
    json: false,
    namespace: 'todo-app',
    context: undefined as string | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new StateError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--from') options.from = value();
    else if (arg === '--json') options.json = true;
    else if (arg === '-n' || arg === '--namespace') options.namespace = value();
    else if (arg === '--context') options.context = value();
    else if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      return 0;
    } else throw new StateError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
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
  if (!(error instanceof StateError)) throw error;
  console.error(`doctor: ${error.message}`);
  process.exitCode = 2;
}
