/**
 * A real CNCF distribution registry (Debian's docker-registry) on loopback, each in
 * its own temporary directory and port, for the release tests.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REGISTRY_BINARY = 'docker-registry';

export function registryInstalled(): boolean {
  return spawnSync('sh', ['-c', `command -v ${REGISTRY_BINARY}`]).status === 0;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Registry {
  /** 127.0.0.1:PORT */
  host: string;
  url: string;
  /** Where it stores blobs and manifests. */
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Any well-formed bcrypt hash: the registry then demands a login, and no client
 * in the tests has credentials, so the password does not matter.
 */
const LOCKED_USER = 'release:$2y$05$abcdefghijklmnopqrstuu5Z9c8kqjHQ1vD1cYxJgBz0o7p1wJxW2\n';

export async function startRegistry(options: { requireLogin?: boolean } = {}): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'release-registry-'));
  const port = await freePort();
  const auth = options.requireLogin
    ? `auth:\n  htpasswd:\n    realm: release-test\n    path: ${join(dir, 'htpasswd')}\n`
    : '';
  if (options.requireLogin) writeFileSync(join(dir, 'htpasswd'), LOCKED_USER);
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n` +
      `http:\n  addr: 127.0.0.1:${port}\n  secret: release-test\n${auth}`,
  );
  const log = join(dir, 'registry.log');
  const child = spawn(REGISTRY_BINARY, ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
  });
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  await waitUntilServing(child, url, log);
  return {
    host,
    url,
    dataDir: join(dir, 'data'),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls GET /v2/ (200, or 401 with a login) until it answers, the process dies, or 30 s pass. */
async function waitUntilServing(child: ChildProcess, url: string, log: string): Promise<void> {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`docker-registry exited with ${child.exitCode}: ${readFileSync(log, 'utf8')}`);
    const status = await fetch(`${url}/v2/`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200 || status === 401) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`docker-registry did not answer GET ${url}/v2/ within 30 s: ${readFileSync(log, 'utf8')}`);
}

/** GET a registry API path as JSON. */
export async function registryJson<T>(registry: Registry, path: string): Promise<T> {
  const response = await fetch(`${registry.url}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

/** The digest the registry serves for NAME:REFERENCE. */
export async function manifestDigest(registry: Registry, name: string, reference: string): Promise<string> {
  const response = await fetch(`${registry.url}/v2/${name}/manifests/${reference}`, {
    method: 'HEAD',
    headers: { Accept: MANIFEST_TYPES },
  });
  const digest = response.headers.get('docker-content-digest');
  if (!response.ok || !digest) throw new Error(`HEAD ${name}:${reference}: HTTP ${response.status}`);
  return digest;
}
