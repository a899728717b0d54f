/**
 * The data outlives the release: `helm uninstall` keeps the claim, installing again
 * reattaches it and the data is back; and two releases in one namespace work side
 * by side, each with its own data.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually, helm, json } from './lib/kube';
import type { List, Named } from './lib/objects';
import { chatRoundTrip, ingressSession, install, MAIN, newUser, Release, untilRouted } from './lib/release';

const SECOND: Release = { name: 'second', namespace: MAIN.namespace, host: 'second.todo-app.local' };
const claims = () =>
  json<List<Named>>('get', 'pvc', '-n', MAIN.namespace)
    .items.map((c) => c.metadata.name)
    .sort();

test('helm uninstall keeps the claim; installing again reattaches it and the data is back', async () => {
  const user = newUser('reinstall');
  await chatRoundTrip(ingressSession(MAIN), user);
  const before = claims();
  helm('uninstall', MAIN.name, '-n', MAIN.namespace, '--wait');
  assert.deepEqual(claims(), before, 'the claim is kept on uninstall');
  // The embedded database must not be opened by a new pod while the old one still shuts down.
  await eventually('the old pods are gone', 120, () =>
    json<List<Named>>('get', 'pods', '-n', MAIN.namespace).items.length === 0 ? true : undefined,
  );
  assert.equal(json<List<Named>>('get', 'deployments', '-n', MAIN.namespace).items.length, 0);
  install(MAIN);
  await untilRouted(MAIN);
  assert.deepEqual(claims(), before, 'the same claim, no new one');
  const session = ingressSession(MAIN);
  await session.signIn(user.email, user.password);
  assert.deepEqual(
    (await session.tasks()).map((t) => [t.title.toLowerCase(), t.completed]),
    [['buy milk', true]],
  );
});

test('two releases in one namespace side by side, each with its own data', async () => {
  install(SECOND);
  await untilRouted(SECOND);
  const user = newUser('second');
  await chatRoundTrip(ingressSession(SECOND), user);
  // The first release does not know the second's user.
  const first = ingressSession(MAIN);
  await assert.rejects(first.signIn(user.email, user.password), /HTTP 401/);
  const names = json<List<Named>>('get', 'deployments', '-n', MAIN.namespace)
    .items.map((d) => d.metadata.name)
    .sort();
  assert.equal(names.length, 4, `two deployments per release: ${names.join(', ')}`);
  assert.equal(claims().length, 2, 'a claim per release');
});
