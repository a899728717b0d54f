/**
 * The cluster itself, before any chart: traffic for its ranges cannot leave the
 * machine, nothing listens beyond loopback and the cluster bridge, DNS answers for
 * the cluster domain only, admission enforces the restricted profile, and a default
 * StorageClass provisions claims.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLUSTER, PATHS } from '../../scripts/cluster/layout';
import { EGRESS_GUARD, egressRules, GUARDED_CHAINS, guardRules } from '../../scripts/cluster/network';
import { eventually, json, kubectl, kubectlWithInput, restrictedNamespace, tryKubectl } from './lib/kube';
import type { Claim, ConfigMap, List, Named } from './lib/objects';
import { runPod } from './lib/pods';

const iptables = (...args: string[]) => spawnSync('iptables', ['-w', ...args], { encoding: 'utf8' }).stdout;

test('no packet for the pod or Service range leaves by an interface other than the bridge', () => {
  const rules = (table: string, chain: string) =>
    iptables('-t', table, '-S', chain)
      .trim()
      .split('\n')
      .slice(1)
      .map((rule) => rule.replace(/ --reject-with \S+$/, ''));
  const expected = (chain: string, list: string[][]) => list.map((rule) => `-A ${chain} ${rule.join(' ')}`);
  // The filter guard REJECTs at once; kube-proxy and kube-router may put their jumps before it.
  assert.deepEqual(rules('filter', CLUSTER.guardChain), expected(CLUSTER.guardChain, guardRules()));
  for (const chain of GUARDED_CHAINS)
    assert.ok(
      rules('filter', chain).includes(`-A ${chain} -j ${CLUSTER.guardChain}`),
      `${chain} jumps to the guard`,
    );
  // The backstop: first in mangle POSTROUTING, which every leaving packet passes after any ACCEPT.
  assert.deepEqual(
    rules(EGRESS_GUARD.table, EGRESS_GUARD.guard),
    expected(EGRESS_GUARD.guard, egressRules()),
  );
  assert.equal(
    rules(EGRESS_GUARD.table, EGRESS_GUARD.chain)[0],
    `-A ${EGRESS_GUARD.chain} -j ${EGRESS_GUARD.guard}`,
  );
});

/** Every process of the cluster: its daemons and everything in its pods' cgroups. */
function clusterPids(): Set<number> {
  const pids = new Set<number>();
  for (const file of readdirSync(PATHS.pids)) pids.add(Number(readFileSync(join(PATHS.pids, file), 'utf8')));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) walk(join(dir, entry.name));
    const procs = join(dir, 'cgroup.procs');
    if (existsSync(procs))
      for (const line of readFileSync(procs, 'utf8').split('\n')) if (line) pids.add(Number(line));
  };
  walk(join('/sys/fs/cgroup/pids', CLUSTER.cgroupRoot));
  return pids;
}

test('nothing of the cluster listens beyond loopback and the cluster bridge', () => {
  const pids = clusterPids();
  const sockets = spawnSync('ss', ['-H', '-ltunp'], { encoding: 'utf8' }).stdout.trim().split('\n');
  const ours = sockets.filter((line) => [...line.matchAll(/pid=(\d+)/g)].some((m) => pids.has(Number(m[1]))));
  assert.ok(
    ours.length >= 8,
    `expected the control plane's sockets, found ${ours.length}:\n${ours.join('\n')}`,
  );
  const allowed = /^(127\.0\.0\.1|\[::1\]|\[::ffff:127\.0\.0\.1\]|10\.213\.0\.1):\d+$/;
  const exposed = ours.filter((line) => !allowed.test(line.split(/\s+/)[4]));
  assert.deepEqual(exposed, [], `sockets beyond loopback and ${CLUSTER.nodeIp}`);
});

test('CoreDNS answers for the cluster domain and forwards nothing', async () => {
  const corefile = json<ConfigMap>('get', 'configmap', 'coredns', '-n', 'kube-system').data.Corefile;
  assert.doesNotMatch(corefile, /\bforward\b|\bproxy\b/);
  const namespace = restrictedNamespace('dns-check');
  const output = await runPod(namespace, 'dns-check', [
    'node',
    '-e',
    `const dns = require('node:dns').promises;
     (async () => {
       console.log('cluster', (await dns.resolve4('kubernetes.default.svc.${CLUSTER.domain}')).join(','));
       try { await dns.resolve4('example.com'); console.log('outside resolved'); }
       catch (e) { console.log('outside', e.code); }
     })();`,
  ]);
  assert.match(output, new RegExp(`cluster ${CLUSTER.apiServerServiceIp.replaceAll('.', '\\.')}`));
  assert.match(output, /outside (EREFUSED|ENOTFOUND|ESERVFAIL)/);
  kubectl('delete', 'namespace', namespace, '--wait=false');
});

test('admission refuses a pod that breaks the restricted profile', () => {
  const namespace = restrictedNamespace('admission-check');
  const refused = tryKubectl(
    'run',
    'privileged',
    '-n',
    namespace,
    '--image=localhost/todo-cluster/pause:3.10',
    '--image-pull-policy=Never',
    `--overrides=${JSON.stringify({
      spec: {
        containers: [
          {
            name: 'privileged',
            image: 'localhost/todo-cluster/pause:3.10',
            securityContext: { privileged: true },
          },
        ],
      },
    })}`,
  );
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /violates PodSecurity "restricted:latest"/);
  kubectl('delete', 'namespace', namespace, '--wait=false');
});

test('the default StorageClass provisions and binds a claim', async () => {
  const classes = json<List<Named>>('get', 'storageclass').items;
  const defaults = classes.filter(
    (c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true',
  );
  assert.deepEqual(
    defaults.map((c) => c.metadata.name),
    [CLUSTER.storageClass],
  );
  const namespace = restrictedNamespace('storage-check');
  kubectlWithInput(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'claim', namespace },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '16Mi' } } },
    }),
    'apply',
    '-f',
    '-',
  );
  const output = await runPod(
    namespace,
    'writer',
    ['node', '-e', "require('fs').writeFileSync('/data/x','ok');console.log('wrote')"],
    {
      claim: 'claim',
    },
  );
  assert.match(output, /wrote/);
  await eventually('the claim is bound', 60, () =>
    json<Claim>('get', 'pvc', 'claim', '-n', namespace).status.phase === 'Bound' ? true : undefined,
  );
  kubectl('delete', 'namespace', namespace, '--wait=false');
});
