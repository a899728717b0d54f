/**
 * `npm run doctor` on a live release broken on purpose: its Secret deleted, then an
 * image that does not exist. Reading the real state, it names each cause and its fix.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { context, eventually, kubectl } from './lib/kube';
import { MAIN, objectName, upgrade } from './lib/release';

function doctor(): { status: number; report: string } {
  const result = spawnSync('npx', ['tsx', 'scripts/doctor/main.ts', '-n', MAIN.namespace], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, KUBECONFIG: context.kubeconfig },
  });
  return { status: result.status ?? 1, report: `${result.stdout}${result.stderr}` };
}

test('a deleted Secret: the doctor names it and prints the command that creates it', async () => {
  kubectl('delete', 'secret', 'app-secrets', '-n', MAIN.namespace);
  const backend = objectName('deployment', MAIN, 'backend');
  kubectl('rollout', 'restart', `deployment/${backend}`, '-n', MAIN.namespace);
  const result = await eventually('the doctor sees the missing Secret', 120, () => {
    const run = doctor();
    return /app-secrets/.test(run.report) && /kubectl create secret/.test(run.report) ? run : undefined;
  });
  assert.equal(result.status, 1);
  assert.match(result.report, /kubectl create secret generic app-secrets[^\n]*-n todo-ci/);
});

test('an image that does not exist: the doctor names the image and the fix', async () => {
  // A loopback registry with nothing behind it: the pull fails here, and nothing leaves the machine.
  upgrade(MAIN, {
    wait: false,
    args: ['--set', 'frontend.image.repository=127.0.0.1:9/todo-frontend-missing'],
  });
  const result = await eventually('the doctor sees the failing pull', 180, () => {
    const run = doctor();
    return /127\.0\.0\.1:9\/todo-frontend-missing/.test(run.report) ? run : undefined;
  });
  assert.equal(result.status, 1);
  assert.match(result.report, /ImagePull|image/i);
});
