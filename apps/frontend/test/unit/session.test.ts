/** A new session's cookies last as long as the backend's token: its expires_in, not a lifetime of our own. */
import { expect } from 'expect';
import { describe, test } from 'node:test';
import { TOKEN_COOKIE, USER_COOKIE } from '../../lib/proxy';
import { sessionResponse } from '../../lib/session';

const session = (expiresIn: number) => ({
  user_id: 'u-1',
  token: 'header.claims.signature',
  expires_in: expiresIn,
});

describe('sessionResponse', () => {
  for (const expiresIn of [3600, 30 * 24 * 3600])
    test(`a token that expires in ${expiresIn} s: both cookies get Max-Age=${expiresIn}`, async () => {
      const response = sessionResponse(session(expiresIn), 200, true);
      const cookies = response.headers.getSetCookie();
      expect(cookies).toHaveLength(2);
      for (const [name, value] of [
        [TOKEN_COOKIE, 'header.claims.signature'],
        [USER_COOKIE, 'u-1'],
      ]) {
        const cookie = cookies.find((c) => c.startsWith(`${name}=`));
        expect(cookie).toContain(`${name}=${value};`);
        expect(cookie).toContain(`Max-Age=${expiresIn}`);
        expect(cookie).toMatch(/HttpOnly/i);
        expect(cookie).toMatch(/Secure/i);
        expect(cookie).toMatch(/SameSite=lax/i);
      }
    });

  test('the body names the user only: the token stays in its cookie', async () => {
    const response = sessionResponse(session(60), 201, false);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ user_id: 'u-1' });
    expect(response.headers.getSetCookie().join('; ')).not.toMatch(/Secure/i);
  });
});
