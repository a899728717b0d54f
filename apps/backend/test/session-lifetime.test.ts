/**
 * The sign-in token's lifetime, one setting for all: TOKEN_TTL_SECONDS (which the chart sets from
 * backend.tokenTtlSeconds) is the token's expiry and the `expires_in` the frontend gives its cookie.
 */
import { expect } from 'expect';
import { describe, test } from 'node:test';
import { ConfigError, DEFAULTS, loadConfig, TOKEN_TTL_RANGE } from '../src/config';
import { startApp, TEST_PASSWORD, uniqueEmail } from './support/app';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('token lifetime', () => {
  test('TOKEN_TTL_SECONDS is the token expiry and the expires_in of sign-up and sign-in', async () => {
    const ttl = 3600;
    const t = await startApp(undefined, {
      config: { tokenTtlSeconds: loadConfig({ TOKEN_TTL_SECONDS: `${ttl}` }).tokenTtlSeconds },
    });
    try {
      const email = uniqueEmail('ttl');
      const signup = await t.app.inject({
        method: 'POST',
        url: '/api/auth/signup',
        payload: { email, password: TEST_PASSWORD },
      });
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: TEST_PASSWORD },
      });
      for (const res of [signup, login]) {
        const body = res.json();
        expect(body.expires_in).toBe(ttl);
        const claims = claimsOf(body.token);
        expect(claims.exp - claims.iat).toBe(ttl);
      }
    } finally {
      await t.close();
    }
  });

  test('the default is 7 days; outside TOKEN_TTL_RANGE (a minute to a year) the backend refuses to start', () => {
    expect(loadConfig({}).tokenTtlSeconds).toBe(DEFAULTS.tokenTtlSeconds);
    expect(DEFAULTS.tokenTtlSeconds).toBe(7 * 24 * 3600);
    expect(TOKEN_TTL_RANGE).toEqual({ min: 60, max: 365 * 24 * 3600 });
    for (const accepted of [TOKEN_TTL_RANGE.min, TOKEN_TTL_RANGE.max])
      expect(loadConfig({ TOKEN_TTL_SECONDS: `${accepted}` }).tokenTtlSeconds).toBe(accepted);
    for (const refused of [TOKEN_TTL_RANGE.min - 1, TOKEN_TTL_RANGE.max + 1])
      expect(() => loadConfig({ TOKEN_TTL_SECONDS: `${refused}` })).toThrow(
        new ConfigError(`TOKEN_TTL_SECONDS must be an integer from 60 to 31536000, got "${refused}"`),
      );
  });
});
