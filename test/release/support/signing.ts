/**
 * For the signed-release tests: a throwaway cosign key pair, cosign run from the outside
 * (its own command lines, not the release's), every blob a registry stores, and
 * `npm run deploy` with a recording fake kubectl, so a refused deploy shows it never
 * reached the cluster.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GO_TOOLS } from '../../../scripts/go-tools/catalog';
import { ensureGoTool, goToolsCache } from '../../../scripts/lib/go-tools';
import { FakeClis } from '../../ops/fake-cli';
import { HELM, isolatedCredentials, ROOT } from './release-cli';

/** The pinned cosign (built once per machine, cached). */
export const cosignPath = () => join(ensureGoTool(GO_TOOLS.cosign), 'cosign');

export interface KeyPair {
  key: string;
  pub: string;
  password: string;
  /** The base64 body of the private key file: what must never leak. */
  secretBody: string;
}

/** `cosign generate-key-pair` into `dir`, with a random password. */
export function generateKeyPair(dir: string, name = 'cosign'): KeyPair {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const result = spawnSync(cosignPath(), ['generate-key-pair', '--output-key-prefix', join(dir, name)], {
    encoding: 'utf8',
    env: { ...process.env, COSIGN_PASSWORD: password },
  });
  if (result.status !== 0) throw new Error(`cosign generate-key-pair failed: ${result.stderr}`);
  const key = join(dir, `${name}.key`);
  const secretBody = readFileSync(key, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('-----'))
    .join('');
  return { key, pub: join(dir, `${name}.pub`), password, secretBody };
}

export interface CosignRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** cosign verify / verify-attestation with a public key, offline: no Rekor entry, no Sigstore root. */
export function cosignVerify(pub: string, ref: string, attestation = false): CosignRun {
  const offline = [
    '--insecure-ignore-tlog=true',
    '--trusted-root',
    join(ROOT, 'scripts', 'lib', 'cosign-trusted-root.json'),
  ];
  const args = attestation
    ? ['verify-attestation', '--key', pub, '--type', 'cyclonedx', ...offline, '--allow-http-registry', ref]
    : ['verify', '--key', pub, ...offline, '--allow-http-registry', ref];
  const result = spawnSync(cosignPath(), args, { encoding: 'utf8', timeout: 120000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The in-toto statements of the attestations cosign verified (its stdout: one DSSE envelope a line). */
export function attestedStatements(
  stdout: string,
): { predicateType: string; subject: unknown; predicate: unknown }[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(Buffer.from(JSON.parse(line).payload, 'base64').toString()));
}

/** Every blob under a registry's storage, decompressed when gzip: layers, configs, charts, signatures. */
export function registryBlobs(dataDir: string): Buffer[] {
  const blobs: Buffer[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === 'data' && dir.includes(join('blobs', 'sha256'))) {
        const blob = readFileSync(path);
        blobs.push(blob[0] === 0x1f && blob[1] === 0x8b ? gunzipSync(blob) : blob);
      }
    }
  };
  walk(dataDir);
  return blobs;
}

export interface DeployRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Every kubectl command deploy ran (the fake records them; it answers "connection refused"). */
  kubectl: string[][];
}

const TSX_CLI = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** `npm run deploy` with the real helm and cosign; kubectl is a fake whose cluster is down. */
export function deployWithFakeCluster(args: string[]): DeployRun {
  const fakes = new FakeClis(['kubectl']);
  symlinkSync(HELM, join(fakes.dir, 'helm'));
  const result = spawnSync(process.execPath, [TSX_CLI, join(ROOT, 'scripts', 'deploy', 'main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 5 * 60000,
    env: {
      ...process.env,
      ...isolatedCredentials(),
      CI: 'true',
      TODO_APP_TOOLS_BIN: fakes.dir,
      TODO_APP_GO_TOOLS_CACHE: goToolsCache(),
      KUBECONFIG: join(fakes.dir, 'no-kubeconfig'),
      FAKE_LOG: fakes.log,
      FAKE_CLUSTER_DOWN: '1',
    },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    kubectl: fakes.calls().map((call) => call.argv),
  };
}
