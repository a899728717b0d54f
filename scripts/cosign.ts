/**
 * `npm run cosign -- <cosign arguments>`: runs the cosign that release and deploy use (the
 * pinned build from scripts/go-tools/cosign, built into the shared cache on first use; without
 * Go, cosign from PATH), so the signing commands in the guides work from a clone.
 * Use `npm run --silent cosign -- ...` when piping its output.
 */
import { spawnSync } from 'node:child_process';
import { GO_TOOLS } from './go-tools/catalog';
import { goToolBinary } from './lib/go-tools';
import { NOT_FOUND } from './lib/run';

let cosign: string | undefined;
try {
  cosign = goToolBinary(GO_TOOLS.cosign, 'cosign', (line) => console.error(`cosign: ${line}`));
} catch (error) {
  console.error(`cosign: ${(error as Error).message}`);
  process.exitCode = NOT_FOUND;
}
if (cosign) {
  const run = spawnSync(cosign, process.argv.slice(2), { stdio: 'inherit' });
  if (run.error) console.error(`cosign: ${run.error.message}`);
  process.exitCode = run.status ?? (run.signal ? 128 : 1);
}
