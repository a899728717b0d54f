/**
 * `npm run release` end to end against a real registry (Debian's docker-registry, the
 * CNCF distribution registry) on loopback: builds both images once, pushes, signs and
 * attests them, pushes and signs the chart, then checks what the registry holds from the
 * outside with the real cosign: the signatures verify, and a tag pushed over by someone
 * else is refused, by cosign and by `npm run deploy -- --verify-key`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { changesOf } from '../../chart/changelog';
import { detectContainerCli } from '../../scripts/lib/container-cli';
import { hasGo } from '../../scripts/lib/go-tools';
import { DEFAULT_LAST_RELEASE_DIR, findLastRelease } from '../../scripts/release/last-release';
import { packageVersion } from '../../scripts/release/options';
import { KubeObject, renderedImages } from '../../scripts/release/upgrade-guard';
import { manifestDigest, Registry, registryInstalled, registryJson, startRegistry } from './support/registry';
import { HELM, ReleaseRun, ROOT, runReleaseAsync } from './support/release-cli';
import {
  attestedStatements,
  cosignVerify,
  deployWithFakeCluster,
  generateKeyPair,
  KeyPair,
  registryBlobs,
} from './support/signing';

const IMAGES = ['todo-backend', 'todo-frontend'] as const;
const LOCAL_BASE = 'localhost/todo-node-base:20';
const podmanInstalled = spawnSync('sh', ['-c', 'command -v podman']).status === 0;
const missing = [
  registryInstalled() ? [] : ['docker-registry (apt-get install docker-registry)'],
  podmanInstalled ? [] : ['podman (apt-get install podman)'],
  hasGo() ? [] : ['Go (to build the pinned cosign and syft: https://go.dev/dl/)'],
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
  const sbomDir = join(scratch, 'sbom');
  const keyUrl = 'https://example.com/todo-app/cosign.pub';
  let registry: Registry;
  let release: ReleaseRun;
  let keys: KeyPair;
  let seconds: number;
  const chart = () => `oci://${registry.host}/charts/todo-app`;
  const imageRef = (image: string, reference = `:${version}`) => `${registry.host}/${image}${reference}`;
  const chartRef = (reference = `:${version}`) => `${registry.host}/charts/todo-app${reference}`;
  const deployArgs = (...extra: string[]) => [
    '--chart',
    chart(),
    '--version',
    version,
    '--plain-http',
    '--verify-key',
    keys.pub,
    ...extra,
  ];
  const helmPulled = (name: string) => {
    const dir = join(scratch, name);
    mkdirSync(dir);
    helm(['pull', chart(), '--version', version, '--plain-http', '--destination', dir]);
    return join(dir, `todo-app-${version}.tgz`);
  };

  beforeAll(async () => {
    // A Node base image made from this machine's node, as the image check does: no Docker Hub needed.
    const base = spawnSync('bash', [join(ROOT, 'scripts', 'images', 'make-local-base.sh'), LOCAL_BASE], {
      encoding: 'utf8',
    });
    if (base.status !== 0) throw new Error(`make-local-base.sh failed: ${base.stderr}`);
    registry = await startRegistry();
    mkdirSync(lastReleaseDir);
    mkdirSync(join(scratch, 'keys'));
    keys = generateKeyPair(join(scratch, 'keys'));
    if (baseline) copyFileSync(baseline, join(lastReleaseDir, basename(baseline)));
    const started = Date.now();
    release = await runReleaseAsync(
      [
        '--registry',
        registry.host,
        '--version',
        version,
        '--plain-http',
        '--key',
        keys.key,
        '--sign-key-url',
        keyUrl,
        '--sbom-dir',
        sbomDir,
      ],
      {
        TODO_APP_LAST_RELEASE_DIR: lastReleaseDir,
        NODE_IMAGE: LOCAL_BASE,
        COSIGN_PASSWORD: keys.password,
      },
      30 * 60000,
    );
    seconds = (Date.now() - started) / 1000;
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
    console.log(`release e2e: npm run release took ${seconds.toFixed(0)} s\n${release.stdout}`);
    const steps = [
      'Preflight: version, tools',
      'Preflight: signing key, cosign and syft',
      'Registry: reachable, logged in',
      'Chart: synthesize for the registry, check the upgrade from the last release',
      'Images: build',
      'Images: tag and push, record the digests',
      'Images: write the SBOMs (syft, CycloneDX)',
      'Images: sign (cosign)',
      'Images: attach the SBOMs as signed attestations (cosign attest)',
      'Chart: record the digests, package',
      'Chart: push',
      'Chart: sign (cosign)',
      'Signatures: verify the images, their SBOM attestations and the chart',
      'Last release: refresh the upgrade guard baseline',
    ];
    // Every step succeeded, in this order (a line per step: "✔ NAME: detail (time)").
    const done = release.stdout.split('\n').filter((line) => line.startsWith('✔ '));
    expect(done.map((line, i) => (line.startsWith(`✔ ${steps[i]}`) ? steps[i] : line))).toEqual(steps);
    if (baseline) expect(release.stdout).toContain(`${basename(baseline)} cleanly`);
    expect(release.stdout).toContain(`helm install todo-app ${chart()} --version ${version} --plain-http`);
    expect(release.stdout).toContain(
      `npm run deploy -- --chart ${chart()} --version ${version} --plain-http --verify-key cosign.pub`,
    );
  });

  test("the registry holds both images and the chart under the version, and cosign's signature tags", async () => {
    const catalog = await registryJson<{ repositories: string[] }>(registry, '/v2/_catalog');
    expect(catalog.repositories.sort()).toEqual(['charts/todo-app', 'todo-backend', 'todo-frontend']);
    const cosignTag = (digest: string, kind: string) => `${digest.replace(':', '-')}.${kind}`;
    for (const image of IMAGES) {
      const digest = await manifestDigest(registry, image, version);
      const tags = await registryJson<{ tags: string[] }>(registry, `/v2/${image}/tags/list`);
      expect(tags.tags.sort()).toEqual([cosignTag(digest, 'att'), cosignTag(digest, 'sig'), version].sort());
    }
    const chartDigest = await manifestDigest(registry, 'charts/todo-app', version);
    const tags = await registryJson<{ tags: string[] }>(registry, '/v2/charts/todo-app/tags/list');
    expect(tags.tags.sort()).toEqual([cosignTag(chartDigest, 'sig'), version].sort());
  });

  test('cosign verifies both images and the chart with the public key, by tag and by digest', async () => {
    for (const ref of [
      ...IMAGES.map((image) => imageRef(image)),
      ...(await Promise.all(
        IMAGES.map(async (image) => imageRef(image, `@${await manifestDigest(registry, image, version)}`)),
      )),
      chartRef(),
      chartRef(`@${await manifestDigest(registry, 'charts/todo-app', version)}`),
    ]) {
      const verified = cosignVerify(keys.pub, ref);
      if (verified.status !== 0) throw new Error(`cosign verify ${ref} failed: ${verified.stderr}`);
      // cosign prints the payload it checked: the signature is on this repository and digest.
      const [claims] = JSON.parse(verified.stdout);
      expect(claims.critical.identity['docker-reference']).toBe(ref.replace(/[:@][^/]*$/, ''));
      expect(claims.critical.image['docker-manifest-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  test("a key pair other than the release's verifies nothing", () => {
    const other = generateKeyPair(join(scratch, 'keys'), 'other');
    for (const ref of [imageRef('todo-backend'), chartRef()]) {
      const verified = cosignVerify(other.pub, ref);
      expect(verified.status).not.toBe(0);
      expect(verified.stderr).toMatch(/no matching signatures|invalid signature/);
    }
  });

  test('each image carries its CycloneDX SBOM as a signed attestation, the same as the file written', async () => {
    for (const image of IMAGES) {
      const file = join(sbomDir, `${image}.cdx.json`);
      const sbom = JSON.parse(readFileSync(file, 'utf8'));
      expect(sbom.bomFormat).toBe('CycloneDX');
      expect(sbom.components.length).toBeGreaterThan(50);
      const names = sbom.components.map((c: { name: string }) => c.name);
      expect(names).toContain(image === 'todo-backend' ? 'fastify' : 'next');
      const digest = await manifestDigest(registry, image, version);
      const verified = cosignVerify(keys.pub, imageRef(image, `@${digest}`), true);
      if (verified.status !== 0) throw new Error(`cosign verify-attestation failed: ${verified.stderr}`);
      const [statement] = attestedStatements(verified.stdout);
      expect(statement.predicateType).toBe('https://cyclonedx.org/bom');
      expect(statement.subject).toEqual([
        { name: `${registry.host}/${image}`, digest: { sha256: digest.slice('sha256:'.length) } },
      ]);
      expect(statement.predicate).toEqual(sbom);
      console.log(
        `release e2e: ${image} SBOM ${statSync(file).size} bytes, ${sbom.components.length} components`,
      );
    }
  });

  test("Chart.yaml carries the key's fingerprint and url, and the changes of the version it leads to", () => {
    const metadata = parse(helm(['show', 'chart', chart(), '--version', version, '--plain-http']));
    const signKey = parse(metadata.annotations['artifacthub.io/signKey']);
    expect(signKey.url).toBe(keyUrl);
    const openssl = spawnSync(
      'sh',
      ['-c', 'openssl pkey -pubin -in "$0" -outform DER | sha256sum', keys.pub],
      {
        encoding: 'utf8',
      },
    );
    if (openssl.status === 0) expect(signKey.fingerprint).toBe(openssl.stdout.split(' ')[0]);
    else expect(signKey.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(release.stdout).toContain(`fingerprint ${signKey.fingerprint.slice(0, 16)}…`);
    // A prerelease of X.Y.Z carries the CHANGELOG.md section of X.Y.Z.
    expect(parse(metadata.annotations['artifacthub.io/changes'])).toEqual(changesOf(packageVersion()));
  });

  test('neither the password nor the private key reaches the output, the SBOMs, the baseline or the registry', () => {
    expect(release.stdout).toContain(keys.key); // the key is named by its path
    const visible = [release.stdout, release.stderr];
    for (const file of readdirSync(sbomDir)) visible.push(readFileSync(join(sbomDir, file), 'utf8'));
    for (const text of visible) {
      expect(text).not.toContain(keys.password);
      expect(text).not.toContain(keys.secretBody.slice(0, 40));
    }
    const stored = [
      ...registryBlobs(registry.dataDir),
      readFileSync(join(lastReleaseDir, `todo-app-${version}.tgz`)),
    ];
    expect(stored.length).toBeGreaterThan(10);
    for (const blob of stored) {
      expect(blob.includes(keys.password)).toBe(false);
      expect(blob.includes(keys.secretBody.slice(0, 40))).toBe(false);
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
    expect(readFileSync(join(lastReleaseDir, `todo-app-${version}.tgz`))).toEqual(
      readFileSync(helmPulled('pulled')),
    );
    expect({ dist: treeHash(join(ROOT, 'dist')), baseline: treeHash(DEFAULT_LAST_RELEASE_DIR) }).toEqual(
      before,
    );
    expect(existsSync(join(ROOT, 'sbom', version))).toBe(false);
  });

  test('deploy --verify-key checks the chart and both images, then goes on to the cluster', () => {
    const deployed = deployWithFakeCluster(deployArgs());
    expect(deployed.stdout).toMatch(
      /✔ Signatures: the released chart and its images \(cosign verify\): the chart and 2 images are signed/,
    );
    // The fake cluster is down: the deploy stops at its preflight, after the check.
    expect(deployed.stdout).toContain('✖ Preflight: kubectl, cluster, ingress controller failed');
    expect(deployed.kubectl[0]).toEqual(['config', 'current-context']);

    const unchecked = deployWithFakeCluster(
      deployArgs()
        .filter((a) => a !== '--verify-key' && a !== keys.pub)
        .concat('--no-verify'),
    );
    expect(unchecked.stdout).toContain(
      'skipped (--no-verify): the chart and its images are installed unchecked',
    );
    expect(unchecked.stdout).toMatch(/^! Signatures.*--no-verify: .* are not checked$/m);

    const privateKey = deployWithFakeCluster(deployArgs().map((a) => (a === keys.pub ? keys.key : a)));
    expect(privateKey.status).toBe(1);
    expect(privateKey.stdout).toContain(`--verify-key ${keys.key}: it is a private key`);
    expect(privateKey.kubectl).toEqual([]);
  });

  describe('a tag pushed over by someone else', () => {
    test('an image: cosign refuses the tag (the released digest still verifies); deploy refuses it', async () => {
      const digest = await manifestDigest(registry, 'todo-backend', version);
      // Another image (itself signed, in its own repository) under the backend's released tag.
      const cli = detectContainerCli()!;
      const pushed = spawnSync(
        cli,
        ['push', '--tls-verify=false', `todo-frontend:${version}`, imageRef('todo-backend')],
        { encoding: 'utf8', timeout: 10 * 60000 },
      );
      if (pushed.status !== 0) throw new Error(`${cli} push failed: ${pushed.stderr}`);
      expect(await manifestDigest(registry, 'todo-backend', version)).not.toBe(digest);

      const byTag = cosignVerify(keys.pub, imageRef('todo-backend'));
      expect(byTag.status).not.toBe(0);
      expect(byTag.stderr).toContain('no signatures found');
      expect(cosignVerify(keys.pub, imageRef('todo-backend', `@${digest}`)).status).toBe(0);

      // Run by tag (the released chart pins digests; this --set undoes it): refused before the cluster.
      const deployed = deployWithFakeCluster(deployArgs('--set', 'backend.image.digest='));
      expect(deployed.status).toBe(1);
      expect(deployed.stdout).toContain(
        '✖ Signatures: the released chart and its images (cosign verify) failed',
      );
      expect(deployed.stdout).toContain(
        `the image ${imageRef('todo-backend')} has no valid signature for ${keys.pub}`,
      );
      expect(deployed.stdout).toContain('nothing was installed');
      expect(deployed.kubectl).toEqual([]);
    });

    test('the chart: cosign refuses it, and deploy stops before anything is installed', () => {
      // Another chart (the repository's own, unpinned) pushed as the released version.
      const other = join(scratch, 'other-chart');
      helm(['package', join(ROOT, 'dist', 'helm', 'todo-app'), '--version', version, '--destination', other]);
      helm(['push', join(other, `todo-app-${version}.tgz`), `oci://${registry.host}/charts`, '--plain-http']);

      const verified = cosignVerify(keys.pub, chartRef());
      expect(verified.status).not.toBe(0);
      expect(verified.stderr).toContain('no signatures found');

      const deployed = deployWithFakeCluster(deployArgs());
      expect(deployed.status).toBe(1);
      expect(deployed.stdout).toMatch(
        new RegExp(
          `the chart ${chart().replace(/[.]/g, '\\.')} ${version} \\(sha256:[0-9a-f]{12}…\\) has no valid signature`,
        ),
      );
      expect(deployed.stdout).toContain('nothing was installed');
      expect(deployed.kubectl).toEqual([]);
    });
  });
});
