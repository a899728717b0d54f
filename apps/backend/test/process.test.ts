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
    const chat: any = await (
      await fetch(`${first.url}/api/${user.userId}/chat`, {
        method: 'POST',
        headers: user.headers,
        body: JSON.stringify({ message: 'add a task to water the plants' }),
      })
    ).json();
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
    const messages: any = await (
      await fetch(`${second.url}/api/${user.userId}/conversations/${chat.conversation_id}/messages`, {
        headers: user.headers,
      })
    ).json();
    expect(messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    const next: any = await (
      await fetch(`${second.url}/api/${user.userId}/chat`, {
        method: 'POST',
        headers: user.headers,
        body: JSON.stringify({ message: 'show my tasks', conversation_id: chat.conversation_id }),
      })
    ).json();
    expect(next.response).toMatch(/water the plants/);
    await second.stop();
  });
});

describe('graceful shutdown', () => {
  test('SIGTERM with requests in flight: every one of them completes, then the process exits 0', async () => {
    const server = await startServer({ DATA_DIR: dataDir(), SHUTDOWN_DELAY_MS: '1500' });
    const user = await signupOver(server.url);
    // Each request on its own connection (no keep-alive reuse), so "in flight" means the server has it.
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      new Promise<number | string>((resolve) => {
        const req = httpRequest(
          `${server.url}${path}`,
          { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', (e) => resolve(`failed: ${e.message}`));
        req.end(JSON.stringify(body));
      });
    // Signups hash with scrypt, so 24 of them keep the server busy for a while.
    const inFlight = Array.from({ length: 24 }, (_, i) =>
      post('/api/auth/signup', { email: `drain${i}-${Date.now()}@example.com`, password: 'a good password' }),
    );
    const chats = Array.from({ length: 8 }, (_, i) =>
      post(
        `/api/${user.userId}/chat`,
        { message: `add a task to item ${i}` },
        { authorization: `Bearer ${user.token}` },
      ),
    );
    await new Promise((r) => setTimeout(r, 100)); // all requests sent and accepted
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${server.url}/ready`)).status).toBe(503); // draining: Kubernetes stops sending traffic
    const statuses = await Promise.all([...inFlight, ...chats]);
    expect(statuses).toEqual([...Array(24).fill(201), ...Array(8).fill(200)]);
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/shutting down/);
  });
});

describe(
  'database loss and recovery (real PostgreSQL)',
  { skip: !postgresAvailable() && 'PostgreSQL is not installed' },
  () => {
    test('/ready turns 503 while the database is down and 200 again after, without a restart; /health stays 200', async () => {
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
        let status = 0;
        for (let i = 0; i < 50 && status !== 200; i++) {
          status = (await fetch(`${server.url}/ready`)).status;
          if (status !== 200) await new Promise((r) => setTimeout(r, 200));
        }
        expect(status).toBe(200);
        expect(server.child.exitCode).toBeNull();
      } finally {
        await server.stop();
        pg.stop();
      }
    });
  },
);
