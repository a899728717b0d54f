/**
 * The chart as users install it: `helm install --dry-run=server`, then `helm install
 * --wait` into a namespace where admission enforces the restricted profile; each pod
 * ready within its readiness budget; `helm test`; sign-up and chat through the
 * frontend Service (port-forward) and through the Ingress; the five MCP tools with
 * a personal access token; the backend pod deleted and replaced on the same claim
 * with everything still there.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { FrontendSession } from '../rehearsal/lib/frontend-session';
import { clusterValues, eventually, helm, json, kubectl, pods, portForward, startToReady } from './lib/kube';
import type { Ingress, List, Pod } from './lib/objects';
import {
  CHART,
  chatRoundTrip,
  ingressSession,
  install,
  MAIN,
  mcpSdk,
  newUser,
  objectName,
} from './lib/release';

/** The port-forward to the frontend Service, opened by the first test that chats. */
let frontend: { url: string; stop: () => void } | undefined;
after(() => frontend?.stop());
const frontendForward = async () =>
  (frontend ??= await portForward(
    MAIN.namespace,
    `service/${objectName('service', MAIN, 'frontend')}`,
    3000,
  ));

test('the API server accepts the chart (helm install --dry-run=server)', () => {
  kubectl('create', 'namespace', MAIN.namespace);
  kubectl('label', 'namespace', MAIN.namespace, 'pod-security.kubernetes.io/enforce=restricted');
  const rendered = helm(
    'install',
    MAIN.name,
    CHART,
    '-n',
    MAIN.namespace,
    '--dry-run=server',
    ...clusterValues(),
  );
  assert.match(rendered, /STATUS: pending-install/);
});

test('helm install --wait: every pod ready within its readiness budget, in the restricted namespace', () => {
  const seconds = install(MAIN);
  console.log(`helm install --wait took ${seconds.toFixed(1)} s`);
  for (const component of ['backend', 'frontend']) {
    const [pod] = pods(MAIN.namespace, MAIN.name, component);
    assert.equal(pod.status.containerStatuses?.[0]?.ready, true, `${component} ready`);
    const probe = pod.spec.containers[0].readinessProbe;
    const budget = (probe.initialDelaySeconds ?? 0) + probe.periodSeconds * probe.failureThreshold;
    const took = startToReady(pod);
    console.log(`${component}: container start to ready ${took} s (budget ${budget} s)`);
    assert.ok(took <= budget, `${component} took ${took} s, over its readiness budget of ${budget} s`);
  }
});

test('helm test passes (the backend /ready and the frontend /, from inside the namespace)', () => {
  const output = helm('test', MAIN.name, '-n', MAIN.namespace, '--timeout', '3m');
  assert.match(output, /Phase:\s+Succeeded/);
  assert.doesNotMatch(output, /Phase:\s+Failed/);
});

test('sign-up, add and complete by chat through the frontend Service (port-forward)', async () => {
  const { session } = await chatRoundTrip(new FrontendSession((await frontendForward()).url));
  const [task] = await session.tasks();
  assert.equal(task.title.toLowerCase(), 'buy milk');
  assert.equal(task.completed, true);
});

test('sign-up, add and complete by chat through the Ingress (Host todo-app.local)', async () => {
  const ingress = json<List<Ingress>>('get', 'ingress', '-n', MAIN.namespace).items[0];
  assert.equal(ingress.spec.rules[0].host, MAIN.host);
  const { session } = await eventually('the Ingress routes to the frontend', 60, () =>
    chatRoundTrip(ingressSession(MAIN)),
  );
  assert.deepEqual(
    (await session.tasks()).map((t) => [t.title.toLowerCase(), t.completed]),
    [['buy milk', true]],
  );
});

test('the five MCP tools with the official MCP client and a personal access token', async () => {
  const { url } = await frontendForward();
  const user = new FrontendSession(url);
  await user.signUp(newUser('mcp').email, 'correct horse battery');
  const token = await user.createToken('cluster test');
  const { Client, StreamableHTTPClientTransport } = mcpSdk();
  const client = new Client({ name: 'cluster-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  try {
    const tools = (await client.listTools()).tools.map((t: { name: string }) => t.name).sort();
    assert.deepEqual(tools, ['add_task', 'complete_task', 'delete_task', 'list_tasks', 'update_task']);
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = await client.callTool({ name, arguments: args });
      assert.notEqual(result.isError, true, `${name}: ${JSON.stringify(result.content)}`);
      return JSON.parse(result.content[0].text);
    };
    const added = await call('add_task', { title: 'water the plants' });
    const id = added.task_id;
    await call('update_task', { task_id: id, title: 'water the garden' });
    await call('complete_task', { task_id: id });
    const listed = await call('list_tasks', { status: 'completed' });
    assert.match(JSON.stringify(listed), /water the garden/);
    await call('delete_task', { task_id: id });
    assert.doesNotMatch(JSON.stringify(await call('list_tasks', { status: 'all' })), /water the garden/);
  } finally {
    await client.close();
  }
});

test('after the chats and the MCP calls, no container restarted (none went past its 512Mi limit)', () => {
  const restarts = ['backend', 'frontend'].flatMap((component) =>
    pods(MAIN.namespace, MAIN.name, component).flatMap((pod) =>
      (pod.status.containerStatuses ?? [])
        .filter((c) => c.restartCount > 0)
        .map((c) => `${pod.metadata.name}/${c.name}: ${c.restartCount} (${c.lastState.terminated?.reason})`),
    ),
  );
  assert.deepEqual(restarts, []);
});

test('the backend pod deleted: a new pod on the same claim, with the history and the tasks', async () => {
  const { url } = await frontendForward();
  const { session, conversationId } = await chatRoundTrip(new FrontendSession(url), newUser('persist'));
  const [before] = pods(MAIN.namespace, MAIN.name, 'backend');
  const claimOf = (pod: Pod) =>
    pod.spec.volumes.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
  const claim = claimOf(before);
  assert.ok(claim, 'the backend mounts a claim');
  kubectl('delete', 'pod', before.metadata.name, '-n', MAIN.namespace, '--wait=true');
  const after = await eventually('a new backend pod is ready', 180, () => {
    const [pod] = pods(MAIN.namespace, MAIN.name, 'backend');
    const ready = pod?.status.containerStatuses?.[0]?.ready;
    return pod && pod.metadata.name !== before.metadata.name && ready ? pod : undefined;
  });
  assert.equal(claimOf(after), claim);
  const tasks = await eventually('the tasks come back through the frontend', 60, () => session.tasks());
  assert.deepEqual(
    tasks.map((t) => [t.title.toLowerCase(), t.completed]),
    [['buy milk', true]],
  );
  const messages = await session.messages(conversationId);
  assert.ok(messages.length >= 4, `the conversation kept its ${messages.length} messages`);
});
