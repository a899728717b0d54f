/**
 * Upgrades as users run them: from the last released chart to this one with the data
 * kept, a rollback, and an upgrade that changes values (two frontend replicas) while
 * a bounded request loop runs through the Ingress without one failed request.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { version } from '../../package.json';
import { helm, json } from './lib/kube';
import type { Deployment } from './lib/objects';
import {
  chatRoundTrip,
  deleteNamespace,
  ingressSession,
  install,
  objectName,
  Release,
  untilRouted,
  upgrade,
  upgradeInBackground,
} from './lib/release';

const RELEASE: Release = { name: 'upgrade', namespace: 'todo-upgrade', host: 'upgrade.todo-app.local' };
const LAST_RELEASE_DIR = join(REPO_ROOT, 'test', 'release', 'last-release');
const lastRelease = join(
  LAST_RELEASE_DIR,
  readdirSync(LAST_RELEASE_DIR).find((f) => f.endsWith('.tgz')) as string,
);

const titles = async (session: ReturnType<typeof ingressSession>) =>
  (await session.tasks()).map((t) => [t.title.toLowerCase(), t.completed]);

test('helm upgrade from the last released chart keeps the data; helm rollback keeps it too', async () => {
  // The last release's chart, running this tree's images (the cluster has no others): what is
  // upgraded here is the chart, its templates and values, with the data on its claim.
  const images = ['backend', 'frontend'].flatMap((c) => ['--set', `${c}.image.tag=${version}`]);
  install(RELEASE, { chart: lastRelease, args: images });
  await untilRouted(RELEASE);
  const { session } = await chatRoundTrip(ingressSession(RELEASE));
  upgrade(RELEASE);
  assert.match(helm('status', RELEASE.name, '-n', RELEASE.namespace), /REVISION: 2/);
  assert.deepEqual(await titles(session), [['buy milk', true]]);
  helm('rollback', RELEASE.name, '1', '-n', RELEASE.namespace, '--wait', '--timeout', '5m');
  assert.match(helm('status', RELEASE.name, '-n', RELEASE.namespace), /REVISION: 3/);
  assert.deepEqual(await titles(session), [['buy milk', true]]);
});

test('an upgrade to two frontend replicas while requests run: not one fails', async () => {
  const deadline = Date.now() + 5 * 60_000;
  const probe = ingressSession(RELEASE);
  let sent = 0;
  const failures: string[] = [];
  let upgrading = true;
  // Bounded: it stops when the upgrade is done (or at the deadline), and at 5,000 requests.
  const loop = (async () => {
    while ((upgrading || sent < 20) && sent < 5000 && Date.now() < deadline) {
      sent++;
      try {
        const response = await probe.health();
        if (response !== 200) failures.push(`request ${sent}: HTTP ${response}`);
      } catch (error) {
        failures.push(`request ${sent}: ${(error as Error).message}`);
      }
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 200));
  try {
    // A change of the pod template too, so the frontend's pods are replaced while requests run.
    await upgradeInBackground(RELEASE, {
      args: ['--set', 'frontend.replicaCount=2', '--set', 'frontend.podAnnotations.rollout=under-load'],
    });
  } finally {
    upgrading = false;
    await loop;
  }
  const deployment = json<Deployment>(
    'get',
    'deployment',
    objectName('deployment', RELEASE, 'frontend'),
    '-n',
    RELEASE.namespace,
  );
  assert.equal(deployment.status.readyReplicas, 2);
  console.log(`${sent} requests through the Ingress during the upgrade, ${failures.length} failed`);
  assert.deepEqual(failures, []);
  assert.ok(sent >= 50, `only ${sent} requests ran during the upgrade`);
  helm('uninstall', RELEASE.name, '-n', RELEASE.namespace, '--wait');
  deleteNamespace(RELEASE.namespace);
});
