/**
 * The NetworkPolicies are enforced (kube-router): a pod without the
 * frontend's labels cannot reach the backend, while the frontend (the chats above)
 * and the `helm test` pods can, and DNS still resolves under default-deny.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLUSTER } from '../../scripts/cluster/layout';
import { helm, json, pods } from './lib/kube';
import type { Service } from './lib/objects';
import { runPod } from './lib/pods';
import { MAIN, objectName } from './lib/release';

const reach = (url: string) => [
  'node',
  '-e',
  // Ten tries a second apart: kube-router admits a new pod's address to the policy's sets only
  // after it has seen the pod, so one that may pass gets through within that; one that may not
  // is blocked every time.
  `(async () => {
     let outcome;
     for (let i = 0; i < 10 && !outcome?.startsWith('reached'); i++) {
       if (i) await new Promise((r) => setTimeout(r, 1000));
       outcome = await fetch(${JSON.stringify(url)}, { signal: AbortSignal.timeout(5000) }).then(
         (r) => 'reached ' + r.status,
         (e) => 'blocked ' + (e.cause?.code ?? e.name),
       );
     }
     console.log(outcome);
   })();
   require('node:dns').promises.resolve4(${JSON.stringify(`kubernetes.default.svc.${CLUSTER.domain}`)})
     .then((a) => console.log('dns', a.join(',')), (e) => console.log('dns failed', e.code));`,
];

function backendUrl(): string {
  const svc = json<Service>('get', 'service', objectName('service', MAIN, 'backend'), '-n', MAIN.namespace);
  return `http://${svc.metadata.name}.${MAIN.namespace}.svc.${CLUSTER.domain}:${svc.spec.ports[0].port}/health`;
}

test('a pod without the frontend labels cannot reach the backend; DNS still resolves', async () => {
  const output = await runPod(MAIN.namespace, 'stranger', reach(backendUrl()));
  assert.match(output, /blocked/);
  assert.doesNotMatch(output, /reached/);
  assert.match(output, new RegExp(`dns ${CLUSTER.apiServerServiceIp.replaceAll('.', '\\.')}`));
});

test('with the frontend labels (what the policy allows), the same pod reaches the backend', async () => {
  const [frontend] = pods(MAIN.namespace, MAIN.name, 'frontend');
  // All of the frontend pod's labels (the policy selects on the original app=frontend as well as on
  // app.kubernetes.io/*), but not pod-template-hash, so its ReplicaSet does not adopt the pod.
  const labels = Object.fromEntries(
    Object.entries(frontend.metadata.labels ?? {}).filter(([k]) => k !== 'pod-template-hash'),
  );
  const output = await runPod(MAIN.namespace, 'frontend-alike', reach(backendUrl()), { labels });
  assert.match(output, /reached 200/);
});

test('the helm test pods reach both workloads under the policies', () => {
  assert.match(helm('test', MAIN.name, '-n', MAIN.namespace, '--timeout', '3m'), /Phase:\s+Succeeded/);
});
