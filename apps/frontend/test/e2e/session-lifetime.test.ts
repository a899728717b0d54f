/**
 * The session cookies last what the backend's token does: a backend started with TOKEN_TTL_SECONDS (what
 * the chart sets from backend.tokenTtlSeconds, test/synth/token-lifetime.test.ts) makes the real frontend
 * set Max-Age to that value on sign-up and sign-in. HTTP only, no browser needed.
 */
import { expect } from 'expect';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Backend, buildApps, FRONTEND, freePort, Service, uniqueEmail } from './harness';

const TTL_SECONDS = 5400;

describe('session cookie lifetime', () => {
  let backend: Backend;
  let frontend: Service;
  let baseUrl: string;

  before(async () => {
    buildApps();
    backend = new Backend(await freePort(), { TOKEN_TTL_SECONDS: String(TTL_SECONDS) });
    await backend.start();
    const port = await freePort();
    frontend = new Service('frontend', [join(FRONTEND, 'scripts', 'start.mjs')], FRONTEND, {
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      BACKEND_URL: backend.url,
    });
    baseUrl = `http://127.0.0.1:${port}`;
    await frontend.waitUp(baseUrl);
  });
  after(async () => {
    await frontend?.stop('SIGTERM');
    await backend?.stop();
  });

  test(`a backend with TOKEN_TTL_SECONDS=${TTL_SECONDS}: both cookies get Max-Age=${TTL_SECONDS}`, async () => {
    const credentials = { email: uniqueEmail('lifetime'), password: 'a good password' };
    for (const action of ['signup', 'login']) {
      const res = await fetch(`${baseUrl}/auth/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credentials),
      });
      expect(res.status).toBe(action === 'signup' ? 201 : 200);
      const cookies = res.headers.getSetCookie();
      expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(['todo_token', 'todo_user']);
      for (const cookie of cookies) expect(cookie).toContain(`Max-Age=${TTL_SECONDS}`);
    }
  });
});
