/**
 * The images run the way the chart runs them. The chart is rendered with the real
 * helm; every Deployment's container is started from the image built from this
 * working tree exactly as its pod spec says (user, groups, read-only root, volumes,
 * env with the Secret filled in, command), its probes must pass within their
 * budgets, a user signs up and completes a task by chat through the frontend, the
 * backend is SIGKILLed and replaced by a new pod on the same volumes, and SIGTERM
 * drains both. Run by test/rehearsal/main.ts (`npm run test:rehearsal`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadContext, NAMESPACE, renderChart, testSecrets, workDir } from './lib/context';
import { FrontendSession } from './lib/frontend-session';
import { Secrets } from './lib/pod-plan';
import { describeExit, KubeObject, Rehearsal } from './lib/rehearsal';
import { backendDataPlacement, containerEnv, dataOnClaim, dropVolumeHolding, setEnv } from './lib/mutations';

const context = loadContext();
const TIMEOUT = { timeout: 5 * 60 * 1000 };
const log = (line: string) => console.log(`  ${line}`);
// Whatever a failed test left running ends with the file.
after(() => Rehearsal.closeAll());

interface Scenario {
  objects: () => KubeObject[];
  secrets: Secrets;
  backend: string;
  frontend: string;
  /** The frontend's Service (what the Ingress points at). */
  frontendService: string;
  checkPersistence: boolean;
}

function describeRehearsal(title: string, scenario: Scenario): void {
  describe(title, () => {
    let rehearsal: Rehearsal | undefined;
    let session: FrontendSession;
    let conversationId = 0;

    before(async () => {
      rehearsal = await Rehearsal.start({
        objects: scenario.objects(),
        images: context.images,
        secrets: scenario.secrets,
        namespace: NAMESPACE,
        workDir: workDir(context, 'cluster'),
        log,
      });
    }, TIMEOUT);
    after(() => rehearsal?.close());

    test(
      'containers run as the pod spec says: ids, PID 1, read-only root, only volumes writable',
      TIMEOUT,
      async () => {
        for (const deployment of [scenario.backend, scenario.frontend]) {
          const { plan, container } = rehearsal!.pod(deployment);
          const facts = await container.inspect();
          assert.deepEqual(facts.uid, [plan.uid, plan.uid, plan.uid, plan.uid], `${deployment}: uids`);
          assert.deepEqual(facts.gid, [plan.gid, plan.gid, plan.gid, plan.gid], `${deployment}: gids`);
          assert.deepEqual(
            facts.groups.sort(),
            [...plan.groups].sort(),
            `${deployment}: supplementary groups`,
          );
          assert.equal(facts.pidInNamespace, 1, `${deployment}: the main process is PID 1 of the container`);
          assert.equal(facts.noNewPrivileges, plan.noNewPrivileges, `${deployment}: no_new_privs`);
          assert.equal(facts.effectiveCapabilities, 0n, `${deployment}: no capabilities`);
          const root = facts.mounts.find((m) => m.path === '/');
          assert.equal(
            root?.readOnly,
            plan.readOnlyRootFilesystem,
            `${deployment}: root filesystem read-only`,
          );
          const writable = facts.mounts
            .filter((m) => !m.readOnly && !/^\/(proc|dev|sys)(\/|$)/.test(m.path))
            .map((m) => m.path);
          const volumes = plan.mounts.filter((m) => !m.readOnly).map((m) => m.mountPath);
          assert.deepEqual(
            writable.sort(),
            volumes.sort(),
            `${deployment}: writable mounts are the pod's volumes`,
          );
        }
      },
    );

    test('through the frontend: sign up, add a task by chat, complete it by chat', TIMEOUT, async () => {
      session = new FrontendSession(rehearsal!.url(scenario.frontendService));
      await session.signUp(`rehearsal-${Date.now()}@example.com`, 'a good password');
      const added = await session.chat('add a task to buy milk');
      conversationId = added.conversation_id;
      const milk = (await session.tasks()).find((t) => t.title === 'buy milk');
      assert.ok(milk, `the chat did not add the task: ${added.response}`);
      assert.equal(milk.completed, false);
      const done = await session.chat(`mark task ${milk.id} as complete`, conversationId);
      const after = (await session.tasks()).find((t) => t.id === milk.id);
      assert.equal(after?.completed, true, `the chat did not complete task ${milk.id}: ${done.response}`);
      log(`chat: "${added.response}" / "${done.response}"`);
    });

    if (scenario.checkPersistence)
      test(
        'conversation history persists after pod restart (SIGKILL, new pod, same volumes)',
        TIMEOUT,
        async () => {
          assert.ok(conversationId, 'the chat step did not run');
          const before = await session.messages(conversationId);
          await rehearsal!.replacePod(scenario.backend, 'SIGKILL');
          const placement = backendDataPlacement(rehearsal!.pod(scenario.backend).plan);
          const conversations = await session.conversations();
          assert.ok(
            conversations.some((c) => c.id === conversationId),
            `the conversation is gone after the backend pod was replaced: ${placement}`,
          );
          assert.deepEqual(
            (await session.messages(conversationId)).map((m) => [m.role, m.content]),
            before.map((m) => [m.role, m.content]),
            `the conversation's messages changed after the backend pod was replaced: ${placement}`,
          );
          const milk = (await session.tasks()).find((t) => t.title === 'buy milk');
          assert.equal(
            milk?.completed,
            true,
            `the completed task is gone after the pod was replaced: ${placement}`,
          );
          // The new pod goes on serving: the chat continues the same conversation.
          const reply = await session.chat('what have I completed?', conversationId);
          assert.match(reply.response, /buy milk/);
        },
      );

    test('SIGTERM: both drain and exit 0 within their grace period', TIMEOUT, async () => {
      const [backend, frontend] = await Promise.all(
        [scenario.backend, scenario.frontend].map((d) => rehearsal!.terminate(d)),
      );
      for (const [name, result] of [
        [scenario.backend, backend],
        [scenario.frontend, frontend],
      ] as const) {
        const drain = result.notReady
          ? `not ready (${result.notReady.detail}) after ${result.notReady.seconds.toFixed(1)} s, `
          : '';
        log(`${name}: SIGTERM → ${drain}${describeExit(result.exit)} after ${result.seconds.toFixed(1)} s`);
        assert.equal(result.killedAfterGracePeriod, false, `${name} did not exit within its grace period`);
        assert.deepEqual(result.exit, { code: 0, signal: null }, `${name}: ${describeExit(result.exit)}`);
      }
      // The backend keeps answering while it drains, but not as ready, so endpoints drop it first.
      assert.match(
        backend.notReady?.detail ?? 'never',
        /^HTTP 5\d\d$/,
        'the backend did not report not-ready while draining',
      );
    });
  });
}

