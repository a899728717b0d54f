/** The server-side proxy: what reaches the backend, and what comes back. */
import { expect } from 'expect';
import { createServer, IncomingMessage, Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  backendUrl,
  bearer,
  cookieOptions,
  downstreamHeaders,
  forward,
  upstreamHeaders,
  upstreamUrl,
} from '../../lib/proxy';

describe('upstreamUrl', () => {
  test('maps /api/* onto the backend, keeping the query', () => {
    expect(upstreamUrl('http://b:8000', ['u1', 'tasks'], '?status=pending')).toBe(
      'http://b:8000/api/u1/tasks?status=pending',
    );
  });
  test('refuses auth paths (tokens stay in cookies) and path tricks', () => {
    expect(upstreamUrl('http://b', ['auth', 'login'], '')).toBeUndefined();
    expect(upstreamUrl('http://b', [], '')).toBeUndefined();
    expect(upstreamUrl('http://b', ['u1', '..', 'admin'], '')).toBeUndefined();
    expect(upstreamUrl('http://b', ['u1/../x'], '')).toBeUndefined();
  });
  test('BACKEND_URL with a default and no trailing slash', () => {
    expect(backendUrl({})).toBe('http://127.0.0.1:8000');
    expect(backendUrl({ BACKEND_URL: 'http://todo-app-backend:8000/' })).toBe('http://todo-app-backend:8000');
  });
});

describe('headers', () => {
  test('the cookie becomes a bearer token; cookies and other headers are not forwarded', () => {
    const incoming = new Headers({
      cookie: 'todo_token=abc',
      'content-type': 'application/json',
      'x-real-ip': '1.2.3.4',
      'mcp-protocol-version': '2025-06-18',
    });
    const out = upstreamHeaders(incoming, bearer('tok'));
    expect(Object.fromEntries(out.entries())).toEqual({
      authorization: 'Bearer tok',
      'content-type': 'application/json',
      'mcp-protocol-version': '2025-06-18',
    });
  });
  test("the client's address goes on, so the backend's per-client limits see users, not this server", () => {
    const out = upstreamHeaders(new Headers({ 'x-forwarded-for': '198.51.100.7, 203.0.113.9' }), undefined);
    expect(out.get('x-forwarded-for')).toBe('198.51.100.7, 203.0.113.9');
  });
  test('no token, no authorization header', () => {
    expect(upstreamHeaders(new Headers(), bearer(undefined)).has('authorization')).toBe(false);
    expect(upstreamHeaders(new Headers(), bearer('')).has('authorization')).toBe(false);
  });
  test("a caller's own Authorization header value goes through unchanged", () => {
    const out = upstreamHeaders(new Headers({ authorization: 'ignored' }), 'Bearer todo_pat_abc');
    expect(out.get('authorization')).toBe('Bearer todo_pat_abc');
  });
  test('responses pass content type, retry-after and www-authenticate, not set-cookie', () => {
    const out = downstreamHeaders(
      new Headers({
        'content-type': 'application/json',
        'set-cookie': 'x=1',
        'retry-after': '5',
        'www-authenticate': 'Bearer',
      }),
    );
    expect(Object.fromEntries(out.entries())).toEqual({
      'content-type': 'application/json',
      'retry-after': '5',
      'www-authenticate': 'Bearer',
    });
  });
  test('session cookies are httpOnly and SameSite=Lax, and last what they are told', () => {
    expect(cookieOptions(false, 60)).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: false,
      path: '/',
      maxAge: 60,
    });
  });
});

describe('forward', () => {
  let server: Server;
  let base: string;
  const seen: {
    method?: string;
    url?: string;
    auth?: string;
    type?: string;
    length?: string;
    body: string;
  }[] = [];
  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const { authorization: auth, 'content-type': type, 'content-length': length } = req.headers;
        seen.push({ method: req.method, url: req.url, auth, type, length, body });
        res
          .writeHead(req.url?.includes('missing') ? 404 : 201, {
            'content-type': 'application/json',
            'set-cookie': 'evil=1',
          })
          .end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  test('forwards method, body and token; returns status and body faithfully', async () => {
    const res = await forward(
      `${base}/api/u1/tasks`,
      new Request('http://front/api/u1/tasks', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"title":"x"}',
      }),
      bearer('tok'),
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      url: '/api/u1/tasks',
      auth: 'Bearer tok',
      type: 'application/json',
      length: '13',
      body: '{"title":"x"}',
    });
    expect(
      (await forward(`${base}/api/missing`, new Request('http://front/api/missing'), undefined)).status,
    ).toBe(404);
  });

  test('a request without a body reaches the backend without one, and without a content type', async () => {
    const res = await forward(
      `${base}/api/u1/tasks/1/complete`,
      new Request('http://front/api/u1/tasks/1/complete', { method: 'PATCH' }),
      bearer('tok'),
    );
    expect(res.status).toBe(201);
    expect(seen.at(-1)).toMatchObject({ method: 'PATCH', type: undefined, body: '' });
  });

  test('a backend that cannot be reached is a 502 with a clear message', async () => {
    const res = await forward('http://127.0.0.1:9/api/x', new Request('http://front/api/x'), bearer('tok'));
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      error: 'backend_unavailable',
      message: expect.stringMatching(/unavailable/),
    });
  });
});
