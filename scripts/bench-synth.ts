/**
 * `npm run bench:synth`: wall time of `npm run synth` (manifests + Helm chart)
 * next to a stock cdk8s app that synthesizes the same objects, run the same way
 * (npm → tsx → app.synth()), interleaved, median of N runs each, and their ratio.
 * Target: ratio ≤ 1.1.
 *
 * Then the bridge at scale: the example chart (examples/web-redis) with 100
 * workloads, rendered as plain manifests and as a Helm chart in-process, in
 * milliseconds per workload next to the same chart with 2 workloads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webRedisChart } from '../examples/web-redis/chart';
import { REPO_ROOT } from './lib/paths';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The baseline: a stock cdk8s app synthesizing the same objects as the todo app's manifests. */
const STOCK_APP = 'scripts/bench/stock-same-objects.ts';

function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
  return elapsed;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const work = mkdtempSync(join(tmpdir(), 'bench-synth-'));
const ours: number[] = [];
const stock: number[] = [];
try {
  // One warm-up each so both start from a warm file cache.
  timeCommand('npm', ['run', '--silent', 'synth', '--', '--out', join(work, 'ours')]);
  timeCommand('npm', ['exec', '--offline', '--', 'tsx', STOCK_APP], { CDK8S_OUTDIR: join(work, 'stock') });
  for (let i = 0; i < RUNS; i++) {
    ours.push(timeCommand('npm', ['run', '--silent', 'synth', '--', '--out', join(work, 'ours')]));
    stock.push(
      timeCommand('npm', ['exec', '--offline', '--', 'tsx', STOCK_APP], {
        CDK8S_OUTDIR: join(work, 'stock'),
      }),
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
const ratio = median(ours) / median(stock);
console.log(`synth benchmark, median of ${RUNS} interleaved runs (wall time)`);
const row = (label: string, samples: number[]) =>
  console.log(
    `  ${label.padEnd(48)} ${fmt(median(samples))}   runs: ${samples.map((t) => t.toFixed(0)).join(', ')}`,
  );
row('npm run synth (manifests + Helm chart):', ours);
row('stock cdk8s synth of the same objects:', stock);
console.log(`  ratio: ${ratio.toFixed(2)} (target <= 1.10) ${ratio <= 1.1 ? 'OK' : 'OVER TARGET'}`);

/** Median in-process time of one rendering of the example chart with `workloads` workloads (1 Redis + web apps). */
function exampleRenderMs(workloads: number, render: 'manifests' | 'chart'): number {
  const chart = webRedisChart({ webWorkloads: workloads - 1 });
  const values = chart.defaults();
  const once = () =>
    render === 'manifests'
      ? chart.manifests(values, { name: 'bench', namespace: 'bench' })
      : chart.files(values);
  once(); // warm-up: module loading and JIT
  const samples = Array.from({ length: RUNS }, () => {
    const started = process.hrtime.bigint();
    once();
    return Number(process.hrtime.bigint() - started) / 1e6;
  });
  return median(samples);
}

console.log(`\nthe bridge at scale: examples/web-redis, median of ${RUNS} in-process renderings`);
for (const render of ['manifests', 'chart'] as const) {
  const small = exampleRenderMs(2, render);
  const large = exampleRenderMs(100, render);
  console.log(
    `  ${render.padEnd(9)}  2 workloads: ${(small / 2).toFixed(1).padStart(6)} ms per workload` +
      `   100 workloads: ${(large / 100).toFixed(1).padStart(6)} ms per workload (${large.toFixed(0)} ms in all)`,
  );
}
