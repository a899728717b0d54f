// `npm run bench:api`: throughput and latency of the built backend (embedded database) next to a
// bare Fastify hello-world, measured in the same run on loopback, with a user holding 1,000 tasks.
// Targets (TARGETS below, printed next to each figure): /health >= 0.9x bare Fastify; the task list at
// 1,000 tasks >= 1,000 req/s; chat p95 <= 25 ms at 10 concurrent; ready <= 1 s after start with the
// embedded database (fresh or existing data directory), <= 500 ms with PostgreSQL.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
/** Each row runs this many times and reports its median run, so one burst of other work cannot decide a row. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TASKS = 1000;
const SERVER_ENV = { JWT_SECRET: 'bench-secret-0123456789abcdef', LOG_LEVEL: 'warn', SHUTDOWN_DELAY_MS: '0' };

function startProcess(args, env, port) {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  return { child, started };
}

/** Milliseconds from the start until `url` answers 200 (polled every 5 ms). */
async function waitFor(url, started, timeoutMs = 20000) {
  for (;;) {
    try {
      if ((await fetch(url)).ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) throw new Error(`${url} not ready`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function once(opts) {
  return new Promise((resolve, reject) =>
    autocannon({ duration: DURATION, connections: 10, ...opts }, (err, res) =>
      err ? reject(err) : resolve(res),
    ),
  );
}

/** The median of RUNS runs, by requests per second. */
async function run(opts) {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(await once(opts));
  results.sort((a, b) => a.requests.average - b.requests.average);
  return results[Math.floor(results.length / 2)];
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

const verdict = (ok, good = 'OK', bad = 'MISSED') => (ok ? good : bad);
const TARGETS = {
  healthRatio: 0.9,
  listPerSecond: 1000,
  chatP95Ms: 25,
  readyEmbeddedMs: 1000,
  readyPostgresMs: 500,
};

const bareFile = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bare.cjs');
writeFileSync(
  bareFile,
  `const f = require(${JSON.stringify(join(ROOT, 'node_modules', 'fastify'))})();\n` +
    "f.get('/', async () => ({ hello: 'world' }));\n" +
    "f.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });\n",
);

const bare = startProcess([bareFile], {}, 18401);
await waitFor('http://127.0.0.1:18401/', bare.started);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-data-'));
const app = startProcess(['dist/server.js'], { ...SERVER_ENV, DATA_DIR: dataDir }, 18402);
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
  const tasksUrl = `${base}/api/${signup.user_id}/tasks`;
  for (let i = 0; i < TASKS; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, j) =>
        fetch(tasksUrl, {
          method: 'POST',
          headers,
          body: JSON.stringify({ title: `errand number ${i + j + 1}` }),
        }),
      ),
    );
  }
  // Walk every page once: 1,000 tasks, and the cursor of a page in the middle for its own row.
  let total = 0;
  let middleCursor;
  for (let cursor = '', page = 0; cursor !== null; page++) {
    const body = await (
      await fetch(`${tasksUrl}?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers })
    ).json();
    total += body.tasks.length;
    if (page === 2) middleCursor = cursor;
    cursor = body.next_cursor;
  }
  if (total !== TASKS) throw new Error(`expected ${TASKS} tasks, got ${total}`);

  const chat = (message) => ({
    url: `${base}/api/${signup.user_id}/chat`,
    method: 'POST',
    headers,
    body: JSON.stringify({ message }),
  });
  const results = [
    row('bare Fastify GET / (10 conn)', await run({ url: 'http://127.0.0.1:18401/' })),
    row('backend GET /health', await run({ url: `${base}/health` })),
    row('backend GET tasks, 1,000 tasks: first page (default 50)', await run({ url: tasksUrl, headers })),
    row('backend GET tasks, 1,000 tasks: page of 200', await run({ url: `${tasksUrl}?limit=200`, headers })),
    row(
      'backend GET tasks, 1,000 tasks: page 3 of 200 (cursor)',
      await run({ url: `${tasksUrl}?limit=200&cursor=${middleCursor}`, headers }),
    ),
    row(
      'backend GET tasks?status=pending, 1,000 tasks',
      await run({ url: `${tasksUrl}?status=pending`, headers }),
    ),
    row('backend POST chat "what have I completed?"', await run(chat('what have I completed?'))),
    row(
      'backend POST chat "how many tasks do I have left?"',
      await run(chat('how many tasks do I have left?')),
    ),
    row('backend POST chat "show me everything" (20 of 1,000)', await run(chat('show me everything'))),
    row('backend POST chat "did I do errand number 777?"', await run(chat('did I do errand number 777?'))),
  ];

  const loops = [];
  for (let i = 0; i < RUNS; i++)
    loops.push(
      await closedLoop(1000, 10, () => {
        const { url, ...init } = chat('what have I completed?');
        return fetch(url, init);
      }),
    );
  const chatLoop = loops.sort((a, b) => a.p95 - b.p95)[Math.floor(loops.length / 2)];

  // Restart on the same data directory (a pod restart with a kept volume, or `npm start` again).
  app.child.kill();
  await new Promise((r) => app.child.on('exit', r));
  const again = startProcess(['dist/server.js'], { ...SERVER_ENV, DATA_DIR: dataDir }, 18403);
  const restartReadyMs = await waitFor('http://127.0.0.1:18403/ready', again.started);
  again.child.kill();

  // With PostgreSQL (the deployed configuration) when a database is given: BENCH_DATABASE_URL=postgres://...
  let postgresReadyMs;
  if (process.env.BENCH_DATABASE_URL) {
    const pg = startProcess(
      ['dist/server.js'],
      { ...SERVER_ENV, DATABASE_URL: process.env.BENCH_DATABASE_URL },
      18404,
    );
    postgresReadyMs = await waitFor('http://127.0.0.1:18404/ready', pg.started);
    pg.child.kill();
  }

  console.log(
    `API benchmark: median of ${RUNS} runs of ${DURATION} s per row, autocannon, 10 connections, loopback, ` +
      `Node ${process.version}, embedded database, one user with ${TASKS} tasks`,
  );
  console.table(results);
  const perSecond = (name) => results.find((r) => r.name.startsWith(name))['req/s'];
  const healthRatio = perSecond('backend GET /health') / perSecond('bare Fastify');
  const listRate = perSecond('backend GET tasks, 1,000 tasks: first page');
  console.log(
    `chat, closed loop of 10 workers, 1,000 requests (median of ${RUNS} by p95): ${chatLoop.rps.toFixed(0)} req/s, ` +
      `p50 ${chatLoop.p50.toFixed(1)} ms, p95 ${chatLoop.p95.toFixed(1)} ms, p99 ${chatLoop.p99.toFixed(1)} ms`,
  );
  for (const [what, ms, target] of [
    ['fresh data directory', readyMs, TARGETS.readyEmbeddedMs],
    ['existing data directory', restartReadyMs, TARGETS.readyEmbeddedMs],
    ['PostgreSQL', postgresReadyMs, TARGETS.readyPostgresMs],
  ].filter(([, ms]) => ms !== undefined))
    console.log(
      `ready after start, ${what}: ${ms.toFixed(0)} ms (target <= ${target}) ${verdict(ms <= target)}`,
    );
  if (postgresReadyMs === undefined)
    console.log(
      `ready after start, PostgreSQL: not measured (target <= ${TARGETS.readyPostgresMs}; ` +
        'set BENCH_DATABASE_URL to measure it)',
    );
  console.log(
    `/health vs bare Fastify: ${healthRatio.toFixed(2)}x (target >= ${TARGETS.healthRatio}) ` +
      verdict(healthRatio >= TARGETS.healthRatio),
  );
  console.log(
    `task list at ${TASKS} tasks: ${listRate} req/s (target >= ${TARGETS.listPerSecond}) ` +
      verdict(listRate >= TARGETS.listPerSecond),
  );
  console.log(
    `chat p95 at 10 concurrent: ${chatLoop.p95.toFixed(1)} ms (target <= ${TARGETS.chatP95Ms}) ` +
      verdict(chatLoop.p95 <= TARGETS.chatP95Ms),
  );
} finally {
  bare.child.kill();
  app.child.kill();
}
