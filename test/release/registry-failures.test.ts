/**
 * A release stops before building anything when the registry is unreachable, wants a
 * login or speaks another protocol, or when the chart would break an upgrade; each
 * failure names the step and the fix. Against real docker-registry instances on loopback.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasGo } from '../../scripts/lib/go-tools';
import { pushFailure, RegistryContext } from '../../scripts/release/registry-errors';
import { chartWithBrokenSelector } from './support/broken-chart';
import { freePort, Registry, registryInstalled, startRegistry } from './support/registry';
import { HELM, ROOT, runRelease } from './support/release-cli';

const ctx: RegistryContext = {
  registry: { host: 'registry.example.com', prefix: 'registry.example.com/team' },
  plainHttp: false,
  cli: 'podman',
};

// Messages as podman, docker and helm print them.
test.each([
  [
    'podman, no login',
    'Error: trying to reuse blob sha256:636ef35d157b at destination: checking whether a blob exists: ' +
      'unauthorized: authentication required',
    'registry.example.com requires a login',
    'podman login registry.example.com',
  ],
  [
    'helm, no login',
    'Error: push access denied, repository does not exist or may require authorization: ' +
      'authorization failed: no basic auth credentials',
    'registry.example.com requires a login',
    'helm registry login registry.example.com',
  ],
  [
    'docker, no permission',
    'denied: requested access to the resource is denied',
    'refused the push (access denied)',
    'log in as an account that may push to registry.example.com/team',
  ],
  [
    'HTTPS client, HTTP registry',
    'Error: pinging container registry registry.example.com: Get "https://registry.example.com/v2/": ' +
      'http: server gave HTTP response to HTTPS client',
    'speaks plain HTTP',
    'pass --plain-http',
  ],
  [
    'registry down',
    'Error: Get "https://registry.example.com/v2/": dial tcp 10.0.0.1:443: connect: connection refused',
    'is not reachable',
    'check that the registry runs',
  ],
  ['untrusted certificate', 'x509: certificate signed by unknown authority', 'not trusted', 'CA certificate'],
])('%s: the failure says what happened and the fix', (_case, output, message, fix) => {
  const tool = /helm/.test(_case) ? 'helm' : 'container';
  const failure = pushFailure('push', output, ctx, tool, 'FALLBACK');
  expect(failure.message).toContain(message);
  expect(failure.fix).toContain(fix);
});

test('an unknown push error keeps the last lines of the output and the fallback fix', () => {
  const failure = pushFailure(
    'helm push',
    'line 1\nline 2\nmanifest invalid',
    ctx,
    'helm',
    'helm push --debug',
  );
  expect(failure.message).toBe('helm push failed: line 1 line 2 manifest invalid');
  expect(failure.fix).toBe('helm push --debug');
});

// The release's preflight locates syft (and cosign) before it asks the registry: built with Go.
const describeWithRegistry = registryInstalled() && hasGo() ? describe : describe.skip;
if (!registryInstalled() || !hasGo())
  console.log(
    'SKIP: docker-registry (apt-get install docker-registry) or Go (https://go.dev/dl/) is missing: ' +
      'the registry failure tests are skipped.',
  );

/** The failed step's progress line and its fix, as the release printed them. */
function failedStep(args: string[]) {
  const result = runRelease([...args, '--version', '0.2.0-failure', '--no-sign']);
  expect(result.status).toBe(1);
  expect(result.stdout).toContain('✔ Preflight: version, tools');
  expect(result.stdout).toContain('✖ Registry: reachable, logged in failed');
  expect(result.stdout).not.toContain('Images: build');
  return result.stdout;
}

describeWithRegistry('against a real registry on loopback', () => {
  let open: Registry;
  let locked: Registry;
  beforeAll(async () => {
    [open, locked] = await Promise.all([startRegistry(), startRegistry({ requireLogin: true })]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), locked?.stop()]);
  });

  test('nothing listening: "not reachable", with the probe to try', async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const output = failedStep(['--registry', host, '--plain-http']);
    expect(output).toContain(`the registry ${host} is not reachable (ECONNREFUSED`);
    expect(output).toContain(`fix: check that the registry runs and that ${host} is the right HOST[:PORT]`);
    expect(output).toContain(`curl -sS http://${host}/v2/`);
  });

  test('login required: names podman login (or docker login) and helm registry login', () => {
    const output = failedStep(['--registry', `${locked.host}/team`, '--plain-http']);
    expect(output).toContain(`${locked.host} requires a login`);
    expect(output).toMatch(new RegExp(`fix: (podman login --tls-verify=false|docker login) ${locked.host}`));
    expect(output).toContain(`helm registry login ${locked.host} --insecure`);
  });

  test('a chart that would break an upgrade from the last release stops the release before the build', () => {
    // The "last release" selects one more label than the current chart does.
    const broken = chartWithBrokenSelector(join(ROOT, 'dist', 'helm', 'todo-app'));
    const lastReleaseDir = mkdtempSync(join(tmpdir(), 'release-broken-baseline-'));
    const packaged = spawnSync(HELM, [
      'package',
      broken,
      '--version',
      '0.0.9',
      '--destination',
      lastReleaseDir,
    ]);
    expect(packaged.status).toBe(0);
    const result = runRelease(
      ['--registry', open.host, '--plain-http', '--version', '0.2.0-guard', '--no-sign'],
      { TODO_APP_LAST_RELEASE_DIR: lastReleaseDir },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('✔ Registry: reachable, logged in');
    expect(result.stdout).toContain(
      '✖ Chart: synthesize for the registry, check the upgrade from the last release failed',
    );
    expect(result.stdout).toMatch(/Deployment \S+: spec\.selector would change from .*"tier":"broken"/);
    expect(result.stdout).toContain('fix: keep those fields as they were');
    expect(result.stdout).not.toContain('Images: build');
    expect(readdirSync(lastReleaseDir)).toEqual(['todo-app-0.0.9.tgz']);
  });

  test('an HTTP registry without --plain-http: says to pass --plain-http', () => {
    const output = failedStep(['--registry', open.host]);
    expect(output).toContain(`${open.host} answered HTTPS with plain HTTP`);
    expect(output).toContain('fix: the registry speaks plain HTTP: pass --plain-http');
  });
});
