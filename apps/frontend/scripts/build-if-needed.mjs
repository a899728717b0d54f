// `npm start` right after `npm ci`: run `next build` when there is no build or the sources are newer.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = [
  'app',
  'components',
  'hooks',
  'lib',
  'public',
  'proxy.ts',
  'next.config.mjs',
  'package.json',
];
const newest = (path) => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  return stat.isDirectory()
    ? readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs)
    : stat.mtimeMs;
};
const marker = join(root, '.next', 'standalone', 'server.js');
if (!existsSync(join(root, 'app'))) process.exit(0); // a runtime image ships the build only
if (
  !existsSync(marker) ||
  statSync(marker).mtimeMs < Math.max(...SOURCES.map((s) => newest(join(root, s))))
) {
  console.log('building the frontend (no build, or sources are newer)');
  execFileSync(process.execPath, [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    // No usage data leaves the machine from a build.
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
}
