/**
 * `npm run release` end to end against a real registry (Debian's docker-registry, the
 * CNCF distribution registry) on loopback: builds both images once, pushes them and
 * the chart, then checks what the registry holds from the outside.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { detectContainerCli } from '../../scripts/lib/container-cli';
import { DEFAULT_LAST_RELEASE_DIR, findLastRelease } from '../../scripts/release/last-release';
import { packageVersion } from '../../scripts/release/options';
import { KubeObject, renderedImages } from '../../scripts/release/upgrade-guard';
import { manifestDigest, Registry, registryInstalled, registryJson, startRegistry } from './support/registry';
import { HELM, ReleaseRun, ROOT, runReleaseAsync } from './support/release-cli';

const IMAGES = ['todo-backend', 'todo-frontend'] as const;
const LOCAL_BASE = 'localhost/todo-node-base:20';
const podmanInstalled = spawnSync('sh', ['-c', 'command -v podman']).status === 0;
const missing = [
  registryInstalled() ? [] : ['docker-registry (apt-get install docker-registry)'],
  podmanInstalled ? [] : ['podman (apt-get install podman)'],
].flat();
if (missing.length)
  console.log(`SKIP: ${missing.join(' and ')} not installed: the end-to-end release test is skipped.`);
const describeIfReady = missing.length ? describe.skip : describe;

function helm(args: string[]): string {
  const result = spawnSync(HELM, args, { encoding: 'utf8', timeout: 120000 });
  if (result.status !== 0) throw new Error(`helm ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** One hash over every file under `dir`, to show it was not touched. */
function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (path: string): void => {
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    else hash.update(path).update(readFileSync(path));
  };
  walk(dir);
  return hash.digest('hex');
}

