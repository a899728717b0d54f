/**
 * `npm run helm -- <helm arguments>`: runs the helm the scripts use (the pinned
 * .tools/bin/helm that `npm install` extracts on linux-x64, else helm from PATH),
 * so the commands in the guides work from a clone without a helm on PATH.
 * Use `npm run --silent helm -- ...` when piping its output.
 */
import { spawnSync } from 'node:child_process';
import { NOT_FOUND } from './lib/run';
import { findTool } from './lib/tools';

const helm = findTool('helm');
if (helm.path === undefined) {
  console.error(`helm: ${helm.reason}`);
  process.exitCode = NOT_FOUND;
} else {
  const run = spawnSync(helm.path, process.argv.slice(2), { stdio: 'inherit' });
  if (run.error) console.error(`helm: ${run.error.message}`);
  process.exitCode = run.status ?? (run.signal ? 128 : 1);
}
