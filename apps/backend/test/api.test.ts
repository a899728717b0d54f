/** Every route and status of the REST API, on the embedded database and on a real PostgreSQL. */
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { expect } from 'expect';
import { DATABASES, databaseUrlFor, stopPostgres } from './support/databases';
import { loadConfig } from '../src/config';
import {
  signup,
  startApp,
  TEST_PASSWORD,
  TEST_SECRET,
  testConfig,
  TestApp,
  TestUser,
  uniqueEmail,
} from './support/app';

after(() => stopPostgres());

/** A JWT signed by hand, to forge the tokens the API must refuse. */
function forgeToken(header: object, payload: object, secret: string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

for (const kind of DATABASES)
  describe(`REST API on ${kind}`, () => {
    let t: TestApp;
    let alice: TestUser;
    let bob: TestUser;

    before(async () => {
      t = await startApp(await databaseUrlFor(kind));
      alice = await signup(t.app);
      bob = await signup(t.app);
    });
    after(() => t.close());

    const call = (method: string, url: string, user?: TestUser, payload?: unknown) =>
      t.app.inject({
        method: method as 'GET',
        url,
        headers: user?.auth,
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });

    test('GET /health and /ready', async () => {
      const health = await call('GET', '/health');
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({
        status: 'healthy',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const ready = await call('GET', '/ready');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ready', database: kind });
    });

    test('API responses carry security headers (nosniff)', async () => {
      for (const res of [
        await call('GET', `/api/${alice.userId}/tasks`, alice),
        await call('GET', `/api/${alice.userId}/tasks`),
        await call('POST', '/api/auth/login', undefined, { email: 'x@example.com', password: 'nope' }),
      ]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      }
    });

    describe('auth', () => {
      const email = `carol-${kind}-${Date.now()}@example.com`;
      test('signup answers 201 with user_id and an HS256 token for a session', async () => {
        const res = await call('POST', '/api/auth/signup', undefined, { email, password: 'a long password' });
        expect(res.statusCode).toBe(201);
        const body = res.json();
        expect(body.user_id).toEqual(expect.any(String));
        const header = JSON.parse(Buffer.from(body.token.split('.')[0], 'base64url').toString());
        expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
        const claims = claimsOf(body.token);
        expect(claims).toMatchObject({ sub: body.user_id, jti: expect.any(String) });
        expect(claims.exp - claims.iat).toBe(t.config.tokenTtlSeconds);
      });
      test('a second signup with the same email is a conflict naming the field', async () => {
        const res = await call('POST', '/api/auth/signup', undefined, {
          email: email.toUpperCase(),
          password: 'another password',
        });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toEqual({ error: 'conflict', message: expect.any(String), field: 'email' });
      });
      test('login: 200 with the right password, 401 (no field) with a wrong one or an unknown email', async () => {
        expect(
          (await call('POST', '/api/auth/login', undefined, { email, password: 'a long password' }))
            .statusCode,
        ).toBe(200);
        const wrong = await call('POST', '/api/auth/login', undefined, { email, password: 'not it' });
        expect(wrong.statusCode).toBe(401);
        expect(wrong.json()).toEqual({ error: 'unauthorized', message: 'wrong email or password' });
        expect(
          (await call('POST', '/api/auth/login', undefined, { email: 'nobody@example.com', password: 'x' }))
            .statusCode,
        ).toBe(401);
      });
      for (const [what, body, field, message] of [
        ['a@b', { email: 'a@b', password: 'long enough password' }, 'email', /valid address/],
        ['a@b.c', { email: 'a@b.c', password: 'long enough password' }, 'email', /valid address/],
        ['no @', { email: 'not-an-email', password: 'long enough password' }, 'email', /valid address/],
        ['a short password', { email: 'd@example.com', password: 'short' }, 'password', /at least 8/],
        ['no password', { email: 'd@example.com' }, 'password', /password is required/],
      ] as [string, object, string, RegExp][]) {
        test(`signup refuses ${what} with 400, a clear message and the field`, async () => {
          const res = await call('POST', '/api/auth/signup', undefined, body);
          expect(res.statusCode).toBe(400);
          expect(res.json()).toEqual({
            error: 'bad_request',
            message: expect.stringMatching(message),
            field,
          });
        });
      }
      test('login refuses a malformed email with 400 and the field, before any password check', async () => {
        const res = await call('POST', '/api/auth/login', undefined, { email: 'a@b', password: 'whatever' });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toEqual({
          error: 'bad_request',
          message: expect.stringMatching(/valid address/),
          field: 'email',
        });
        const missing = await call('POST', '/api/auth/login', undefined, { email: email });
        expect(missing.json()).toEqual({
          error: 'bad_request',
          message: 'password is required',
          field: 'password',
        });
      });
      test('passwords are stored as scrypt hashes', async () => {
        const [row] = await t.db.query<{ password_hash: string }>(
          'SELECT password_hash FROM users WHERE email = $1',
          [email],
        );
        expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
        expect(row.password_hash).not.toContain('a long password');
      });
      test('logout revokes that token server-side (401 after), and only that one', async () => {
        const user = await signup(t.app);
        const second = (
          await call('POST', '/api/auth/login', undefined, { email: user.email, password: TEST_PASSWORD })
        ).json().token;
        const tasks = `/api/${user.userId}/tasks`;
        expect((await call('GET', tasks, user)).statusCode).toBe(200);
        const out = await call('POST', '/api/auth/logout', user);
        expect(out.statusCode).toBe(204);
        expect(out.body).toBe('');
        const after = await call('GET', tasks, user);
        expect(after.statusCode).toBe(401);
        expect(after.json()).toEqual({
          error: 'unauthorized',
          message: expect.stringMatching(/sign in again/),
        });
        expect((await call('POST', '/api/auth/logout', user)).statusCode).toBe(401);
        expect(
          (await t.app.inject({ method: 'GET', url: tasks, headers: { authorization: `Bearer ${second}` } }))
            .statusCode,
        ).toBe(200);
      });
    });

    describe('authorization', () => {
      const url = () => `/api/${alice.userId}/tasks`;
      const withToken = (token: string) =>
        t.app.inject({ method: 'GET', url: url(), headers: { authorization: `Bearer ${token}` } });

      test('401 without a token or with a malformed one', async () => {
        expect((await call('GET', url())).statusCode).toBe(401);
        expect((await withToken('nonsense')).statusCode).toBe(401);
        const [h, p] = alice.token.split('.');
        expect((await withToken(`${h}.${p}.AAAA`)).statusCode).toBe(401);
      });
      test('401 for alg=none, a wrong secret and an expired token (same claims otherwise)', async () => {
        const claims = claimsOf(alice.token);
        const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
        expect((await withToken(`${none}.${alice.token.split('.')[1]}.`)).statusCode).toBe(401);
        const header = { alg: 'HS256', typ: 'JWT' };
        // The control: the same claims signed with the right secret pass, so each refusal below has one cause.
        expect((await withToken(forgeToken(header, claims, TEST_SECRET))).statusCode).toBe(200);
        expect((await withToken(forgeToken(header, claims, 'another-secret-0123456789'))).statusCode).toBe(
          401,
        );
        const now = Math.floor(Date.now() / 1000);
        const expired = { ...claims, iat: now - 3600, exp: now - 60 };
        const res = await withToken(forgeToken(header, expired, TEST_SECRET));
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({ error: 'unauthorized', message: 'invalid or expired token' });
        expect(
          (await withToken(forgeToken({ alg: 'HS512', typ: 'JWT' }, claims, TEST_SECRET))).statusCode,
        ).toBe(401);
      });
      test('403 when the token belongs to another user', async () => {
        const res = await call('GET', `/api/${alice.userId}/tasks`, bob);
        expect(res.statusCode).toBe(403);
        expect(res.json()).toEqual({ error: 'forbidden', message: expect.any(String) });
      });
    });

    describe('tasks', () => {
      test('create, read, update, complete, filter, delete', async () => {
        const user = await signup(t.app);
        const base = `/api/${user.userId}/tasks`;
        const created = await call('POST', base, user, { title: '  Buy milk ', description: '2 litres' });
        expect(created.statusCode).toBe(201);
        const task = created.json();
        expect(task).toEqual({
          id: 1,
          title: 'Buy milk',
          description: '2 litres',
          completed: false,
          created_at: expect.any(String),
          updated_at: expect.any(String),
        });
        const second = (await call('POST', base, user, { title: 'Call mom' })).json();
        expect(second.id).toBe(2);

        expect((await call('GET', `${base}/1`, user)).json()).toEqual(task);
        const updated = await call('PUT', `${base}/1`, user, { title: 'Buy oat milk' });
        expect(updated.json()).toMatchObject({ id: 1, title: 'Buy oat milk', description: '2 litres' });

        const completed = await call('PATCH', `${base}/1/complete`, user);
        expect(completed.statusCode).toBe(200);
        expect(completed.json().completed).toBe(true);

        const ids = async (query: string) =>
          (await call('GET', `${base}${query}`, user)).json().tasks.map((x: { id: number }) => x.id);
        expect(await ids('?status=completed')).toEqual([1]);
        expect(await ids('?status=pending')).toEqual([2]);
        expect(await ids('?status=all')).toEqual([1, 2]);
        expect(await ids('')).toEqual([1, 2]);
        expect((await call('GET', `${base}?status=later`, user)).statusCode).toBe(400);

        const deleted = await call('DELETE', `${base}/2`, user);
        expect(deleted.statusCode).toBe(200);
        expect((await call('GET', `${base}/2`, user)).statusCode).toBe(404);
        // Numbers are not reused after a delete.
        expect((await call('POST', base, user, { title: 'Third' })).json().id).toBe(3);
      });

      test('PATCH .../complete takes no body, or an empty one sent as JSON; completing twice is fine', async () => {
        const user = await signup(t.app);
        const base = `/api/${user.userId}/tasks`;
        await call('POST', base, user, { title: 'one' });
        await call('POST', base, user, { title: 'two' });
        const bare = await t.app.inject({ method: 'PATCH', url: `${base}/1/complete`, headers: user.auth });
        expect(bare.statusCode).toBe(200);
        expect(bare.json()).toMatchObject({ id: 1, completed: true });
        const emptyJson = await t.app.inject({
          method: 'PATCH',
          url: `${base}/2/complete`,
          headers: { ...user.auth, 'content-type': 'application/json' },
          payload: '',
        });
        expect(emptyJson.statusCode).toBe(200);
        expect(emptyJson.json()).toMatchObject({ id: 2, completed: true });
        const again = await t.app.inject({
          method: 'PATCH',
          url: `${base}/2/complete`,
          headers: { ...user.auth, 'content-type': 'application/json' },
        });
        expect(again.statusCode).toBe(200);
        expect(again.json()).toEqual(emptyJson.json());
      });

      test('PATCH .../reopen takes a completed task back to pending; reopening a pending one is a no-op', async () => {
        const user = await signup(t.app);
        const base = `/api/${user.userId}/tasks`;
        await call('POST', base, user, { title: 'renew passport' });
        const done = (await call('PATCH', `${base}/1/complete`, user)).json();
        expect(done.completed).toBe(true);
        const reopened = await t.app.inject({ method: 'PATCH', url: `${base}/1/reopen`, headers: user.auth });
        expect(reopened.statusCode).toBe(200);
        expect(reopened.json()).toEqual({ ...done, completed: false, updated_at: expect.any(String) });
        expect(Date.parse(reopened.json().updated_at)).toBeGreaterThanOrEqual(Date.parse(done.updated_at));
        expect(
          (await call('GET', `${base}?status=pending`, user)).json().tasks.map((x: { id: number }) => x.id),
        ).toEqual([1]);
        const again = await t.app.inject({
          method: 'PATCH',
          url: `${base}/1/reopen`,
          headers: { ...user.auth, 'content-type': 'application/json' },
          payload: '',
        });
        expect(again.statusCode).toBe(200);
        expect(again.json()).toEqual(reopened.json());
        const missing = await call('PATCH', `${base}/99/reopen`, user);
        expect(missing.statusCode).toBe(404);
        expect(missing.json()).toEqual({ error: 'not_found', message: 'task 99 not found' });
        expect((await call('PATCH', `${base}/1/reopen`)).statusCode).toBe(401);
        expect((await call('PATCH', `${base}/1/reopen`, bob)).statusCode).toBe(403);
      });

      test('each user numbers their own tasks 1, 2, 3...', async () => {
        const carol = await signup(t.app);
        const dave = await signup(t.app);
        const add = (user: TestUser, title: string) =>
          call('POST', `/api/${user.userId}/tasks`, user, { title }).then((r) => r.json().id);
        expect([
          await add(carol, 'c1'),
          await add(dave, 'd1'),
          await add(carol, 'c2'),
          await add(dave, 'd2'),
        ]).toEqual([1, 1, 2, 2]);
        const adds = await Promise.all(Array.from({ length: 10 }, (_, i) => add(carol, `parallel ${i}`)));
        expect([...adds].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      });

      test("another user's tasks: same numbers, other tasks; nothing of theirs is reachable or changed", async () => {
        const owner = await signup(t.app);
        const other = await signup(t.app);
        for (const title of ['Secret plan', 'Secret two', 'Secret three'])
          await call('POST', `/api/${owner.userId}/tasks`, owner, { title });
        await call('POST', `/api/${other.userId}/tasks`, other, { title: 'Mine' });
        const snapshot = (await call('GET', `/api/${owner.userId}/tasks`, owner)).json();

        // Task 2 exists for the owner only: for the other user it does not exist, whatever the verb.
        const theirs = `/api/${other.userId}/tasks/2`;
        for (const [method, url, body] of [
          ['GET', theirs],
          ['PUT', theirs, { title: 'hijacked' }],
          ['PATCH', `${theirs}/complete`],
          ['PATCH', `${theirs}/reopen`],
          ['DELETE', theirs],
        ] as const) {
          const res = await call(method, url, other, body);
          expect(res.statusCode).toBe(404);
          expect(res.body).not.toContain('Secret');
        }
        // Task 1 exists for both: each one's verbs reach their own task only.
        await call('PUT', `/api/${other.userId}/tasks/1`, other, { title: 'Mine, renamed' });
        await call('PATCH', `/api/${other.userId}/tasks/1/complete`, other);
        await call('DELETE', `/api/${other.userId}/tasks/1`, other);
        // The owner's path with the other's token is refused outright.
        for (const [method, url, body] of [
          ['GET', `/api/${owner.userId}/tasks`],
          ['GET', `/api/${owner.userId}/tasks/1`],
          ['PUT', `/api/${owner.userId}/tasks/1`, { title: 'hijacked' }],
          ['PATCH', `/api/${owner.userId}/tasks/1/complete`],
          ['PATCH', `/api/${owner.userId}/tasks/1/reopen`],
          ['DELETE', `/api/${owner.userId}/tasks/1`],
        ] as const)
          expect((await call(method, url, other, body)).statusCode).toBe(403);
        expect((await call('GET', `/api/${owner.userId}/tasks`, owner)).json()).toEqual(snapshot);
        expect((await call('GET', `/api/${other.userId}/tasks`, other)).json()).toEqual({
          tasks: [],
          next_cursor: null,
        });
      });

      test('the list is paged by id with an opaque cursor; limit 1..200, default 50', async () => {
        const user = await signup(t.app);
        const base = `/api/${user.userId}/tasks`;
        await t.db.query(
          `WITH n AS (UPDATE users SET last_task_id = 60 WHERE id = $1)
           INSERT INTO tasks (user_id, id, title, completed)
           SELECT $1, i, 'task ' || i, i % 3 = 0 FROM generate_series(1, 60) i`,
          [user.userId],
        );
        const page = async (query: string) => {
          const res = await call('GET', `${base}?${query}`, user);
          expect(res.statusCode).toBe(200);
          return res.json() as { tasks: { id: number }[]; next_cursor: string | null };
        };
        const first = await page('');
        expect(first.tasks.map((x) => x.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect(first.next_cursor).toEqual(expect.any(String));
        const rest = await page(`cursor=${first.next_cursor}`);
        expect(rest.tasks.map((x) => x.id)).toEqual(Array.from({ length: 10 }, (_, i) => i + 51));
        expect(rest.next_cursor).toBeNull();

        // Pages of 7 pending tasks, walked to the end, give each pending task once, in order.
        const seen: number[] = [];
        let cursor: string | null = '';
        do {
          const p = await page(`status=pending&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
          expect(p.tasks.length).toBeLessThanOrEqual(7);
          seen.push(...p.tasks.map((x) => x.id));
          cursor = p.next_cursor;
        } while (cursor);
        expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => i + 1).filter((i) => i % 3 !== 0));
        expect((await page('limit=200')).tasks).toHaveLength(60);

        for (const [query, field] of [
          ['limit=0', 'limit'],
          ['limit=201', 'limit'],
          ['limit=ten', 'limit'],
          ['cursor=bogus', 'cursor'],
          [`cursor=${Buffer.from('after:-1').toString('base64url')}`, 'cursor'],
          ['page=2', 'page'],
        ]) {
          const res = await call('GET', `${base}?${query}`, user);
          expect(res.statusCode).toBe(400);
          expect(res.json()).toMatchObject({ error: 'bad_request', field });
        }
      });

      test('GET tasks/counts: how many pending and completed, for the caller only', async () => {
        const user = await signup(t.app);
        const counts = () => call('GET', `/api/${user.userId}/tasks/counts`, user);
        expect((await counts()).json()).toEqual({ pending: 0, completed: 0 });
        await t.db.query(
          `WITH n AS (UPDATE users SET last_task_id = 106 WHERE id = $1)
           INSERT INTO tasks (user_id, id, title, completed)
           SELECT $1, i, 'task ' || i, i > 100 FROM generate_series(1, 106) i`,
          [user.userId],
        );
        const res = await counts();
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ pending: 100, completed: 6 });
        expect((await call('GET', `/api/${user.userId}/tasks/counts`, alice)).statusCode).toBe(403);
        expect((await call('GET', `/api/${user.userId}/tasks/counts`)).statusCode).toBe(401);
      });

      for (const [what, body, field, message] of [
        ['an empty title', { title: '' }, 'title', /title must not be empty/],
        ['a blank title', { title: '   ' }, 'title', /title must not be blank/],
        ['a title over 200 characters', { title: 'x'.repeat(201) }, 'title', /at most 200/],
        ['a long description', { title: 'ok', description: 'x'.repeat(1001) }, 'description', /at most 1000/],
        ['no title', { description: 'no title' }, 'title', /title is required/],
        ['an unknown field', { title: 'ok', priority: 'high' }, 'priority', /unknown field "priority"/],
        ['a title of the wrong type', { title: 42 }, 'title', /title must be a string/],
      ] as [string, object, string, RegExp][]) {
        test(`rejects ${what} with 400 naming the field`, async () => {
          const res = await call('POST', `/api/${alice.userId}/tasks`, alice, body);
          expect(res.statusCode).toBe(400);
          expect(res.json()).toEqual({
            error: 'bad_request',
            message: expect.stringMatching(message),
            field,
          });
        });
      }

      test('bad ids are 400, unknown ids 404', async () => {
        expect((await call('GET', `/api/${alice.userId}/tasks/abc`, alice)).statusCode).toBe(400);
        expect((await call('GET', `/api/${alice.userId}/tasks/0`, alice)).statusCode).toBe(400);
        expect((await call('GET', `/api/${alice.userId}/tasks/1.5`, alice)).statusCode).toBe(400);
        expect((await call('GET', `/api/${alice.userId}/tasks/99999999999`, alice)).statusCode).toBe(400);
        expect((await call('GET', `/api/${alice.userId}/tasks/99999999`, alice)).statusCode).toBe(404);
        expect(
          (await call('PUT', `/api/${alice.userId}/tasks/99999999`, alice, { title: 'x' })).statusCode,
        ).toBe(404);
      });
    });

    describe('personal access tokens', () => {
      test('create (token shown once, hash stored), list, revoke; 404 for unknown or foreign ids', async () => {
        const user = await signup(t.app);
        const base = `/api/${user.userId}/tokens`;
        const created = await call('POST', base, user, { name: '  Claude Desktop ' });
        expect(created.statusCode).toBe(201);
        const body = created.json();
        expect(body).toEqual({
          id: expect.any(Number),
          name: 'Claude Desktop',
          token: expect.stringMatching(/^todo_pat_[A-Za-z0-9_-]{43}$/),
          created_at: expect.any(String),
          last_used_at: null,
        });
        const stored = await t.db.query<Record<string, unknown>>(
          'SELECT * FROM personal_access_tokens WHERE id = $1',
          [body.id],
        );
        expect(JSON.stringify(stored)).not.toContain(body.token);

        const listed = await call('GET', base, user);
        expect(listed.json()).toEqual([
          { id: body.id, name: 'Claude Desktop', created_at: body.created_at, last_used_at: null },
        ]);
        expect(listed.body).not.toContain('todo_pat_');

        expect((await call('DELETE', `${base}/${body.id}`, bob)).statusCode).toBe(403);
        expect((await call('DELETE', `/api/${bob.userId}/tokens/${body.id}`, bob)).statusCode).toBe(404);
        expect((await call('DELETE', `${base}/${body.id}`, user)).statusCode).toBe(204);
        expect((await call('DELETE', `${base}/${body.id}`, user)).statusCode).toBe(404);
        expect((await call('GET', base, user)).json()).toEqual([]);
      });

      test('a token name is 1..100 characters', async () => {
        for (const name of ['', '   ', 'x'.repeat(101)]) {
          const res = await call('POST', `/api/${alice.userId}/tokens`, alice, { name });
          expect(res.statusCode).toBe(400);
          expect(res.json()).toMatchObject({ field: 'name' });
        }
      });

      test('a personal access token does not open the REST API', async () => {
        const { token } = (await call('POST', `/api/${alice.userId}/tokens`, alice, { name: 'cli' })).json();
        const res = await t.app.inject({
          method: 'GET',
          url: `/api/${alice.userId}/tasks`,
          headers: { authorization: `Bearer ${token}` },
        });
        expect(res.statusCode).toBe(401);
        expect(res.json().message).toMatch(/only on \/mcp/);
      });
    });

    describe('chat', () => {
      const chat = (user: TestUser, message: string, conversation_id?: number) =>
        call(
          'POST',
          `/api/${user.userId}/chat`,
          user,
          conversation_id ? { message, conversation_id } : { message },
        );

      test('a conversation: add, list, complete by name, update, delete, with tool calls reported', async () => {
        const user = await signup(t.app);
        const first = await chat(user, 'add a task to buy groceries');
        expect(first.statusCode).toBe(200);
        const body = first.json();
        expect(body).toEqual({
          conversation_id: expect.any(Number),
          response: 'Added task #1: "buy groceries".',
          tool_calls: [
            {
              name: 'add_task',
              arguments: { title: 'buy groceries' },
              result: { task_id: 1, status: 'created', title: 'buy groceries' },
            },
          ],
        });
        const cid = body.conversation_id;

        expect((await chat(user, 'remind me to call mom', cid)).json().response).toMatch(/#2: "call mom"/);
        expect(
          (await chat(user, 'add a meeting with the team to my list', cid)).json().tool_calls[0],
        ).toMatchObject({
          name: 'add_task',
          arguments: { title: 'a meeting with the team' },
        });

        const pending = (await chat(user, 'show me my pending tasks', cid)).json();
        expect(pending.tool_calls[0]).toMatchObject({ name: 'list_tasks', arguments: { status: 'pending' } });
        expect(pending.response).toMatch(/#1 buy groceries\n#2 call mom/);

        const done = (await chat(user, 'I bought the groceries', cid)).json();
        expect(done.tool_calls).toEqual([
          {
            name: 'complete_task',
            arguments: { task_id: 1 },
            result: { task_id: 1, status: 'completed', title: 'buy groceries' },
          },
        ]);
        expect((await chat(user, 'what have I completed?', cid)).json().response).toMatch(/buy groceries/);

        const renamed = (await chat(user, "change task 2 to 'Call mom tonight'", cid)).json();
        expect(renamed.tool_calls[0]).toMatchObject({
          name: 'update_task',
          arguments: { task_id: 2, title: 'Call mom tonight' },
          result: { status: 'updated', title: 'Call mom tonight' },
        });

        const removed = (await chat(user, 'delete the meeting task', cid)).json();
        expect(removed.tool_calls.map((c: { name: string }) => c.name)).toEqual(['delete_task']);
        expect(removed.response).toBe('Deleted task #3 "a meeting with the team".');
        for (const reply of [body, pending, done, renamed, removed])
          for (const toolCall of reply.tool_calls) expect(toolCall.arguments).not.toHaveProperty('user_id');

        const messages = (
          await call('GET', `/api/${user.userId}/conversations/${cid}/messages`, user)
        ).json();
        expect(messages).toHaveLength(16);
        expect(messages[0]).toMatchObject({ role: 'user', content: 'add a task to buy groceries' });
        expect(messages[1]).toMatchObject({
          role: 'assistant',
          tool_calls: [expect.objectContaining({ name: 'add_task' })],
        });
        const conversations = (await call('GET', `/api/${user.userId}/conversations`, user)).json();
        expect(conversations).toEqual([
          expect.objectContaining({ id: cid, title: 'add a task to buy groceries' }),
        ]);
      });

      test('says clearly when it does not understand or a task does not exist', async () => {
        const user = await signup(t.app);
        const unknown = (await chat(user, 'what is the weather like?')).json();
        expect(unknown.response).toMatch(
          /didn't understand "what is the weather like"[\s\S]*Try "add buy milk"/,
        );
        expect(unknown.tool_calls).toEqual([]);
        const missing = (await chat(user, 'mark task 987654 as done')).json();
        expect(missing.response).toMatch(/Task #987654 doesn't exist/);
        expect(missing.tool_calls).toEqual([]);
        expect((await chat(user, 'delete the dentist task')).json().response).toMatch(
          /couldn't find a task matching "dentist"/,
        );
      });

      test("the agent acts only on the caller's tasks", async () => {
        const owner = await signup(t.app);
        const other = await signup(t.app);
        await call('POST', `/api/${owner.userId}/tasks`, owner, { title: 'owner only' });
        expect((await chat(other, 'delete task 1')).json().response).toMatch(/doesn't exist/);
        expect((await chat(other, 'delete owner only')).json().response).toMatch(/couldn't find/);
        expect((await chat(other, 'show me everything')).json().response).not.toMatch(/owner only/);
        expect((await call('GET', `/api/${owner.userId}/tasks/1`, owner)).json()).toMatchObject({
          title: 'owner only',
          completed: false,
        });
      });

      test("another user's conversation is 404, and a message is validated", async () => {
        const cid = (await chat(alice, 'hello')).json().conversation_id;
        expect((await chat(bob, 'hello', cid)).statusCode).toBe(404);
        expect((await call('GET', `/api/${bob.userId}/conversations/${cid}/messages`, bob)).statusCode).toBe(
          404,
        );
        expect((await chat(alice, '')).statusCode).toBe(400);
        const long = await chat(alice, 'x'.repeat(4001));
        expect(long.statusCode).toBe(400);
        expect(long.json()).toEqual({
          error: 'bad_request',
          message: 'message must be at most 4000 characters',
          field: 'message',
        });
      });
    });

    describe('bad requests', () => {
      test('malformed JSON is 400', async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/${alice.userId}/tasks`,
          headers: { ...alice.auth, 'content-type': 'application/json' },
          payload: '{"title": ',
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toBe('bad_request');
      });
      test('an empty JSON body where one is required is 400', async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/${alice.userId}/tasks`,
          headers: { ...alice.auth, 'content-type': 'application/json' },
          payload: '',
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toEqual({ error: 'bad_request', message: expect.stringMatching(/request body/) });
      });
      test('a body over 1 MB is 413', async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/${alice.userId}/tasks`,
          headers: { ...alice.auth, 'content-type': 'application/json' },
          payload: JSON.stringify({ title: 'x', description: 'y'.repeat(1024 * 1024) }),
        });
        expect(res.statusCode).toBe(413);
        expect(res.json().error).toBe('payload_too_large');
      });
      test('unknown routes are 404 JSON', async () => {
        const res = await call('GET', '/api/nope');
        expect(res.statusCode).toBe(404);
        expect(res.json().error).toBe('not_found');
      });
    });
  });

describe('sign-in throttling (ASVS V2.2: per client, per account and client, delays across clients)', () => {
  let t: TestApp;
  let now = Date.parse('2030-01-01T00:00:00Z');
  /** The delays the server waited, in order; the clock moves by each instead of sleeping. */
  const delays: number[] = [];
  const windowMs = 15 * 60 * 1000;
  before(async () => {
    t = await startApp(undefined, {
      clock: {
        now: () => now,
        sleep: async (ms) => {
          delays.push(ms);
          now += ms;
        },
      },
      config: { loginThrottle: { maxPerAccount: 3, maxPerClient: 6, windowMs } },
    });
  });
  after(() => t.close());

  const login = (email: string, password: string, remoteAddress = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });

  test('one client guessing: 3 attempts, then 429 + Retry-After there, even for the right password', async () => {
    const user = await signup(t.app, uniqueEmail('throttled'));
    for (let i = 0; i < 3; i++) expect((await login(user.email, `guess ${i}`)).statusCode).toBe(401);
    const blocked = await login(user.email, TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe(String(windowMs / 1000));
    expect(blocked.json()).toEqual({
      error: 'too_many_requests',
      message: 'too many sign-in attempts for this account from your network; try again in 15 minutes',
    });
    now += windowMs - 30_000;
    const later = await login(user.email.toUpperCase(), TEST_PASSWORD);
    expect(later.statusCode).toBe(429);
    expect(later.headers['retry-after']).toBe('30');
    expect(later.json().message).toMatch(/try again in 30 seconds/);
    now += 30_000;
    // The window is over: the right password gets in at once, and the count starts again.
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await login(user.email, 'wrong again')).statusCode).toBe(401);
  });

  test('an attacker on one address cannot lock the owner out: the owner signs in from another', async () => {
    now += windowMs;
    const owner = await signup(t.app, uniqueEmail('owner'));
    const attacker = '198.51.100.66';
    for (let i = 0; i < 3; i++)
      expect((await login(owner.email, `guess ${i}`, attacker)).statusCode).toBe(401);
    expect((await login(owner.email, TEST_PASSWORD, attacker)).statusCode).toBe(429);
    const home = await login(owner.email, TEST_PASSWORD, '203.0.113.5');
    expect(home.statusCode).toBe(200);
    expect(home.json()).toEqual({
      user_id: owner.userId,
      token: expect.any(String),
      expires_in: expect.any(Number),
    });
  });

  test('failures from many addresses only add a growing delay; the owner still gets in', async () => {
    now += windowMs;
    const owner = await signup(t.app, uniqueEmail('spread'));
    delays.length = 0;
    // Five addresses, two wrong passwords each: no address reaches its limit of 3 for the account.
    for (let i = 0; i < 10; i++) {
      const res = await login(owner.email, `guess ${i}`, `192.0.2.${Math.floor(i / 2) + 1}`);
      expect(res.statusCode).toBe(401);
    }
    // From the 5th failure on, each answer waited: 250 ms, doubling.
    expect(delays).toEqual([250, 500, 1000, 2000, 4000]);
    const res = await login(owner.email, TEST_PASSWORD, '203.0.113.7');
    expect(res.statusCode).toBe(200);
    expect(delays.at(-1)).toBe(8000);
    // A successful sign-in forgets the failures: no delay for the next attempt.
    delays.length = 0;
    expect((await login(owner.email, TEST_PASSWORD, '203.0.113.7')).statusCode).toBe(200);
    expect(delays).toEqual([]);
  });

  test('a failed sign-in warns how many attempts are left once a few have failed', async () => {
    now += windowMs;
    const t2 = await startApp(undefined, {
      clock: { now: () => now, sleep: async (ms) => void (now += ms) },
      config: { loginThrottle: { maxPerAccount: 10, maxPerClient: 50, windowMs } },
    });
    try {
      const user = await signup(t2.app, uniqueEmail('warned'));
      const attempt = () =>
        t2.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: user.email, password: 'not it' },
          remoteAddress: '10.5.5.5',
        });
      for (let i = 0; i < 2; i++)
        expect((await attempt()).json()).toEqual({
          error: 'unauthorized',
          message: 'wrong email or password',
        });
      const third = await attempt();
      expect(third.statusCode).toBe(401);
      expect(third.json().message).toBe(
        'wrong email or password; 7 attempts left from your network before sign-in to this account ' +
          'pauses for 15 minutes',
      );
      for (let i = 0; i < 6; i++) await attempt();
      expect((await attempt()).json().message).toMatch(/; 0 attempts left/);
      expect((await attempt()).statusCode).toBe(429);
      // An unknown email gets the same answers: the warning does not tell whether an account exists.
      const nobody = uniqueEmail('ghost');
      const ghost = () =>
        t2.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: nobody, password: 'x' },
          remoteAddress: '10.5.5.6',
        });
      await ghost();
      await ghost();
      expect((await ghost()).json().message).toMatch(/7 attempts left/);
    } finally {
      await t2.close();
    }
  });

  test('a client trying many accounts is stopped after 6 attempts; other clients are not', async () => {
    now += windowMs;
    for (let i = 0; i < 6; i++)
      expect((await login(uniqueEmail('spray'), 'password', '10.9.9.9')).statusCode).toBe(401);
    const blocked = await login(uniqueEmail('spray'), 'password', '10.9.9.9');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().message).toMatch(/from your network/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const user = await signup(t.app, uniqueEmail('innocent'));
    expect((await login(user.email, TEST_PASSWORD, '10.1.1.1')).statusCode).toBe(200);
    now += windowMs;
    expect((await login(user.email, TEST_PASSWORD, '10.9.9.9')).statusCode).toBe(200);
  });
});

