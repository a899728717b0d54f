/** Whether helm and docker hold credentials for a registry, read from their real config files. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerConfigHasLogin, helmHasLogin } from '../../scripts/release/credentials';

function configs(helm?: object, docker?: object): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'release-credentials-'));
  mkdirSync(join(dir, 'docker'));
  if (helm) writeFileSync(join(dir, 'helm.json'), JSON.stringify(helm));
  if (docker) writeFileSync(join(dir, 'docker', 'config.json'), JSON.stringify(docker));
  return { HELM_REGISTRY_CONFIG: join(dir, 'helm.json'), DOCKER_CONFIG: join(dir, 'docker') };
}

const auth = { auth: Buffer.from('user:token').toString('base64') };

test('helm: its registry config, then Docker config (its fallback), by HOST[:PORT]', () => {
  expect(helmHasLogin('registry.example.com', configs({ auths: { 'registry.example.com': auth } }))).toBe(
    true,
  );
  expect(helmHasLogin('127.0.0.1:5000', configs(undefined, { auths: { '127.0.0.1:5000': auth } }))).toBe(
    true,
  );
  expect(helmHasLogin('registry.example.com', configs({ auths: { 'other.example.com': auth } }))).toBe(false);
  expect(helmHasLogin('registry.example.com', configs())).toBe(false);
});

test('docker: auths with or without a scheme, a credential helper for the host, or a credential store', () => {
  const host = 'registry.example.com';
  expect(dockerConfigHasLogin(host, configs(undefined, { auths: { [`https://${host}`]: auth } }))).toBe(true);
  expect(dockerConfigHasLogin(host, configs(undefined, { credHelpers: { [host]: 'ecr-login' } }))).toBe(true);
  expect(dockerConfigHasLogin(host, configs(undefined, { credsStore: 'desktop' }))).toBe(true);
  expect(dockerConfigHasLogin(host, configs(undefined, { auths: { 'docker.io': auth } }))).toBe(false);
  expect(dockerConfigHasLogin(host, configs())).toBe(false);
});
