/**
 * The Prometheus metrics: each family changes after the action it measures, read by scraping the
 * metrics listener over HTTP as Prometheus does, on the embedded database and on PostgreSQL.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'expect';
import { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CohereAgent } from '../src/chat/cohere-agent';
import { RuleAgent } from '../src/chat/rule-agent/rule-agent';
import { loadConfig } from '../src/config';
import { buildMetricsServer } from '../src/metrics/metrics-server';
import { AppMetrics } from '../src/metrics/metrics';
import { DATABASES, databaseUrlFor, stopPostgres } from './support/databases';
import { signup, startApp, TEST_PASSWORD, TestApp, TestUser, uniqueEmail } from './support/app';
import { freePort, startServer } from './support/server';

after(() => stopPostgres());

/** The value of one sample (`name{labels} value`) in Prometheus' text format; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

for (const kind of DATABASES)
  describe(`metrics on ${kind}`, () => {
    let t: TestApp;
    let metricsServer: FastifyInstance;
    let metricsUrl: string;
    let alice: TestUser;
    let cohere: Server;
    let cohereUrl: string;
    let cohereFails = false;

    before(async () => {
      // A Cohere-compatible endpoint on loopback: it answers with text, or fails when told to.
      cohere = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          const message = { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] };
          const [status, body] = cohereFails ? [500, {}] : [200, { message }];
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        });
      });
      await new Promise<void>((r) => cohere.listen(0, '127.0.0.1', () => r()));
      cohereUrl = `http://127.0.0.1:${(cohere.address() as { port: number }).port}`;
      t = await startApp(await databaseUrlFor(kind), {
        config: { loginThrottle: { maxPerAccount: 2, maxPerClient: 4, windowMs: 60_000 } },
        metrics: (db) => new AppMetrics(db),
        agent: new CohereAgent({
          apiKey: 'test-key',
          model: 'test-model',
          baseUrl: cohereUrl,
          timeoutMs: 5000,
          fallback: new RuleAgent(),
        }),
      });
      // The app under test records into the metrics that startApp made; serve those.
      metricsServer = buildMetricsServer(t.metrics!);
      metricsUrl = `${await metricsServer.listen({ host: '127.0.0.1', port: 0 })}/metrics`;
      alice = await signup(t.app);
    });
    after(async () => {
      await metricsServer.close();
      cohere.closeAllConnections();
      cohere.close();
      await t.close();
    });

    const scrape = async () => {
      const res = await fetch(metricsUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text();
    };

    test('request durations by method, route pattern and status code', async () => {
      const tasks = { method: 'GET', route: '/api/:user_id/tasks', status_code: '200' };
      const before = sample(await scrape(), 'http_request_duration_seconds_count', tasks);
      for (let i = 0; i < 3; i++)
        expect(
          (await t.app.inject({ url: `/api/${alice.userId}/tasks`, headers: alice.auth })).statusCode,
        ).toBe(200);
      const missing = await t.app.inject({ url: '/no/such/route' });
      expect(missing.statusCode).toBe(404);
      const text = await scrape();
      expect(sample(text, 'http_request_duration_seconds_count', tasks)).toBe(before + 3);
      // The pattern, never the user's id.
      expect(text).not.toContain(alice.userId);
      expect(
        sample(text, 'http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' }),
      ).toBe(1);
      expect(sample(text, 'http_request_duration_seconds_bucket', { ...tasks, le: '+Inf' })).toBe(before + 3);
    });

    test('chat turns and their latency by the agent that answered: Cohere, or the embedded fallback', async () => {
      const chat = (message: string) =>
        t.app.inject({
          method: 'POST',
          url: `/api/${alice.userId}/chat`,
          headers: alice.auth,
          payload: { message },
        });
      const before = await scrape();
      expect((await chat('hello')).statusCode).toBe(200);
      cohereFails = true;
      expect((await chat('add a task to buy milk')).statusCode).toBe(200);
      cohereFails = false;
      const text = await scrape();
      for (const agent of ['cohere', 'embedded']) {
        const turns = { agent, outcome: 'ok' };
        expect(sample(text, 'chat_turns_total', turns)).toBe(sample(before, 'chat_turns_total', turns) + 1);
        expect(sample(text, 'chat_turn_duration_seconds_count', { agent })).toBe(
          sample(before, 'chat_turn_duration_seconds_count', { agent }) + 1,
        );
        expect(sample(text, 'chat_turn_duration_seconds_sum', { agent })).toBeGreaterThan(
          sample(before, 'chat_turn_duration_seconds_sum', { agent }),
        );
      }
    });

    test('MCP tool calls by tool and outcome', async () => {
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      const client = new Client({ name: 'metrics-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${address}/mcp`), {
          requestInit: { headers: alice.auth },
        }),
      );
      try {
        const before = await scrape();
        await client.callTool({ name: 'add_task', arguments: { title: 'from MCP' } });
        await client.callTool({ name: 'add_task', arguments: { title: 'another' } });
        const missing = await client.callTool({ name: 'complete_task', arguments: { task_id: 999999 } });
        expect(missing.isError).toBe(true);
        const text = await scrape();
        const delta = (labels: Record<string, string>) =>
          sample(text, 'mcp_tool_calls_total', labels) - sample(before, 'mcp_tool_calls_total', labels);
        expect(delta({ tool: 'add_task', outcome: 'ok' })).toBe(2);
        expect(delta({ tool: 'complete_task', outcome: 'error' })).toBe(1);
        expect(delta({ tool: 'complete_task', outcome: 'ok' })).toBe(0);
      } finally {
        await client.close();
      }
    });

    test('database pool use: connections held, idle and waiting', async () => {
      const database = { database: kind };
      // Queries in flight: some wait (embedded: one connection; PostgreSQL: 10). The embedded database
      // runs on this thread and would finish them all before an HTTP scrape is served, so the busy
      // moment is read from the registry the metrics port serves.
      const load = Array.from({ length: 30 }, () => t.db.query('select pg_sleep(0.01)'));
      const busy = await t.metrics!.registry.metrics();
      await Promise.all(load);
      const idle = await scrape();
      expect(sample(busy, 'db_pool_connections', database)).toBeGreaterThanOrEqual(1);
      expect(sample(busy, 'db_pool_waiting_requests', database)).toBeGreaterThan(0);
      expect(sample(idle, 'db_pool_waiting_requests', database)).toBe(0);
      expect(sample(idle, 'db_pool_idle_connections', database)).toBe(
        sample(idle, 'db_pool_connections', database),
      );
    });

    test('sign-in throttling: rejections by the limit reached, account or client', async () => {
      const login = (email: string, remoteAddress: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email, password: TEST_PASSWORD },
          remoteAddress,
        });
      const before = await scrape();
      const user = await signup(t.app, uniqueEmail('metrics'));
      // The account's limit (2) counts the attempts on one account from one client.
      expect((await login(user.email, '10.1.0.1')).statusCode).toBe(200);
      expect((await login(user.email, '10.1.0.1')).statusCode).toBe(200);
      expect((await login(user.email, '10.1.0.1')).statusCode).toBe(429);
      for (let i = 0; i < 4; i++)
        expect((await login(uniqueEmail('other'), '10.1.0.9')).statusCode).toBe(401);
      expect((await login(uniqueEmail('other'), '10.1.0.9')).statusCode).toBe(429); // the client's limit (4)
      const text = await scrape();
      const delta = (kind: string) =>
        sample(text, 'auth_login_throttled_total', { kind }) -
        sample(before, 'auth_login_throttled_total', { kind });
      expect(delta('account')).toBe(1);
      expect(delta('client')).toBe(1);
    });
  });

describe('METRICS_PORT', () => {
  test('the server answers GET /metrics on METRICS_PORT only; the API port does not expose them', async () => {
    const metricsPort = await freePort();
    const server = await startServer({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'todo-metrics-')),
      METRICS_PORT: String(metricsPort),
    });
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(
        sample(text, 'http_request_duration_seconds_count', { route: '/health', status_code: '200' }),
      ).toBe(1);
      expect(sample(text, 'db_pool_connections', { database: 'embedded' })).toBe(1);
      expect(text).toContain('process_cpu_seconds_total');
    } finally {
      await server.stop();
    }
  });

  test('is checked at start: an integer port other than PORT', () => {
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(() => loadConfig({ METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT must be an integer/);
    expect(() => loadConfig({ PORT: '9464', METRICS_PORT: '9464' })).toThrow(
      /METRICS_PORT must differ from PORT/,
    );
  });
});
