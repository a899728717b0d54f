/**
 * `npm run bench:cluster`: the chart on the real test cluster (npm run cluster), timed.
 * Starts a cluster (or uses the one running), then prints, median of BENCH_RUNS
 * (default 3) installs into fresh namespaces:
 *   - `helm install --wait` until every pod is ready;
 *   - each workload's time from container start to ready;
 *   - a `helm upgrade --wait` that changes the pods (a new annotation).
 * Against the original targets: pods up in under 30 s, healthy within 5 minutes.
 * A benchmark, not a test: it prints figures and fails only when something breaks.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER, PATHS } from '../cluster/layout';
import { runningPid } from '../cluster/processes';
import { tearDown } from '../cluster/teardown';
import { ensureBinaries, up } from '../cluster/up';
import { REPO_ROOT } from '../lib/paths';
import { findTool } from '../lib/tools';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHART = join(REPO_ROOT, 'dist', 'helm', 'todo-app');
const env = { ...process.env, KUBECONFIG: PATHS.adminKubeconfig };

function must(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env, input, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const ownCluster = !runningPid('kube-apiserver') || !existsSync(PATHS.adminKubeconfig);
  const bins = ownCluster ? await up({ log: (l) => console.log(`cluster: ${l}`) }) : ensureBinaries(() => {});
  const helm = findTool('helm').path as string;
  const kubectl = (...args: string[]) => must(bins.kubectl, args);
  const rows: { install: number; upgrade: number; ready: Record<string, number> }[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const namespace = `bench-${run}`;
      kubectl('create', 'namespace', namespace);
      kubectl('label', 'namespace', namespace, 'pod-security.kubernetes.io/enforce=restricted');
      must(
        bins.kubectl,
        ['apply', '-f', '-'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'app-secrets', namespace },
          stringData: {
            JWT_SECRET: `bench-${Math.random().toString(36).slice(2)}-secret-value`,
            COHERE_API_KEY: '',
            DATABASE_URL: '',
          },
        }),
      );
      const values = [
        '--set',
        `ingress.className=${CLUSTER.ingressClass}`,
        '--set',
        `ingress.host=bench${run}.local`,
      ];
      let started = Date.now();
      must(helm, ['install', 'bench', CHART, '-n', namespace, '--wait', '--timeout', '5m', ...values]);
      const install = Date.now() - started;
      const pods = JSON.parse(kubectl('get', 'pods', '-n', namespace, '-o', 'json')).items;
      const ready: Record<string, number> = {};
      for (const pod of pods) {
        const component = pod.metadata.labels['app.kubernetes.io/component'];
        const readyAt = pod.status.conditions.find(
          (c: { type: string }) => c.type === 'Ready',
        ).lastTransitionTime;
        ready[component] =
          Date.parse(readyAt) - Date.parse(pod.status.containerStatuses[0].state.running.startedAt);
      }
      started = Date.now();
      must(helm, [
        'upgrade',
        'bench',
        CHART,
        '-n',
        namespace,
        '--wait',
        '--timeout',
        '5m',
        ...values,
        '--set',
        `frontend.podAnnotations.bench=run${run}`,
      ]);
      rows.push({ install, upgrade: Date.now() - started, ready });
      must(helm, ['uninstall', 'bench', '-n', namespace, '--wait']);
      kubectl('delete', 'namespace', namespace, '--wait=false');
    }
  } finally {
    if (ownCluster) tearDown(join(bins.kubernetes, 'kube-proxy'));
  }
  const installs = rows.map((r) => r.install);
  console.log(`\nbench:cluster, ${RUNS} installs into fresh namespaces (median, runs in brackets)`);
  const runs = (xs: number[]) => `${seconds(median(xs))} [${xs.map(seconds).join(', ')}]`;
  console.log(`helm install --wait, to every pod ready: ${runs(installs)}  target: healthy within 300 s`);
  for (const component of Object.keys(rows[0].ready)) {
    const times = rows.map((r) => r.ready[component]);
    console.log(`${component} container start to ready: ${runs(times)}  target: under 30 s`);
  }
  const upgrades = rows.map((r) => r.upgrade);
  console.log(`helm upgrade --wait (new pods): ${runs(upgrades)}`);
}

main().catch((error: Error) => {
  console.error(`bench:cluster: ${error.message}`);
  process.exit(1);
});
