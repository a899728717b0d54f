/** Every route and status of the REST API, on the embedded database and on a real PostgreSQL. */
import { after, before, describe, test } from 'node:test';
import { expect } from 'expect';
import { DATABASES, databaseUrlFor, stopPostgres } from './support/databases';
import { signup, startApp, TestApp, TestUser } from './support/app';

after(() => stopPostgres());

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

    describe('auth', () => {
      const email = `carol-${kind}-${Date.now()}@example.com`;
      test('signup answers 201 with user_id and an HS256 token', async () => {
        const res = await call('POST', '/api/auth/signup', undefined, { email, password: 'a long password' });
        expect(res.statusCode).toBe(201);
        const body = res.json();
        expect(body.user_id).toEqual(expect.any(String));
        const [header, payload] = body.token
          .split('.')
          .slice(0, 2)
          .map((p: string) => JSON.parse(Buffer.from(p, 'base64url').toString() || 'null'));
        expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
        expect(payload.sub).toBe(body.user_id);
        expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
      });
      test('a second signup with the same email is a conflict', async () => {
        const res = await call('POST', '/api/auth/signup', undefined, {
          email: email.toUpperCase(),
          password: 'another password',
        });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toEqual({ error: 'conflict', message: expect.any(String) });
      });
      test('login: 200 with the right password, 401 with a wrong one or an unknown email', async () => {
        expect(
          (await call('POST', '/api/auth/login', undefined, { email, password: 'a long password' }))
            .statusCode,
        ).toBe(200);
        const wrong = await call('POST', '/api/auth/login', undefined, { email, password: 'not it' });
        expect(wrong.statusCode).toBe(401);
        expect(wrong.json().error).toBe('unauthorized');
        expect(
          (await call('POST', '/api/auth/login', undefined, { email: 'nobody@example.com', password: 'x' }))
            .statusCode,
        ).toBe(401);
      });
      test('signup validates email and password', async () => {
        const short = await call('POST', '/api/auth/signup', undefined, {
          email: 'd@example.com',
          password: 'short',
        });
        expect(short.statusCode).toBe(400);
        expect(short.json().message).toMatch(/password/);
        const bad = await call('POST', '/api/auth/signup', undefined, {
          email: 'not-an-email',
          password: 'long enough password',
        });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().message).toMatch(/email/);
      });
      test('passwords are stored as scrypt hashes', async () => {
        const [row] = await t.db.query<{ password_hash: string }>(
          'SELECT password_hash FROM users WHERE email = $1',
          [email],
        );
        expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
        expect(row.password_hash).not.toContain('a long password');
      });
    });

    describe('authorization', () => {
      test('401 without a token, with a malformed one, a forged one, or an alg=none one', async () => {
        const url = `/api/${alice.userId}/tasks`;
        expect((await call('GET', url)).statusCode).toBe(401);
        expect(
          (await t.app.inject({ method: 'GET', url, headers: { authorization: 'Bearer nonsense' } }))
            .statusCode,
        ).toBe(401);
        const [h, p] = alice.token.split('.');
        expect(
          (await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${h}.${p}.AAAA` } }))
            .statusCode,
        ).toBe(401);
        const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
        expect(
          (await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${none}.${p}.` } }))
            .statusCode,
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
        const base = `/api/${alice.userId}/tasks`;
        const created = await call('POST', base, alice, { title: '  Buy milk ', description: '2 litres' });
        expect(created.statusCode).toBe(201);
        const task = created.json();
        expect(task).toEqual({
          id: expect.any(Number),
          title: 'Buy milk',
          description: '2 litres',
          completed: false,
          created_at: expect.any(String),
          updated_at: expect.any(String),
        });
        const second = (await call('POST', base, alice, { title: 'Call mom' })).json();

        expect((await call('GET', `${base}/${task.id}`, alice)).json()).toEqual(task);
        const updated = await call('PUT', `${base}/${task.id}`, alice, { title: 'Buy oat milk' });
        expect(updated.json()).toMatchObject({ id: task.id, title: 'Buy oat milk', description: '2 litres' });

        const completed = await call('PATCH', `${base}/${task.id}/complete`, alice);
        expect(completed.statusCode).toBe(200);
        expect(completed.json().completed).toBe(true);

        expect(
          (await call('GET', `${base}?status=completed`, alice)).json().map((x: { id: number }) => x.id),
        ).toEqual([task.id]);
        expect(
          (await call('GET', `${base}?status=pending`, alice)).json().map((x: { id: number }) => x.id),
        ).toEqual([second.id]);
        expect((await call('GET', `${base}?status=all`, alice)).json()).toHaveLength(2);
        expect((await call('GET', `${base}?status=later`, alice)).statusCode).toBe(400);

        const deleted = await call('DELETE', `${base}/${second.id}`, alice);
        expect(deleted.statusCode).toBe(200);
        expect((await call('GET', `${base}/${second.id}`, alice)).statusCode).toBe(404);
      });

      test("another user's task answers 404 and reveals nothing, for every verb", async () => {
        const own = (
          await call('POST', `/api/${alice.userId}/tasks`, alice, { title: 'Secret plan' })
        ).json();
        const theirs = `/api/${bob.userId}/tasks/${own.id}`;
        for (const [method, url, body] of [
          ['GET', theirs],
          ['PUT', theirs, { title: 'hijacked' }],
          ['PATCH', `${theirs}/complete`],
          ['DELETE', theirs],
        ] as const) {
          const res = await call(method, url, bob, body);
          expect(res.statusCode).toBe(404);
          expect(res.body).not.toContain('Secret plan');
        }
        expect((await call('GET', `/api/${bob.userId}/tasks`, bob)).json()).toEqual([]);
        expect((await call('GET', `/api/${alice.userId}/tasks/${own.id}`, alice)).json()).toMatchObject({
          title: 'Secret plan',
          completed: false,
        });
      });

      for (const [what, body, field] of [
        ['an empty title', { title: '' }, /title/],
        ['a blank title', { title: '   ' }, /title/],
        ['a title over 200 characters', { title: 'x'.repeat(201) }, /title/],
        ['a description over 1000 characters', { title: 'ok', description: 'x'.repeat(1001) }, /description/],
        ['no title', { description: 'no title' }, /title/],
        ['an unknown field', { title: 'ok', priority: 'high' }, /priority|additional/],
        ['a title of the wrong type', { title: 42 }, /title/],
      ] as [string, object, RegExp][]) {
        test(`rejects ${what} with 400 naming the field`, async () => {
          const res = await call('POST', `/api/${alice.userId}/tasks`, alice, body);
          expect(res.statusCode).toBe(400);
          expect(res.json()).toEqual({ error: 'bad_request', message: expect.stringMatching(field) });
        });
      }

      test('bad ids are 400, unknown ids 404', async () => {
        expect((await call('GET', `/api/${alice.userId}/tasks/abc`, alice)).statusCode).toBe(400);
        expect((await call('GET', `/api/${alice.userId}/tasks/0`, alice)).statusCode).toBe(400);
        expect((await call('GET', `/api/${alice.userId}/tasks/99999999`, alice)).statusCode).toBe(404);
        expect(
          (await call('PUT', `/api/${alice.userId}/tasks/99999999`, alice, { title: 'x' })).statusCode,
        ).toBe(404);
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
          response: expect.stringMatching(/Added task #\d+: "buy groceries"/),
          tool_calls: [expect.objectContaining({ name: 'add_task' })],
        });
        const cid = body.conversation_id;
        expect(body.tool_calls[0]).toMatchObject({
          arguments: { user_id: user.userId, title: 'buy groceries' },
          result: { status: 'created', title: 'buy groceries' },
        });
        const taskId = body.tool_calls[0].result.task_id;

        expect((await chat(user, 'remind me to call mom', cid)).json().response).toMatch(/call mom/);
        expect(
          (await chat(user, 'add a meeting with the team to my list', cid)).json().tool_calls[0].name,
        ).toBe('add_task');

        const pending = (await chat(user, 'show me my pending tasks', cid)).json();
        expect(pending.tool_calls[0]).toMatchObject({ name: 'list_tasks', arguments: { status: 'pending' } });
        expect(pending.response).toMatch(/buy groceries[\s\S]*call mom/);

        const done = (await chat(user, `mark task ${taskId} as complete`, cid)).json();
        expect(done.tool_calls[0]).toMatchObject({
          name: 'complete_task',
          result: { task_id: taskId, status: 'completed' },
        });
        expect((await chat(user, 'what have I completed?', cid)).json().response).toMatch(/buy groceries/);

        const tasks = (await call('GET', `/api/${user.userId}/tasks`, user)).json();
        const mom = tasks.find((x: { title: string }) => x.title === 'call mom');
        const renamed = (await chat(user, `change task ${mom.id} to 'Call mom tonight'`, cid)).json();
        expect(renamed.tool_calls[0]).toMatchObject({
          name: 'update_task',
          result: { status: 'updated', title: 'Call mom tonight' },
        });

        const removed = (await chat(user, 'delete the meeting task', cid)).json();
        expect(removed.tool_calls.map((c: { name: string }) => c.name)).toEqual([
          'list_tasks',
          'delete_task',
        ]);
        expect(removed.response).toMatch(/Deleted task #\d+ "a meeting with the team"/);

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
        expect(unknown.response).toMatch(/didn't understand/);
        expect(unknown.tool_calls).toEqual([]);
        const missing = (await chat(user, 'mark task 987654 as done')).json();
        expect(missing.response).toMatch(/Task #987654 doesn't exist/);
        expect(missing.tool_calls[0]).toMatchObject({
          name: 'complete_task',
          result: { error: 'task 987654 not found' },
        });
        expect((await chat(user, 'delete the dentist task')).json().response).toMatch(
          /couldn't find a task matching "dentist"/,
        );
      });

      test("the agent acts only on the caller's tasks", async () => {
        const own = (await call('POST', `/api/${alice.userId}/tasks`, alice, { title: 'alice only' })).json();
        const res = (await chat(bob, `delete task ${own.id}`)).json();
        expect(res.response).toMatch(/doesn't exist/);
        expect((await call('GET', `/api/${alice.userId}/tasks/${own.id}`, alice)).statusCode).toBe(200);
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
        expect(long.json().message).toMatch(/message/);
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
