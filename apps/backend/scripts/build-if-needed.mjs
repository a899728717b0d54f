// `npm start` right after `npm ci`: compile when dist/ is missing or older than src/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);

const entry = join(root, 'dist', 'server.js');
if (!existsSync(join(root, 'src'))) process.exit(0); // a runtime image ships dist/ only
if (!existsSync(entry) || statSync(entry).mtimeMs < newest(join(root, 'src'))) {
  console.log('building the backend (dist/ is missing or stale)');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  execFileSync(process.execPath, [join(root, 'scripts', 'make-pglite-seed.mjs')], { stdio: 'inherit' });
}
