/**
 * The apps install cleanly on the Node.js the project supports: `npm ci` warns of no package that
 * wants a newer Node (EBADENGINE), every lockfile entry's plain lower bound is at or under the
 * supported minimum, and the docs state that minimum.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/paths';

const APPS = ['apps/backend', 'apps/frontend'];
const json = (path: string) => JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8'));
/** The root package's `engines.node`, e.g. ">=20.19": the one statement of what is supported. */
const SUPPORTED = json('package.json').engines.node as string;
const minimum = SUPPORTED.match(/^>=\s*(\d+)\.(\d+)$/)!
  .slice(1)
  .map(Number);

test('the supported Node is stated as a lower bound', () => {
  expect(SUPPORTED).toMatch(/^>=\s*\d+\.\d+$/);
});

describe.each(APPS)('%s', (app) => {
  test('engines.node is the repository-wide minimum', () => {
    expect(json(`${app}/package.json`).engines.node).toBe(SUPPORTED);
  });

  test('npm ci (dry run) warns of no unsupported engine', () => {
    const run = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: join(REPO_ROOT, app),
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain('EBADENGINE');
  }, 120_000);

  // npm's check above runs on this machine's Node; this one holds for the supported minimum too.
  test('no locked package asks for a Node newer than the minimum', () => {
    const packages = json(`${app}/package-lock.json`).packages as Record<
      string,
      { engines?: { node?: string } }
    >;
    const tooNew = Object.entries(packages).flatMap(([path, { engines }]) => {
      const bound = engines?.node?.match(/^>=\s*v?(\d+)(?:\.(\d+))?/);
      if (!bound || /\|\|/.test(engines!.node!)) return [];
      const [major, minor = 0] = bound.slice(1).map((n) => Number(n ?? 0));
      const newer = major > minimum[0] || (major === minimum[0] && minor > minimum[1]);
      return newer ? [`${path} wants node ${engines!.node}`] : [];
    });
    expect(tooNew).toEqual([]);
  });
});

test.each(['README.md', 'apps/backend/README.md', 'apps/frontend/README.md', 'docs/deployment-guide.md'])(
  '%s names the supported minimum',
  (doc) => {
    const [major, minor] = minimum;
    expect(readFileSync(join(REPO_ROOT, doc), 'utf8')).toMatch(
      new RegExp(`Node(\\.js)? ${major}\\.${minor}\\b`),
    );
  },
);
