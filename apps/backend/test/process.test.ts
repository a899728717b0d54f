/** The backend as a process: configuration errors, restarts, graceful shutdown, database loss. */
import { expect } from 'expect';
import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { postgresAvailable, startPostgres } from './support/postgres';
import { ensureBuilt, signupOver, startServer } from './support/server';
import { waitUntil } from './support/wait';

const dataDir = () => mkdtempSync(join(tmpdir(), 'todo-proc-'));

describe('configuration', () => {
  test('NODE_ENV=production without JWT_SECRET: a clear error and exit code 1', () => {
    ensureBuilt();
    const run = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'server.js')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', DATA_DIR: dataDir() },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/JWT_SECRET is required when NODE_ENV=production/);
  });

  test('without JWT_SECRET outside production: starts with a warning', async () => {
    const server = await startServer({ JWT_SECRET: '', DATA_DIR: dataDir() });
    expect(server.output()).toMatch(/JWT_SECRET is not set: using a random secret/);
    await server.stop();
  });
});

describe('restart on the same data', () => {
  test('tasks and conversation history survive, and tokens stay valid', async () => {
    const dir = dataDir();
    const first = await startServer({ DATA_DIR: dir });
    const user = await signupOver(first.url);
    const chat = (await (
      await fetch(`${first.url}/api/${user.userId}/chat`, {
        method: 'POST',
        headers: user.headers,
        body: JSON.stringify({ message: 'add a task to water the plants' }),
      })
    ).json()) as { conversation_id: number };
    expect(await first.stop()).toBe(0);
    // Structured logs name the requests but never carry the token or the password.
    expect(first.output()).toMatch(/"msg":"request"/);
    expect(first.output()).not.toContain(user.token);
    expect(first.output()).not.toContain('a good password');

    const second = await startServer({ DATA_DIR: dir });
    const tasks = await (
      await fetch(`${second.url}/api/${user.userId}/tasks`, { headers: user.headers })
    ).json();
    expect(tasks).toEqual([expect.objectContaining({ title: 'water the plants', completed: false })]);
    const messages = (await (
      await fetch(`${second.url}/api/${user.userId}/conversations/${chat.conversation_id}/messages`, {
        headers: user.headers,
      })
    ).json()) as { role: string }[];
    expect(messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    const next = (await (
      await fetch(`${second.url}/api/${user.userId}/chat`, {
        method: 'POST',
        headers: user.headers,
        body: JSON.stringify({ message: 'show my tasks', conversation_id: chat.conversation_id }),
      })
    ).json()) as { response: string };
    expect(next.response).toMatch(/water the plants/);
    await second.stop();
  });
});

describe('graceful shutdown', () => {
  test('SIGTERM with requests in flight: every one of them completes, then the process exits 0', async () => {
    // The drain window only has to outlast the test noticing the log line and asking /ready once.
    const server = await startServer({ DATA_DIR: dataDir(), SHUTDOWN_DELAY_MS: '3000' });
    const user = await signupOver(server.url);
    // Each request on its own connection (no keep-alive reuse). `sent` resolves once the request is
    // entirely written to a connected socket: from then on the server has it, whatever the machine load.
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) => {
      let sent!: () => void;
      const written = new Promise<void>((resolve) => (sent = resolve));
      const done = new Promise<number | string>((resolve) => {
        const req = httpRequest(
          `${server.url}${path}`,
          { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        // Written out, and on a connected socket (so the server's kernel has accepted the connection).
        let connected = false;
        let finished = false;
        const check = () => connected && finished && sent();
        req.on('socket', (socket) => {
          if (!socket.connecting) connected = true;
          else socket.once('connect', () => ((connected = true), check()));
        });
        req.on('finish', () => ((finished = true), check()));
        req.on('error', (e) => {
          sent();
          resolve(`failed: ${e.message}`);
        });
        req.end(JSON.stringify(body));
      });
      return { written, done };
    };
    // Signups hash with scrypt, so 24 of them keep the server busy for a while.
    const requests = [
      ...Array.from({ length: 24 }, (_, i) =>
        post('/api/auth/signup', {
          email: `drain${i}-${Date.now()}@example.com`,
          password: 'a good password',
        }),
      ),
      ...Array.from({ length: 8 }, (_, i) =>
        post(
          `/api/${user.userId}/chat`,
          { message: `add a task to item ${i}` },
          { authorization: `Bearer ${user.token}` },
        ),
      ),
    ];
    await Promise.all(requests.map((r) => r.written));
    server.child.kill('SIGTERM');
    await server.waitForOutput(/shutting down/, 'its "shutting down" line');
    // Draining: Kubernetes stops sending traffic.
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', reason: 'shutting down' });
    const statuses = await Promise.all(requests.map((r) => r.done));
    expect(statuses).toEqual([...Array(24).fill(201), ...Array(8).fill(200)]);
    expect(await server.exited).toBe(0);
  });
});

describe(
  'database loss and recovery (real PostgreSQL)',
  { skip: !postgresAvailable() && 'PostgreSQL is not installed' },
  () => {
    test('/ready is 503 while the database is down, 200 again after without a restart; /health stays 200', async () => {
      const pg = await startPostgres();
      const server = await startServer({ DATABASE_URL: pg.url });
      try {
        expect((await fetch(`${server.url}/ready`)).status).toBe(200);
        pg.stop();
        const down = await fetch(`${server.url}/ready`);
        expect(down.status).toBe(503);
        expect(await down.json()).toMatchObject({ status: 'not_ready', timestamp: expect.any(String) });
        expect((await fetch(`${server.url}/health`)).status).toBe(200);
        const user = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'x@example.com', password: 'whatever' }),
        });
        expect(user.status).toBe(503);
        expect(await user.json()).toEqual({ error: 'service_unavailable', message: expect.any(String) });
        pg.start();
        await waitUntil(
          '/ready to answer 200 after PostgreSQL is back',
          async () => (await fetch(`${server.url}/ready`)).status === 200,
        );
        expect(server.child.exitCode).toBeNull();
      } finally {
        await server.stop();
        pg.stop();
      }
    });
  },
);