/** Pulls `image` into an empty podman store (so nothing is reused locally) and returns its digest. */
function pullBackDigest(image: string, store: string): string {
  const podman = (args: string[]) => {
    const result = spawnSync(
      'podman',
      ['--root', join(store, 'root'), '--runroot', join(store, 'run'), '--storage-driver', 'vfs', ...args],
      { encoding: 'utf8', timeout: 10 * 60000 },
    );
    if (result.status !== 0) throw new Error(`podman ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout.trim();
  };
  podman(['pull', '--quiet', '--tls-verify=false', image]);
  return podman(['image', 'inspect', image, '--format', '{{.Digest}}']);
}

describeIfReady('npm run release to a loopback registry', () => {
  // A version no other build on this machine uses, so local tags never collide.
  const version = `${packageVersion()}-e2e.${Date.now()}`;
  const scratch = mkdtempSync(join(tmpdir(), 'release-e2e-'));
  const lastReleaseDir = join(scratch, 'last-release');
  const baseline = findLastRelease(DEFAULT_LAST_RELEASE_DIR);
  const before = { dist: treeHash(join(ROOT, 'dist')), baseline: treeHash(DEFAULT_LAST_RELEASE_DIR) };
  let registry: Registry;
  let release: ReleaseRun;
  const chart = () => `oci://${registry.host}/charts/todo-app`;

  beforeAll(async () => {
    // A Node base image made from this machine's node, as the image check does: no Docker Hub needed.
    const base = spawnSync('bash', [join(ROOT, 'scripts', 'images', 'make-local-base.sh'), LOCAL_BASE], {
      encoding: 'utf8',
    });
    if (base.status !== 0) throw new Error(`make-local-base.sh failed: ${base.stderr}`);
    registry = await startRegistry();
    mkdirSync(lastReleaseDir);
    if (baseline) copyFileSync(baseline, join(lastReleaseDir, basename(baseline)));
    release = await runReleaseAsync(
      ['--registry', registry.host, '--version', version, '--plain-http'],
      { TODO_APP_LAST_RELEASE_DIR: lastReleaseDir, NODE_IMAGE: LOCAL_BASE },
      30 * 60000,
    );
  }, 31 * 60000);

  afterAll(async () => {
    await registry?.stop();
    const cli = detectContainerCli();
    if (cli)
      for (const image of IMAGES)
        spawnSync(cli, ['rmi', `${image}:${version}`, `${registry.host}/${image}:${version}`], {
          stdio: 'ignore',
        });
    rmSync(scratch, { recursive: true, force: true });
  });

  test('the release runs every step, checks the upgrade from the last release and says how to install', () => {
    if (release.status !== 0 || release.stderr)
      throw new Error(`the release exited ${release.status}:\n${release.stdout}\n${release.stderr}`);
    for (const step of [
      'Preflight: version, tools',
      'Registry: reachable, logged in',
      'Chart: synthesize for the registry, check the upgrade from the last release',
      'Images: build',
      'Images: tag and push, record the digests',
      'Chart: record the digests, package',
      'Chart: push',
      'Last release: refresh the upgrade guard baseline',
    ])
      expect(release.stdout).toContain(`✔ ${step}`);
    if (baseline) expect(release.stdout).toContain(`${basename(baseline)} cleanly`);
    expect(release.stdout).toContain(`helm install todo-app ${chart()} --version ${version} --plain-http`);
  });

  test("the registry's catalog holds both images and the chart, each tagged with the version only", async () => {
    const catalog = await registryJson<{ repositories: string[] }>(registry, '/v2/_catalog');
    expect(catalog.repositories.sort()).toEqual(['charts/todo-app', 'todo-backend', 'todo-frontend']);
    for (const repository of catalog.repositories) {
      const tags = await registryJson<{ tags: string[] }>(registry, `/v2/${repository}/tags/list`);
      expect(tags.tags).toEqual([version]);
    }
  });

  test('helm template of the pushed chart runs both images from the registry, by version and digest', async () => {
    const objects = helm(['template', 'todo-app', chart(), '--version', version, '--plain-http'])
      .split(/^---$/m)
      .map((doc) => parse(doc) as KubeObject | null)
      .filter((object): object is KubeObject => object?.kind === 'Deployment');
    const images = objects.flatMap(renderedImages);
    expect(images).toHaveLength(2);
    for (const image of IMAGES) {
      // The digest the registry serves for the version tag is the one the chart pins.
      const digest = await manifestDigest(registry, image, version);
      expect(images).toContainEqual(
        expect.stringMatching(new RegExp(`^${registry.host}/${image}(:${version})?@${digest}$`)),
      );
    }
    const metadata = parse(helm(['show', 'chart', chart(), '--version', version, '--plain-http']));
    expect(metadata).toMatchObject({ name: 'todo-app', version, appVersion: version });
    const values = parse(helm(['show', 'values', chart(), '--version', version, '--plain-http']));
    expect(values.global.imageRegistry).toBe(registry.host);
    for (const image of IMAGES)
      expect(values[image.replace('todo-', '')].image.digest).toBe(
        await manifestDigest(registry, image, version),
      );
    expect(JSON.stringify(values)).not.toMatch(/\blatest\b/);
  });

  test('each image pulled back from the registry into an empty store has the digest the chart pins', async () => {
    const store = join(scratch, 'pull-store');
    for (const image of IMAGES) {
      const pulled = pullBackDigest(`${registry.host}/${image}:${version}`, store);
      expect(pulled).toBe(await manifestDigest(registry, image, version));
    }
  });

  test('the baseline is now the pushed chart, byte for byte; dist/ and the committed baseline are untouched', () => {
    expect(readdirSync(lastReleaseDir)).toEqual([`todo-app-${version}.tgz`]);
    const pulled = join(scratch, 'pulled');
    mkdirSync(pulled);
    helm(['pull', chart(), '--version', version, '--plain-http', '--destination', pulled]);
    expect(readFileSync(join(lastReleaseDir, `todo-app-${version}.tgz`))).toEqual(
      readFileSync(join(pulled, `todo-app-${version}.tgz`)),
    );
    expect({ dist: treeHash(join(ROOT, 'dist')), baseline: treeHash(DEFAULT_LAST_RELEASE_DIR) }).toEqual(
      before,
    );
  });
});
