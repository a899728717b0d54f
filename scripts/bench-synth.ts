/**
 * `npm run bench:synth`: wall time of `npm run synth` (manifests + Helm chart)
 * next to a stock one-Deployment cdk8s app run the same way (npm → tsx →
 * app.synth()), interleaved, median of N runs each, and their ratio.
 * Target: ratio ≤ 1.3.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/paths';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

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
  timeCommand('npm', ['exec', '--offline', '--', 'tsx', 'scripts/bench/stock-app.ts'], {
    CDK8S_OUTDIR: join(work, 'stock'),
  });
  for (let i = 0; i < RUNS; i++) {
    ours.push(timeCommand('npm', ['run', '--silent', 'synth', '--', '--out', join(work, 'ours')]));
    stock.push(
      timeCommand('npm', ['exec', '--offline', '--', 'tsx', 'scripts/bench/stock-app.ts'], {
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
const runs = (samples: number[]) => samples.map((t) => t.toFixed(0)).join(', ');
console.log(`  npm run synth (manifests + Helm chart):           ${fmt(median(ours))}   runs: ${runs(ours)}`);
console.log(
  `  stock one-Deployment cdk8s app:                    ${fmt(median(stock))}   runs: ${runs(stock)}`,
);
console.log(`  ratio: ${ratio.toFixed(2)} (target <= 1.30) ${ratio <= 1.3 ? 'OK' : 'OVER TARGET'}`);
