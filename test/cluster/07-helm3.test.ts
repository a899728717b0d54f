/** The newest Helm 3 installs, tests, upgrades and uninstalls the chart as Helm 4 does. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, helmWith, json } from './lib/kube';
import type { Deployment, List, Named } from './lib/objects';
import {
  chatRoundTrip,
  deleteNamespace,
  ingressSession,
  install,
  objectName,
  Release,
  untilRouted,
  upgrade,
} from './lib/release';

const RELEASE: Release = { name: 'helm3', namespace: 'todo-helm3', host: 'helm3.todo-app.local' };
const helm3 = (...args: string[]) => helmWith(context.helm3, ...args);

test('Helm 3: install, test, upgrade and uninstall', async () => {
  assert.match(helm3('version', '--short'), /^v3\./);
  install(RELEASE, { helm: context.helm3 });
  await untilRouted(RELEASE);
  assert.match(helm3('test', RELEASE.name, '-n', RELEASE.namespace, '--timeout', '3m'), /Phase:\s+Succeeded/);
  await chatRoundTrip(ingressSession(RELEASE));
  upgrade(RELEASE, { helm: context.helm3, args: ['--set', 'frontend.replicaCount=2'] });
  const deployment = json<Deployment>(
    'get',
    'deployment',
    objectName('deployment', RELEASE, 'frontend'),
    '-n',
    RELEASE.namespace,
  );
  assert.equal(deployment.status.readyReplicas, 2);
  helm3('uninstall', RELEASE.name, '-n', RELEASE.namespace, '--wait');
  assert.equal(json<List<Named>>('get', 'deployments', '-n', RELEASE.namespace).items.length, 0);
  assert.equal(json<List<Named>>('get', 'pvc', '-n', RELEASE.namespace).items.length, 1, 'the claim is kept');
  deleteNamespace(RELEASE.namespace);
});
