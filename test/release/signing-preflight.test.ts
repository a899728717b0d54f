/**
 * A release checks its signing key before it asks the registry or builds anything: a
 * missing key file, an unset or wrong COSIGN_PASSWORD, a public key given as the private
 * one, and a version CHANGELOG.md says nothing about each stop it with the fix. With the
 * real cosign and a throwaway key pair; the password is never printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasGo } from '../../scripts/lib/go-tools';
import { freePort } from './support/registry';
import { runRelease } from './support/release-cli';
import { generateKeyPair, KeyPair } from './support/signing';

const describeWithGo = hasGo() ? describe : describe.skip;
if (!hasGo())
  console.log('SKIP: Go is not installed (https://go.dev/dl/): the signing preflight tests are skipped.');

const SIGNING = 'Preflight: signing key, cosign and syft';
type KeyAndPassword = [key: string, password: string | undefined];

describeWithGo('the signing preflight, with the real cosign', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'release-keys-'));
  let keys: KeyPair;
  let registry: string;
  afterAll(() => rmSync(keyDir, { recursive: true, force: true }));
  beforeAll(async () => {
    keys = generateKeyPair(keyDir);
    // Nothing listens there: a release that gets past the key stops at the registry.
    registry = `127.0.0.1:${await freePort()}`;
  }, 10 * 60000);

  /** A release with `key`, COSIGN_PASSWORD set to `password` (unset when undefined). */
  function release(key: string, password: string | undefined, version = '0.2.0-signing') {
    // An undefined value unsets the variable for the child (node leaves it out of the environment).
    const env = { COSIGN_PASSWORD: password } as Record<string, string>;
    const result = runRelease(
      ['--registry', registry, '--plain-http', '--version', version, '--key', key],
      env,
    );
    expect(result.stdout).not.toContain('Images: build');
    expect(`${result.stdout}${result.stderr}`).not.toContain(keys.password);
    return result;
  }

  test('the right password opens the key: the progress names its path and fingerprint, then the registry', () => {
    const result = release(keys.key, keys.password);
    expect(result.stdout).toMatch(
      new RegExp(`✔ ${SIGNING}: ${keys.key} opens with COSIGN_PASSWORD, fingerprint [0-9a-f]{16}…`),
    );
    expect(result.stdout).toContain('! Preflight: signing key, cosign and syft: no --sign-key-url');
    expect(result.stdout).toContain('✖ Registry: reachable, logged in failed');
    expect(result.stdout).not.toContain(keys.secretBody.slice(0, 40));
  });

  test.each([
    [
      'a wrong password',
      (k: KeyPair): KeyAndPassword => [k.key, 'not-the-password'],
      /COSIGN_PASSWORD does not open .*cosign\.key/,
      /export COSIGN_PASSWORD with the password/,
    ],
    [
      'no COSIGN_PASSWORD',
      (k: KeyPair): KeyAndPassword => [k.key, undefined],
      /COSIGN_PASSWORD is not set; it holds the password of .*cosign\.key/,
      /read -rs COSIGN_PASSWORD/,
    ],
    [
      'no key file',
      (k: KeyPair): KeyAndPassword => [`${k.key}.missing`, k.password],
      /there is no key at .*cosign\.key\.missing/,
      /npm run cosign -- generate-key-pair/,
    ],
    [
      'the public key as --key',
      (k: KeyPair): KeyAndPassword => [k.pub, k.password],
      /cosign\.pub is not a cosign private key/,
      /give --key the private key/,
    ],
  ] as const)('%s stops the release at the signing preflight, with the fix', (_case, args, message, fix) => {
    const [key, password] = args(keys);
    const result = release(key, password);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`✖ ${SIGNING} failed`);
    expect(result.stdout).toMatch(message);
    expect(result.stdout).toMatch(fix);
    expect(result.stdout).not.toContain('Registry: reachable');
  });

  test('a version without a CHANGELOG.md section stops the release at its first step', () => {
    const result = release(keys.key, keys.password, '9.9.9');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('✖ Preflight: version, tools failed');
    expect(result.stdout).toContain('CHANGELOG.md lists no changes for 9.9.9');
    expect(result.stdout).toContain('fix: add a "## [9.9.9]" section');
  });
});
