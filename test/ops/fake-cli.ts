/**
 * Fake kubectl, helm, minikube and podman (fakes/fake-cli.cjs) in a temporary
 * directory, standing in for both the pinned tools and PATH, so no real cluster
 * tool can be reached. Each records its argv and stdin; calls() reads them back.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findTool } from '../../scripts/lib/tools';

export interface Call {
  tool: string;
  argv: string[];
  stdin: string;
}

/** Failures the fakes act out, switched on by environment variables. */
export type Scenario = Partial<
  Record<
    | 'CLUSTER_DOWN'
    | 'NO_CONTEXT'
    | 'NO_SECRET'
    | 'SHORT_JWT_SECRET'
    | 'NO_NAMESPACE'
    | 'NO_INGRESS'
    | 'HELM_FAILS'
    | 'BUILD_FAILS',
    boolean
  >
> & {
  /** A saved state (doctor fixture) that `kubectl get` and `kubectl logs` answer from. */
  STATE?: string;
};

/** The real helm that `helm template` is handed to; undefined (with a SKIP line) when there is none. */
export const REAL_HELM = findTool('helm').path;

export class FakeClis {
  readonly dir = mkdtempSync(join(tmpdir(), 'fake-cli-'));
  readonly log = join(this.dir, 'calls.log');

  constructor(tools = ['kubectl', 'helm', 'minikube', 'podman']) {
    const implementation = join(__dirname, 'fakes', 'fake-cli.cjs');
    for (const tool of tools) {
      const file = join(this.dir, tool);
      writeFileSync(
        file,
        `#!${process.execPath}\nrequire(${JSON.stringify(implementation)})(${JSON.stringify(tool)});\n`,
      );
      chmodSync(file, 0o755);
    }
    writeFileSync(this.log, '');
  }

  env(scenario: Scenario = {}): NodeJS.ProcessEnv {
    const { STATE, ...flags } = scenario;
    return {
      // The fakes stand in for the pinned tools and are first on PATH; node, bash and coreutils follow.
      TODO_APP_TOOLS_BIN: this.dir,
      PATH: `${this.dir}:${dirname(process.execPath)}:/usr/bin:/bin`,
      FAKE_LOG: this.log,
      ...(REAL_HELM ? { FAKE_REAL_HELM: REAL_HELM } : {}),
      ...(STATE ? { FAKE_STATE: STATE } : {}),
      HOME: this.dir,
      CI: 'true',
      ...Object.fromEntries(
        Object.entries(flags)
          .filter(([, on]) => on)
          .map(([k]) => [`FAKE_${k}`, '1']),
      ),
    };
  }

  calls(): Call[] {
    if (!existsSync(this.log)) return [];
    return readFileSync(this.log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }
}
