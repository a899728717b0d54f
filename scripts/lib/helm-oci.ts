/** Charts in an OCI registry: what `helm push` and `helm pull` report, and pulling one to a file. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, RunResult } from './run';

/** The manifest digest `helm push` and `helm pull` print ("Digest: sha256:…"). */
export function reportedDigest(output: string): string | undefined {
  return /Digest:\s*(sha256:[0-9a-f]{64})/.exec(output)?.[1];
}

export const pullArgs = (reference: string, version: string, plainHttp: boolean, destination: string) => [
  'pull',
  reference,
  '--version',
  version,
  ...(plainHttp ? ['--plain-http'] : []),
  '--destination',
  destination,
];

export interface PulledChart {
  /** The temporary directory holding it; the caller removes it. */
  dir: string;
  /** The packaged chart. */
  file: string;
  /** The manifest digest it was pulled by: what a signature is checked on. */
  digest: string;
}

/** Pulls `reference` at `version` into a new temporary directory; the result, or helm's when it failed. */
export function pullChart(
  reference: string,
  version: string,
  plainHttp: boolean,
): { pulled: PulledChart } | { failed: RunResult } {
  const dir = mkdtempSync(join(tmpdir(), 'todo-app-chart-'));
  const result = run('helm', pullArgs(reference, version, plainHttp, dir), { timeoutMs: 5 * 60000 });
  const output = `${result.stdout}\n${result.stderr}`;
  const digest = reportedDigest(output);
  const file = readdirSync(dir).find((entry) => entry.endsWith('.tgz'));
  if (result.status !== 0 || !digest || !file) {
    rmSync(dir, { recursive: true, force: true });
    return {
      failed:
        result.status !== 0
          ? result
          : { ...result, status: 1, stderr: `helm pull reported no digest: ${output}` },
    };
  }
  return { pulled: { dir, file: join(dir, file), digest } };
}
