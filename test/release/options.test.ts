/** `npm run release` flags: exactly --registry, --version, --plain-http, --dry-run; the version's one source. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOptions } from '../../scripts/release/options';
import { ROOT, runRelease } from './support/release-cli';

const packageVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

test('the version comes from package.json unless --version overrides it', () => {
  expect(parseOptions(['--registry', 'example.com/team'])).toMatchObject({
    version: packageVersion,
    versionSource: 'package.json',
    plainHttp: false,
    dryRun: false,
    registry: { host: 'example.com', prefix: 'example.com/team' },
  });
  expect(
    parseOptions(['--registry=127.0.0.1:5000', '--version', '2.3.4-rc.1', '--plain-http']),
  ).toMatchObject({
    version: '2.3.4-rc.1',
    versionSource: '--version',
    plainHttp: true,
    registry: { host: '127.0.0.1:5000', prefix: '127.0.0.1:5000' },
  });
});

test.each([
  [['--registry', 'example.com', '--version', 'latest'], /"latest" is not a release version/],
  [['--registry', 'example.com', '--version', '1.2'], /"1.2" is not a release version/],
  [['--registry', 'example.com', '--version', '1.2.3+build.5'], /without \+build/],
  [['--registry', 'https://example.com/team'], /without a scheme/],
  [['--registry', 'example.com/Team'], /is not HOST\[:PORT\]\[\/PATH\]/],
  [['--registry', 'example.com:99999'], /is not HOST\[:PORT\]\[\/PATH\]/],
  [['--registry'], /--registry needs a value/],
  [['--version', '1.0.0'], /--registry is required/],
  [['--registry', 'example.com', '--tag', 'x'], /unknown argument "--tag"/],
])('bad input %j is refused with the reason', (argv, message) => {
  expect(() => parseOptions(argv)).toThrow(message);
});

test('a trailing slash on --registry is dropped; nested paths and ports are kept', () => {
  expect(parseOptions(['--registry', 'registry.example.com:8443/a/b-c/']).registry).toEqual({
    host: 'registry.example.com:8443',
    prefix: 'registry.example.com:8443/a/b-c',
  });
});

test('--dry-run --registry example.com/team prints every step of the plan and touches nothing', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'release-dry-run-'));
  const lastRelease = readdirSync(join(ROOT, 'test', 'release', 'last-release'));
  const result = runRelease(['--dry-run', '--registry', 'example.com/team'], { TMPDIR: scratch });
  expect(readdirSync(scratch).filter((entry) => entry.startsWith('todo-app-release-'))).toEqual([]);
  expect(readdirSync(join(ROOT, 'test', 'release', 'last-release'))).toEqual(lastRelease);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const v = packageVersion;
  for (const line of [
    'Plan (dry run: nothing is touched',
    `version ${v} (from package.json)`,
    'GET https://example.com/v2/',
    'helm registry login example.com',
    `scripts/synth.ts --out TMP --version ${packageVersion} --set global.imageRegistry=example.com/team`,
    `IMAGE_TAG=${v}`,
    'bash scripts/images/build-images.sh',
    `push example.com/team/todo-backend:${v}`,
    `push example.com/team/todo-frontend:${v}`,
    'backend.image.digest=sha256:… and frontend.image.digest=sha256:…',
    `helm package TMP/helm/todo-app --version ${v} --app-version ${v}`,
    `helm push TMP/todo-app-${v}.tgz oci://example.com/team/charts`,
    'test/release/last-release/',
    `Then: helm install todo-app oci://example.com/team/charts/todo-app --version ${v}`,
  ])
    expect(result.stdout).toContain(line);
  expect(result.stdout).not.toContain('latest');
  expect(result.stdout).toMatch(/^8\. /m);
});

test('--plain-http reaches the plan: HTTP probe, image push without TLS, helm --plain-http', () => {
  const result = runRelease([
    '--dry-run',
    '--registry',
    '127.0.0.1:5000',
    '--version',
    '3.0.0',
    '--plain-http',
  ]);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('GET http://127.0.0.1:5000/v2/');
  expect(result.stdout).toMatch(
    /(podman push --tls-verify=false|docker push) 127\.0\.0\.1:5000\/todo-backend:3\.0\.0/,
  );
  expect(result.stdout).toContain(
    'helm push TMP/todo-app-3.0.0.tgz oci://127.0.0.1:5000/charts --plain-http',
  );
  expect(result.stdout).toContain(
    'helm install todo-app oci://127.0.0.1:5000/charts/todo-app --version 3.0.0 --plain-http',
  );
});

test('bad flags exit 2 with the message and the usage; --help prints the usage', () => {
  const result = runRelease(['--registry', 'example.com', '--version', 'latest']);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('release: --version: "latest" is not a release version');
  const unknown = runRelease(['--registry', 'example.com', '--tag', 'x']);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('release: unknown argument "--tag"');
  expect(unknown.stderr).toContain(
    'usage: npm run release -- --registry HOST[:PORT][/PATH] [--version X.Y.Z]',
  );
  const help = runRelease(['--help']);
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('usage: npm run release -- --registry HOST[:PORT][/PATH] [--version X.Y.Z]');
});

test('every npm run release flag in the README and the deployment guide is in --help', () => {
  const help = runRelease(['--help']).stdout;
  const documented = ['README.md', 'docs/deployment-guide.md'].flatMap((path) =>
    [...readFileSync(join(ROOT, path), 'utf8').matchAll(/npm run release -- ([^\n#`|;&]*)/g)].flatMap((m) =>
      m[1].split(/\s+/).filter((word) => word.startsWith('--')),
    ),
  );
  expect(documented.length).toBeGreaterThan(5);
  expect([...new Set(documented)].filter((flag) => !help.includes(flag))).toEqual([]);
});