describeRehearsal('chart defaults', {
  objects: () => renderChart(context),
  secrets: testSecrets(),
  backend: 'todo-app-backend',
  frontend: 'todo-app-frontend',
  frontendService: 'todo-app-frontend',
  checkPersistence: true,
});

const OVERRIDES = {
  fullnameOverride: 'tasks',
  secrets: { name: 'tasks-secrets' },
  backend: {
    logLevel: 'debug',
    service: { port: 9000 },
    readinessProbe: { initialDelaySeconds: 2, periodSeconds: 2, failureThreshold: 10 },
  },
  frontend: { service: { type: 'ClusterIP', port: 8080 }, livenessProbe: { periodSeconds: 5 } },
};

describeRehearsal('an override set (names, Secret name, Service ports, probe timings, log level)', {
  objects: () => renderChart(context, OVERRIDES),
  secrets: testSecrets('tasks-secrets'),
  backend: 'tasks-backend',
  frontend: 'tasks-frontend',
  frontendService: 'tasks-frontend',
  checkPersistence: false,
});

describeRehearsal('DATA_DIR on a PersistentVolumeClaim (manifests changed after rendering)', {
  objects: () => dataOnClaim(renderChart(context), 'todo-app-backend', '/var/lib/todo-app'),
  secrets: testSecrets(),
  backend: 'todo-app-backend',
  frontend: 'todo-app-frontend',
  frontendService: 'todo-app-frontend',
  checkPersistence: true,
});

describe('a chart that disagrees with the image fails the rehearsal, and says why', () => {
  /** Resolves with the rehearsal's error; a rehearsal that starts anyway is closed and reported. */
  async function failure(objects: KubeObject[], secrets = testSecrets()): Promise<string> {
    const options = { objects, images: context.images, secrets, namespace: NAMESPACE, log };
    try {
      const rehearsal = await Rehearsal.start({ ...options, workDir: workDir(context, 'broken') });
      await rehearsal.close();
    } catch (error) {
      const message = (error as Error).message;
      log(`reported: ${message.split('\n').join('\n    ')}`);
      return message;
    }
    assert.fail('the rehearsal passed although the chart and the image disagree');
  }

  test('DATA_DIR in the read-only root filesystem', TIMEOUT, async () => {
    const message = await failure(setEnv(renderChart(context), 'todo-app-backend', 'DATA_DIR', '/app/data'));
    assert.match(message, /todo-app-backend-rehearsal-1: (readiness|liveness) probe GET :8000/);
    assert.match(message, /the container stopped before the probe passed: exit code 1/);
    // Node reports a recursive mkdir on a read-only filesystem as ENOENT; the backend names the directory.
    assert.match(
      message,
      /DATA_DIR \/app\/data cannot hold the embedded database \(\w+\): mount a writable volume/,
    );
  });

  test('a missing writable path: the volume holding DATA_DIR dropped', TIMEOUT, async () => {
    const rendered = renderChart(context);
    const dataDir = containerEnv(rendered, 'todo-app-backend', 'DATA_DIR');
    const message = await failure(dropVolumeHolding(rendered, 'todo-app-backend', 'DATA_DIR'));
    assert.match(message, /todo-app-backend-rehearsal-1: (readiness|liveness) probe/);
    assert.ok(message.includes(`DATA_DIR ${dataDir} cannot hold the embedded database`), message);
  });

  test('the Secret lacks a key the pod requires', TIMEOUT, async () => {
    const message = await failure(renderChart(context), { 'app-secrets': { COHERE_API_KEY: 'x' } });
    assert.match(message, /todo-app-backend: couldn't find key JWT_SECRET in Secret app-secrets/);
  });
});
