/** Hostile and malformed requests: every one must get a 4xx (or a 2xx), never a 5xx. */
import { expect } from 'expect';
import { after, before, test } from 'node:test';
import { signup, startApp, TestApp, TestUser } from './support/app';

let t: TestApp;
let user: TestUser;
before(async () => {
  t = await startApp();
  user = await signup(t.app);
});
after(() => t.close());

/** A small deterministic PRNG so a failure can be replayed. */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  2 ** 53,
  'x'.repeat(5000),
  '',
  ' ',
  '\u0000',
  '💥',
  "'; DROP TABLE tasks; --",
  '<script>alert(1)</script>',
  [],
  {},
  [1, 2],
  { $ne: 1 },
  { __proto__: { admin: true } },
  '../../etc/passwd',
  '%00',
  'NaN',
];

test('hostile bodies, params and headers never cause a 5xx', async () => {
  const random = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const urls = [
    '/api/auth/signup',
    '/api/auth/login',
    `/api/${user.userId}/tasks`,
    `/api/${user.userId}/tasks/1`,
    `/api/${user.userId}/tasks/1/complete`,
    `/api/${user.userId}/tasks/-5`,
    `/api/${user.userId}/tasks/99999999999999999999`,
    `/api/${user.userId}/tasks/%27%20OR%201=1`,
    `/api/${user.userId}/chat`,
    `/api/${user.userId}/conversations/abc/messages`,
    `/api/${encodeURIComponent("' OR 1=1 --")}/tasks`,
    '/mcp',
  ];
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
  const keys = [
    'title',
    'description',
    'completed',
    'message',
    'conversation_id',
    'email',
    'password',
    'status',
    'jsonrpc',
    'method',
  ];
  const failures: string[] = [];
  for (let i = 0; i < 600; i++) {
    const body: Record<string, unknown> = {};
    for (let k = 0; k < 1 + Math.floor(random() * 3); k++) body[pick(keys)] = pick(HOSTILE_VALUES);
    const raw =
      random() < 0.15
        ? pick(['{', '{"title":', 'null', '[]', '"str"', '\u0000\u0001', '{"a":1}{"b":2}'])
        : JSON.stringify(random() < 0.1 ? pick(HOSTILE_VALUES) : body);
    const headers: Record<string, string> = {
      'content-type': pick([
        'application/json',
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
      ]),
    };
    if (random() < 0.8)
      headers.authorization =
        random() < 0.7
          ? user.auth.authorization
          : pick(['Bearer', 'Bearer a.b.c', 'Basic eDp5', `Bearer ${user.token}x`]);
    const method = pick([...methods]);
    const url = `${pick(urls)}${random() < 0.2 ? `?status=${encodeURIComponent(String(pick(HOSTILE_VALUES)))}` : ''}`;
    const res = await t.app.inject({
      method,
      url,
      headers,
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: raw }),
    });
    if (res.statusCode >= 500)
      failures.push(`${method} ${url} ${raw.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
    else if (res.statusCode >= 400) {
      // /mcp speaks JSON-RPC, whose errors have their own shape.
      const body = res.json();
      if (url.startsWith('/mcp') && body.jsonrpc)
        expect(body).toEqual({
          jsonrpc: '2.0',
          id: null,
          error: expect.objectContaining({ message: expect.any(String) }),
        });
      else
        expect(body).toEqual({
          error: expect.any(String),
          message: expect.any(String),
          ...(body.field === undefined ? {} : { field: expect.any(String) }),
        });
    }
  }
  expect(failures).toEqual([]);
  expect((await t.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
});