describe('proxies and browsers', () => {
  /** Wrong-password sign-ins as seen through proxies (X-Forwarded-For), against a limit of 2 per client. */
  async function throttled(
    trustProxy: boolean | string[],
    check: (login: (via: string) => Promise<number>) => Promise<void>,
  ) {
    const t = await startApp(undefined, {
      config: { trustProxy, loginThrottle: { maxPerAccount: 100, maxPerClient: 2, windowMs: 60_000 } },
    });
    try {
      await check(async (via) => {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'x-forwarded-for': via },
          payload: { email: uniqueEmail('proxied'), password: 'wrong password' },
        });
        return response.statusCode;
      });
    } finally {
      await t.close();
    }
  }

  test('TRUST_PROXY: X-Forwarded-For names the client, so clients behind one proxy are throttled apart', async () => {
    expect(testConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    await throttled(true, async (login) => {
      expect(await login('203.0.113.1')).toBe(401);
      expect(await login('203.0.113.1')).toBe(401);
      expect(await login('203.0.113.1')).toBe(429);
      expect(await login('203.0.113.2')).toBe(401);
    });
  });

  test('TRUST_PROXY of private ranges (as the chart sets it): the first public address counts', async () => {
    const trustProxy = loadConfig({ TRUST_PROXY: 'loopback,linklocal,uniquelocal' }).trustProxy;
    expect(trustProxy).toEqual(['loopback', 'linklocal', 'uniquelocal']);
    // In-cluster hops (the frontend, the ingress) are private addresses; the ingress appends the client's
    // public address after whatever the client sent itself, which therefore does not count.
    await throttled(trustProxy, async (login) => {
      expect(await login('198.51.100.7, 203.0.113.9, 10.0.0.5')).toBe(401);
      expect(await login('198.51.100.8, 203.0.113.9, 10.0.0.6')).toBe(401);
      expect(await login('198.51.100.9, 203.0.113.9, 10.0.0.5')).toBe(429);
      expect(await login('203.0.113.10, 10.0.0.5')).toBe(401);
    });
  });

  test('CORS_ORIGINS: a configured origin may call the API from a browser, another may not', async () => {
    const t = await startApp(undefined, { config: { corsOrigins: ['https://app.example.com'] } });
    try {
      const preflight = (origin: string) =>
        t.app.inject({
          method: 'OPTIONS',
          url: '/api/auth/login',
          headers: { origin, 'access-control-request-method': 'POST' },
        });
      const allowed = await preflight('https://app.example.com');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(
        (await preflight('https://evil.example.com')).headers['access-control-allow-origin'],
      ).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
