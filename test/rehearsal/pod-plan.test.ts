/**
 * How the rehearsal reads a pod spec, checked against Kubernetes' documented rules
 * without starting anything: command/args against ENTRYPOINT/CMD, env order and
 * $(VAR) expansion, secretKeyRef, user and groups, volumes, probes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { expand, ImageConfig, planPod, RehearsalError } from './lib/pod-plan';
import { backendDataPlacement } from './lib/mutations';

const IMAGE: ImageConfig = {
  User: '1000:1000',
  Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'PORT=8000', 'DATA_DIR=/tmp/data'],
  Entrypoint: null,
  Cmd: ['node', 'dist/server.js'],
  WorkingDir: '/app',
};

function deployment(container: Partial<IContainer> = {}, pod: Partial<IPodSpec> = {}): IDeployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          enableServiceLinks: false,
          securityContext: { runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true, fsGroup: 2000 },
          containers: [
            { name: 'api', image: 'api:1', ports: [{ name: 'http', containerPort: 8000 }], ...container },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
          ...pod,
        },
      },
    },
  };
}

const plan = (d: IDeployment, secrets = {}, claims: string[] = [], image = IMAGE) =>
  planPod({ deployment: d, podName: 'api-1', image: () => image, secrets, claims: new Set(claims) });

describe('command and args, as Kubernetes combines them with the image', () => {
  test('neither: ENTRYPOINT + CMD of the image, in its WORKDIR', () => {
    const p = plan(deployment());
    assert.deepEqual(p.command, ['node', 'dist/server.js']);
    assert.equal(p.workingDir, '/app');
  });
  test('args only: the image ENTRYPOINT with these args', () => {
    const image = { ...IMAGE, Entrypoint: ['tini', '--'] };
    assert.deepEqual(plan(deployment({ args: ['node', 'other.js'] }), {}, [], image).command, [
      'tini',
      '--',
      'node',
      'other.js',
    ]);
  });
  test('command: replaces ENTRYPOINT and drops CMD; $(VAR) expands from env', () => {
    const d = deployment({
      command: ['node', '--port=$(PORT)', '$$(PORT)'],
      env: [{ name: 'PORT', value: '9000' }],
    });
    assert.deepEqual(plan(d).command, ['node', '--port=9000', '$(PORT)']);
  });
});

describe('environment', () => {
  test('image ENV, then the pod spec in order; $(VAR) sees earlier entries only; HOSTNAME is the pod name', () => {
    const d = deployment({
      env: [
        { name: 'A', value: 'a' },
        { name: 'B', value: '$(A)-$(C)-$(PORT)' },
        { name: 'C', value: 'c' },
        { name: 'PORT', value: '8001' },
      ],
    });
    const env = new Map(plan(d).env);
    assert.equal(env.get('B'), 'a-$(C)-$(PORT)');
    assert.equal(env.get('PORT'), '8001');
    assert.equal(env.get('DATA_DIR'), '/tmp/data');
    assert.equal(env.get('HOSTNAME'), 'api-1');
  });
  test('secretKeyRef: filled from the Secret; optional and missing is left out; required and missing fails', () => {
    const ref = (key: string, optional?: boolean) => ({
      name: key,
      valueFrom: { secretKeyRef: { name: 'app-secrets', key, optional } },
    });
    const d = deployment({ env: [ref('JWT_SECRET'), ref('COHERE_API_KEY', true)] });
    const env = new Map(plan(d, { 'app-secrets': { JWT_SECRET: 's3cret' } }).env);
    assert.equal(env.get('JWT_SECRET'), 's3cret');
    assert.equal(env.has('COHERE_API_KEY'), false);
    assert.throws(() => plan(d, { 'app-secrets': {} }), /couldn't find key JWT_SECRET in Secret app-secrets/);
    assert.throws(() => plan(d, {}), /secret "app-secrets" not found/);
  });
  test('expand leaves unknown references as written', () => {
    assert.equal(expand('$(X)/$(Y)/$$', new Map([['X', '1']])), '1/$(Y)/$');
  });
});

describe('user, groups and privileges', () => {
  test('pod securityContext, overridden by the container; fsGroup and supplementalGroups as groups', () => {
    const d = deployment(
      { securityContext: { runAsUser: 1001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false } },
      { securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000] } },
    );
    const p = plan(d);
    assert.deepEqual([p.uid, p.gid, p.groups, p.fsGroup], [1001, 3000, [2000, 4000], 2000]);
    assert.equal(p.readOnlyRootFilesystem, true);
    assert.equal(p.noNewPrivileges, true);
  });
  test('without runAsUser the image USER applies; runAsNonRoot refuses root', () => {
    const d = deployment({}, { securityContext: { runAsNonRoot: true } });
    assert.equal(plan(d).uid, 1000);
    assert.throws(() => plan(d, {}, [], { ...IMAGE, User: '' }), /runAsNonRoot and image will run as root/);
    assert.throws(() => plan(d, {}, [], { ...IMAGE, User: 'node' }), /non-numeric user \(node\)/);
  });
});

describe('volumes, probes and what is not modelled', () => {
  test('emptyDir and PersistentVolumeClaim mounts, parents first; a claim that does not exist fails', () => {
    const d = deployment(
      {
        env: [{ name: 'DATA_DIR', value: '/var/lib/app/db' }],
        volumeMounts: [
          { name: 'data', mountPath: '/var/lib/app' },
          { name: 'tmp', mountPath: '/tmp' },
          { name: 'cache', mountPath: '/var/lib/app/cache', readOnly: true },
        ],
      },
      {
        volumes: [
          { name: 'tmp', emptyDir: {} },
          { name: 'data', persistentVolumeClaim: { claimName: 'api-data' } },
          { name: 'cache', emptyDir: { medium: 'Memory' } },
        ],
      },
    );
    const p = plan(d, {}, ['api-data']);
    assert.deepEqual(
      p.mounts.map((m) => [m.mountPath, m.source.kind, m.readOnly]),
      [
        ['/tmp', 'emptyDir', false],
        ['/var/lib/app', 'claim', false],
        ['/var/lib/app/cache', 'emptyDir', true],
      ],
    );
    assert.throws(() => plan(d), /persistentvolumeclaim "api-data" not found/);
  });
  test('where DATA_DIR lives, for failure messages', () => {
    const mountedTmp = deployment({ volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] });
    assert.match(backendDataPlacement(plan(mountedTmp)), /DATA_DIR=\/tmp\/data is on emptyDir volume "tmp"/);
    assert.match(backendDataPlacement(plan(deployment())), /in the container's root filesystem/);
  });
  test('probes: named ports resolved, Kubernetes defaults filled in', () => {
    const p = plan(deployment({ readinessProbe: { httpGet: { path: '/ready', port: 'http' } } }));
    assert.deepEqual(p.readinessProbe, {
      kind: 'http',
      path: '/ready',
      port: 8000,
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      failureThreshold: 3,
    });
    assert.throws(
      () => plan(deployment({ livenessProbe: { httpGet: { path: '/', port: 'web' } } })),
      /port web/,
    );
  });
  test('what the rehearsal cannot run faithfully is refused, not approximated', () => {
    const cases: [IDeployment, RegExp][] = [
      [deployment({}, { enableServiceLinks: true }), /enableServiceLinks/],
      [deployment({}, { initContainers: [{ name: 'init', image: 'x' }] }), /initContainers/],
      [
        deployment(
          { volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] },
          { volumes: [{ name: 'cfg', configMap: { name: 'c' } }] },
        ),
        /configMap/,
      ],
      [deployment({ readinessProbe: { exec: { command: ['true'] } } }), /only httpGet and tcpSocket/],
    ];
    for (const [d, message] of cases)
      assert.throws(
        () => plan(d),
        (e: Error) => e instanceof RehearsalError && message.test(e.message),
      );
  });
});
