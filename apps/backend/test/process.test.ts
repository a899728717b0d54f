/**
 * The backend as a process: configuration errors, restarts (clean and not), graceful shutdown,
 * the database missing at start-up or lost later, several replicas migrating at once, and a
 * Kubernetes volume as DATA_DIR.
 */
import { expect } from 'expect';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Client } from 'pg';
import { JWT_SECRET_MIN_LENGTH } from '../src/config';
import { postgresAvailable, startPostgres } from './support/postgres';
import { ensureBuilt, signupOver, startServer } from './support/server';
import { waitUntil } from './support/wait';

const dataDir = () => mkdtempSync(join(tmpdir(), 'todo-proc-'));
const noPostgres = !postgresAvailable() && 'PostgreSQL is not installed';

function runToExit(env: Record<string, string>) {
  ensureBuilt();
  return spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'server.js')], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir(), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const addTask = async (
  url: string,
  user: { userId: string; headers: Record<string, string> },
  title: string,
) =>
  fetch(`${url}/api/${user.userId}/tasks`, {
    method: 'POST',
    headers: user.headers,
    body: JSON.stringify({ title }),
  });

/** Every task title of the user, page after page. */
async function taskTitles(url: string, user: { userId: string; headers: Record<string, string> }) {
  const titles: string[] = [];
  for (let cursor: string | null = ''; cursor !== null;) {
    const res = await fetch(`${url}/api/${user.userId}/tasks?limit=200${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: user.headers,
    });
    const page = (await res.json()) as { tasks: { title: string }[]; next_cursor: string | null };
    titles.push(...page.tasks.map((t) => t.title));
    cursor = page.next_cursor;
  }
  return titles;
}

describe('configuration', () => {
  test('NODE_ENV=production without JWT_SECRET: a clear error and exit code 1', () => {
    const run = runToExit({ NODE_ENV: 'production' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/JWT_SECRET is required when NODE_ENV=production/);
  });

  test('a JWT_SECRET shorter than the exported minimum: a clear error and exit code 1', () => {
    expect(JWT_SECRET_MIN_LENGTH).toBe(16);
    const run = runToExit({ JWT_SECRET: 'x'.repeat(JWT_SECRET_MIN_LENGTH - 1) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'todo-backend: configuration error: JWT_SECRET must be at least 16 characters',
    );
  });

  test('a DATA_DIR that cannot be made: a clear error and exit code 1, not endless retries', () => {
    // A path below a file cannot be a directory, whoever runs the test (root included).
    const run = runToExit({ JWT_SECRET: 'x'.repeat(32), DATA_DIR: join(__filename, 'data') });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /DATA_DIR .* cannot hold the embedded database \(ENOTDIR\): mount a writable volume there/,
    );
  });

  test('a malformed setting names the variable', () => {
    const run = runToExit({ JWT_SECRET: 'x'.repeat(32), SHUTDOWN_DELAY_MS: 'soon' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/SHUTDOWN_DELAY_MS must be an integer/);
  });

  test('without JWT_SECRET outside production: starts with a warning', async () => {
    const server = await startServer({ JWT_SECRET: '', DATA_DIR: dataDir() });
    expect(server.output()).toMatch(/JWT_SECRET is not set: using a random secret/);
    expect(await server.stop()).toBe(0);
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
    expect(await taskTitles(second.url, user)).toEqual(['water the plants']);
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

  test('after SIGKILL in the middle of writes: every acknowledged task is there, and the database works', async () => {
    const dir = dataDir();
    const first = await startServer({ DATA_DIR: dir });
    const user = await signupOver(first.url);
    const acknowledged: string[] = [];
    const writes = Array.from({ length: 200 }, (_, i) =>
      addTask(first.url, user, `write ${i}`).then(
        (res) => res.status === 201 && acknowledged.push(`write ${i}`),
        () => undefined, // cut off by the kill
      ),
    );
    // Kill once some writes are through and others are still queued behind them.
    await waitUntil('the first 10 writes to be acknowledged', () => acknowledged.length >= 10, {
      intervalMs: 1,
    });
    first.child.kill('SIGKILL');
    await Promise.all(writes);
    expect(await first.exited).toBeNull(); // killed by the signal, not exited
    expect(acknowledged.length).toBeLessThan(200);

    const second = await startServer({ DATA_DIR: dir });
    const titles = await taskTitles(second.url, user);
    expect(titles).toEqual(expect.arrayContaining(acknowledged));
    expect((await addTask(second.url, user, 'after the crash')).status).toBe(201);
    expect(await taskTitles(second.url, user)).toContain('after the crash');
    expect(await second.stop()).toBe(0);
  });
});

describe('DATA_DIR on a Kubernetes volume (fsGroup 1000: root:1000, mode 2775, lost+found inside)', () => {
  const asRoot = process.getuid?.() === 0;
  test(
    'the backend, running as uid 1000, keeps its database in a subdirectory and restarts on it',
    { skip: !asRoot && 'needs root to create a root-owned mount point and run the server as uid 1000' },
    async () => {
      const mount = dataDir();
      mkdirSync(join(mount, 'lost+found'), { mode: 0o700 });
      chownSync(mount, 0, 1000);
      chmodSync(mount, 0o2775);
      const asPodUser = { uid: 1000, gid: 1000 };
      const first = await startServer({ DATA_DIR: mount }, { spawn: asPodUser });
      const user = await signupOver(first.url);
      expect((await addTask(first.url, user, 'on the volume')).status).toBe(201);
      expect(await first.stop()).toBe(0);
      expect(readdirSync(mount).sort()).toEqual(['lost+found', 'pglite']);
      expect(existsSync(join(mount, 'pglite', 'PG_VERSION'))).toBe(true);

      const second = await startServer({ DATA_DIR: mount }, { spawn: asPodUser });
      expect(await taskTitles(second.url, user)).toEqual(['on the volume']);
      expect(await second.stop()).toBe(0);
    },
  );
});

describe('graceful shutdown', () => {
  test('SIGTERM with requests in flight: every one of them completes, then the process exits 0', async () => {
    // The drain window only has to outlast the test noticing the log line and asking /ready once.
    const server = await startServer({ DATA_DIR: dataDir(), SHUTDOWN_DELAY_MS: '3000' });
    const user = await signupOver(server.url);
    // Each request on its own connection (no keep-alive reuse). `written` resolves once the request is
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

  test('idle keep-alive connections do not hold the process open after the drain', async () => {
    const server = await startServer({ DATA_DIR: dataDir(), SHUTDOWN_DELAY_MS: '0' });
    const agent = new Agent({ keepAlive: true });
    // Requests over a kept-alive connection, then left idle.
    for (let i = 0; i < 3; i++)
      await new Promise<void>((resolve, reject) =>
        httpRequest(`${server.url}/health`, { agent }, (res) => res.resume().on('end', resolve))
          .on('error', reject)
          .end(),
      );
    // The agent parks the socket just after the response ends.
    await waitUntil('the kept-alive socket to be idle in the agent', () =>
      Object.values(agent.freeSockets).some((sockets) => sockets?.length === 1),
    );
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toMatch(/"signal":"SIGTERM","delayMs":0/);
    agent.destroy();
  });
});

describe('database at start-up (real PostgreSQL)', { skip: noPostgres }, () => {
  test('not there yet: it listens, /health 200, /ready 503 with the reason; ready once PostgreSQL starts', async () => {
    const pg = await startPostgres({ started: false });
    const url = pg.url.replace('postgres://postgres@', 'postgres://postgres:pw-not-to-be-logged@');
    const server = await startServer({ DATABASE_URL: url }, { waitFor: '/health' });
    try {
      const host = new URL(url).host;
      // One line per attempt, with the host and the error code, and the retries go on.
      await server.waitForOutput(
        /database unavailable at [^ ]+: ECONNREFUSED .*\(attempt 2\)/,
        'a second failed attempt',
      );
      expect(server.output()).toContain(`database unavailable at ${host}/postgres: ECONNREFUSED`);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const ready = await fetch(`${server.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'not_ready',
        reason: expect.stringMatching(/ECONNREFUSED/),
      });
      const early = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'x@example.com', password: 'whatever' }),
      });
      expect(early.status).toBe(503);

      pg.start();
      await waitUntil(
        '/ready to answer 200 once PostgreSQL is up',
        async () => (await fetch(`${server.url}/ready`)).ok,
      );
      const user = await signupOver(server.url);
      expect((await addTask(server.url, user, 'first task')).status).toBe(201);
      expect(server.output()).toMatch(/database ready at/);
      expect(server.output()).not.toContain('pw-not-to-be-logged');
    } finally {
      await server.stop();
      pg.stop();
    }
  });

  test('an unknown host: ENOTFOUND in the log and /ready; SIGTERM ends it at once (it never was ready)', async () => {
    const server = await startServer(
      { DATABASE_URL: 'postgres://todo:secret-pw@db.invalid:5432/todo', SHUTDOWN_DELAY_MS: '600000' },
      { waitFor: '/health' },
    );
    await server.waitForOutput(
      /database unavailable at db\.invalid:5432\/todo: ENOTFOUND/,
      'the ENOTFOUND line',
    );
    const ready = (await (await fetch(`${server.url}/ready`)).json()) as { reason: string };
    expect(ready.reason).toMatch(/ENOTFOUND/);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toMatch(/"delayMs":0/);
    expect(server.output()).not.toContain('secret-pw');
  });

  test('a wrong password: "password authentication failed" in the log, never the password', async () => {
    const pg = await startPostgres({ password: 'the-right-one' });
    const server = await startServer(
      { DATABASE_URL: pg.url.replace('the-right-one', 'a-wrong-one') },
      { waitFor: '/health' },
    );
    try {
      await server.waitForOutput(/: 28P01 password authentication failed for user/, 'the auth failure');
      expect(server.output()).not.toContain('a-wrong-one');
    } finally {
      await server.stop();
      pg.stop();
    }
  });

  test('three replicas starting at once on an empty database: all ready, the schema created once', async () => {
    const pg = await startPostgres();
    const servers = await Promise.all([1, 2, 3].map(() => startServer({ DATABASE_URL: pg.url })));
    const client = new Client({ connectionString: pg.url });
    try {
      for (const server of servers) expect((await fetch(`${server.url}/ready`)).status).toBe(200);
      await client.connect();
      const migrations = await client.query('SELECT id FROM schema_migrations ORDER BY id');
      expect(migrations.rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
      const tables = await client.query(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      );
      expect(tables.rows.map((r) => r.tablename)).toEqual([
        'conversations',
        'messages',
        'personal_access_tokens',
        'rate_limits',
        'schema_migrations',
        'sessions',
        'tasks',
        'users',
      ]);
      // They share the one database: a user made on one replica signs in on another.
      const user = await signupOver(servers[0].url);
      expect((await addTask(servers[1].url, user, 'from replica 2')).status).toBe(201);
      expect(await taskTitles(servers[2].url, user)).toEqual(['from replica 2']);
    } finally {
      await client.end();
      await Promise.all(servers.map((s) => s.stop()));
      pg.stop();
    }
  });
});

describe('database loss and recovery (real PostgreSQL)', { skip: noPostgres }, () => {
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
});
