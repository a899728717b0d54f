/**
 * `npm run release` flags: --registry, --key/--sign-key-url or --no-sign, --version, --sbom-dir,
 * --plain-http, --dry-run; the version's one source; signing unless told not to.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSbomDir, parseOptions } from '../../scripts/release/options';
import { ROOT, runRelease } from './support/release-cli';

const packageVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

test('the version comes from package.json unless --version overrides it', () => {
  expect(parseOptions(['--registry', 'example.com/team', '--key', 'cosign.key'])).toMatchObject({
    version: packageVersion,
    versionSource: 'package.json',
    plainHttp: false,
    dryRun: false,
    registry: { host: 'example.com', prefix: 'example.com/team' },
  });
  expect(
    parseOptions(['--registry=127.0.0.1:5000', '--version', '2.3.4-rc.1', '--plain-http', '--no-sign']),
  ).toMatchObject({
    version: '2.3.4-rc.1',
    versionSource: '--version',
    plainHttp: true,
    registry: { host: '127.0.0.1:5000', prefix: '127.0.0.1:5000' },
  });
});

test('a release is signed with --key (made absolute) unless --no-sign says otherwise; SBOMs go to sbom/X.Y.Z', () => {
  const signed = parseOptions([
    '--registry',
    'example.com',
    '--key',
    'keys/cosign.key',
    '--sign-key-url',
    'https://example.com/cosign.pub',
  ]);
  expect(signed.signing).toEqual({
    key: join(process.cwd(), 'keys', 'cosign.key'),
    keyUrl: 'https://example.com/cosign.pub',
  });
  expect(signed.sbomDir).toBe(join(ROOT, 'sbom', packageVersion));
  expect(defaultSbomDir('1.2.3')).toBe(join(ROOT, 'sbom', '1.2.3'));
  const unsigned = parseOptions(['--registry', 'example.com', '--no-sign', '--sbom-dir', 'out']);
  expect(unsigned.signing).toBeUndefined();
  expect(unsigned.sbomDir).toBe(join(process.cwd(), 'out'));
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
  [['--registry', 'example.com'], /a release is signed: give --key cosign\.key .*or --no-sign/],
  [['--registry', 'example.com', '--key', 'k', '--no-sign'], /--no-sign and --key exclude each other/],
  [
    ['--registry', 'example.com', '--no-sign', '--sign-key-url', 'https://x'],
    /it needs --key, not --no-sign/,
  ],
  [
    ['--registry', 'example.com', '--key', 'k', '--sign-key-url', 'cosign.pub'],
    /--sign-key-url "cosign\.pub": not a URL/,
  ],
  [['--registry', 'example.com', '--key', 'k', '--sign-key-url', 'file:///k.pub'], /a file: address/],
  [['--registry', 'example.com', '--key'], /--key needs a value/],
  [['--registry', 'example.com', '--no-sign=yes'], /--no-sign takes no value/],
])('bad input %j is refused with the reason', (argv, message) => {
  expect(() => parseOptions(argv)).toThrow(message);
});

test('a trailing slash on --registry is dropped; nested paths and ports are kept', () => {
  expect(parseOptions(['--registry', 'registry.example.com:8443/a/b-c/', '--no-sign']).registry).toEqual({
    host: 'registry.example.com:8443',
    prefix: 'registry.example.com:8443/a/b-c',
  });
});

test('--dry-run --registry example.com/team prints every step of the plan and touches nothing', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'release-dry-run-'));
  const lastRelease = readdirSync(join(ROOT, 'test', 'release', 'last-release'));
  const key = join(scratch, 'cosign.key');
  const result = runRelease(
    [
      '--dry-run',
      '--registry',
      'example.com/team',
      '--key',
      key,
      '--sign-key-url',
      'https://example.com/k.pub',
    ],
    { TMPDIR: scratch },
  );
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
    `cosign public-key --key ${key} > TMP/cosign.pub`,
    `syft scan registry:example.com/team/todo-backend@sha256:… --output cyclonedx-json=sbom/${v}/todo-backend.cdx.json`,
    `cosign sign --key ${key} --tlog-upload=false --yes example.com/team/todo-backend@sha256:…`,
    `cosign sign --key ${key} --tlog-upload=false --yes example.com/team/todo-frontend@sha256:…`,
    `cosign attest --key ${key} --type cyclonedx --predicate sbom/${v}/todo-frontend.cdx.json ` +
      '--tlog-upload=false --yes example.com/team/todo-frontend@sha256:…',
    'backend.image.digest=sha256:… and frontend.image.digest=sha256:… ' +
      '--sign-key TMP/cosign.pub --sign-key-url https://example.com/k.pub',
    `helm package TMP/helm/todo-app --version ${v} --app-version ${v}`,
    `helm push TMP/todo-app-${v}.tgz oci://example.com/team/charts`,
    `cosign sign --key ${key} --tlog-upload=false --yes example.com/team/charts/todo-app@sha256:…`,
    'cosign verify --key TMP/cosign.pub --insecure-ignore-tlog=true ' +
      '--trusted-root scripts/lib/cosign-trusted-root.json example.com/team/charts/todo-app@sha256:…',
    'cosign verify-attestation --type cyclonedx --key TMP/cosign.pub',
    'test/release/last-release/',
    `Then: helm install todo-app oci://example.com/team/charts/todo-app --version ${v}`,
    `npm run deploy -- --chart oci://example.com/team/charts/todo-app --version ${v} --verify-key cosign.pub`,
  ])
    expect(result.stdout).toContain(line);
  expect(result.stdout).not.toContain('latest');
  expect(result.stdout).toMatch(/^14\. /m);
  expect(result.stdout).not.toMatch(/^15\. /m);
});

test('--no-sign: the plan signs nothing and says so; the SBOMs are still written', () => {
  const result = runRelease(['--dry-run', '--registry', 'example.com/team', '--no-sign']);
  expect(result.status).toBe(0);
  expect(result.stdout).not.toMatch(/^\s+cosign /m);
  expect(result.stdout.match(/^ {5}skipped \(--no-sign\)$/gm)).toHaveLength(4);
  expect(result.stdout).toContain('syft scan registry:example.com/team/todo-frontend@sha256:…');
  expect(result.stdout).toContain(`--version ${packageVersion} --no-verify`);
});

test('--plain-http reaches the plan: HTTP probe, image push without TLS, helm --plain-http', () => {
  const result = runRelease([
    '--dry-run',
    '--registry',
    '127.0.0.1:5000',
    '--version',
    '3.0.0',
    '--plain-http',
    '--key',
    'cosign.key',
  ]);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(
    /cosign sign .*--allow-http-registry 127\.0\.0\.1:5000\/todo-backend@sha256:…/,
  );
  expect(result.stdout).toContain('SYFT_REGISTRY_INSECURE_USE_HTTP=true syft scan');
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
  const usage = 'usage: npm run release -- --registry HOST[:PORT][/PATH] (--key cosign.key | --no-sign)';
  expect(unknown.stderr).toContain(usage);
  const help = runRelease(['--help']);
  expect(help.status).toBe(0);
  expect(help.stdout).toContain(usage);
});

test('every npm run release flag in the README and the deployment guide is in --help', () => {
  const help = runRelease(['--help']).stdout;
  const documented = ['README.md', 'docs/deployment-guide.md', 'docs/signed-releases.md'].flatMap((path) =>
    [...readFileSync(join(ROOT, path), 'utf8').matchAll(/npm run release -- ([^\n#`|;&]*)/g)].flatMap((m) =>
      m[1].split(/\s+/).filter((word) => word.startsWith('--')),
    ),
  );
  expect(documented.length).toBeGreaterThan(5);
  expect([...new Set(documented)].filter((flag) => !help.includes(flag))).toEqual([]);
});
