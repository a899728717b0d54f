// `npm run bench:api`: throughput and latency of the built backend (embedded database)
// next to a bare Fastify hello-world, measured in the same run on loopback.
// Targets: /health >= 0.8x bare Fastify; chat p95 <= 25 ms at 10 concurrent; ready <= 1 s after start.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);

function startProcess(args, env, port) {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  return { child, started };
}

async function waitFor(url, started, timeoutMs = 20000) {
  for (;;) {
    try {
      if ((await fetch(url)).ok) return performance.now() - started;
    } catch {}
    if (performance.now() - started > timeoutMs) throw new Error(`${url} not ready`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function run(opts) {
  return new Promise((resolve, reject) =>
    autocannon({ duration: DURATION, ...opts }, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

const row = (name, r) => ({
  name,
  'req/s': Math.round(r.requests.average),
  'p50 ms': r.latency.p50,
  'p97.5 ms': r.latency.p97_5,
  'p99 ms': r.latency.p99,
  errors: r.errors + r.non2xx,
});

/** Exact latency percentiles from a closed loop of `concurrency` workers (autocannon reports no p95). */
async function closedLoop(requestCount, concurrency, send) {
  const latencies = [];
  let next = 0;
  const worker = async () => {
    while (next < requestCount) {
      next++;
      const t = performance.now();
      const res = await send();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { rps: latencies.length / seconds, p50: pct(50), p95: pct(95), p99: pct(99) };
}

const bareFile = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bare.cjs');
writeFileSync(
  bareFile,
  `const f = require(${JSON.stringify(join(ROOT, 'node_modules', 'fastify'))})();\nf.get('/', async () => ({ hello: 'world' }));\nf.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });\n`,
);

const bare = startProcess([bareFile], {}, 18401);
await waitFor('http://127.0.0.1:18401/', bare.started);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-data-'));
const app = startProcess(
  ['dist/server.js'],
  {
    DATA_DIR: dataDir,
    JWT_SECRET: 'bench-secret-0123456789abcdef',
    LOG_LEVEL: 'warn',
    SHUTDOWN_DELAY_MS: '0',
  },
  18402,
);
const readyMs = await waitFor('http://127.0.0.1:18402/ready', app.started);
const base = 'http://127.0.0.1:18402';

try {
  const signup = await (
    await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench${Date.now()}@example.com`, password: 'bench password' }),
    })
  ).json();
  const headers = { authorization: `Bearer ${signup.token}`, 'content-type': 'application/json' };
  for (let i = 0; i < 1000; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, j) =>
        fetch(`${base}/api/${signup.user_id}/tasks`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ title: `task ${i + j}` }),
        }),
      ),
    );
  }
  const listed = await (await fetch(`${base}/api/${signup.user_id}/tasks`, { headers })).json();
  if (listed.length !== 1000) throw new Error(`expected 1000 tasks, got ${listed.length}`);

  const results = [];
  results.push(
    row('bare Fastify GET / (10 conn)', await run({ url: 'http://127.0.0.1:18401/', connections: 10 })),
  );
  results.push(row('backend GET /health (10 conn)', await run({ url: `${base}/health`, connections: 10 })));
  results.push(
    row(
      'backend GET tasks, 1,000 tasks (10 conn)',
      await run({ url: `${base}/api/${signup.user_id}/tasks`, connections: 10, headers }),
    ),
  );
  results.push(
    row(
      'backend POST chat "what have I completed?" (10 conn)',
      await run({
        url: `${base}/api/${signup.user_id}/chat`,
        method: 'POST',
        connections: 10,
        headers,
        body: JSON.stringify({ message: 'what have I completed?' }),
      }),
    ),
  );

  const chatLoop = await closedLoop(2000, 10, () =>
    fetch(`${base}/api/${signup.user_id}/chat`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ message: 'what have I completed?' }),
    }),
  );

  // Restart on the same data directory (a pod restart with a kept volume, or `npm start` again).
  app.child.kill();
  await new Promise((r) => app.child.on('exit', r));
  const again = startProcess(
    ['dist/server.js'],
    {
      DATA_DIR: dataDir,
      JWT_SECRET: 'bench-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
      SHUTDOWN_DELAY_MS: '0',
    },
    18403,
  );
  const restartReadyMs = await waitFor('http://127.0.0.1:18403/ready', again.started);
  again.child.kill();

  // With PostgreSQL (the deployed configuration) when a database is given: BENCH_DATABASE_URL=postgres://...
  let postgresReadyMs;
  if (process.env.BENCH_DATABASE_URL) {
    const pg = startProcess(
      ['dist/server.js'],
      {
        DATABASE_URL: process.env.BENCH_DATABASE_URL,
        JWT_SECRET: 'bench-secret-0123456789abcdef',
        LOG_LEVEL: 'warn',
        SHUTDOWN_DELAY_MS: '0',
      },
      18404,
    );
    postgresReadyMs = await waitFor('http://127.0.0.1:18404/ready', pg.started);
    pg.child.kill();
  }

  console.log(
    `API benchmark: ${DURATION} s per row, autocannon on loopback, Node ${process.version}, embedded database`,
  );
  console.table(results);
  const healthRatio = results[1]['req/s'] / results[0]['req/s'];
  console.log(
    `chat, closed loop of 10 workers, 2,000 requests: ${chatLoop.rps.toFixed(0)} req/s, p50 ${chatLoop.p50.toFixed(1)} ms, p95 ${chatLoop.p95.toFixed(1)} ms, p99 ${chatLoop.p99.toFixed(1)} ms`,
  );
  console.log(
    `ready after start, fresh data directory: ${readyMs.toFixed(0)} ms (target <= 1000) ${readyMs <= 1000 ? 'OK' : 'OVER'}`,
  );
  console.log(
    `ready after start, existing data directory: ${restartReadyMs.toFixed(0)} ms (target <= 1000) ${restartReadyMs <= 1000 ? 'OK' : 'OVER'}`,
  );
  if (postgresReadyMs !== undefined)
    console.log(
      `ready after start, PostgreSQL: ${postgresReadyMs.toFixed(0)} ms (target <= 1000) ${postgresReadyMs <= 1000 ? 'OK' : 'OVER'}`,
    );
  else console.log('ready after start, PostgreSQL: not measured (set BENCH_DATABASE_URL to measure it)');
  console.log(
    `/health vs bare Fastify: ${healthRatio.toFixed(2)}x (target >= 0.80) ${healthRatio >= 0.8 ? 'OK' : 'UNDER'}`,
  );
  console.log(
    `chat p95 at 10 concurrent: ${chatLoop.p95.toFixed(1)} ms (target <= 25) ${chatLoop.p95 <= 25 ? 'OK' : 'OVER'}`,
  );
} finally {
  bare.child.kill();
  app.child.kill();
}
