/**
 * Authentication, once per request in an onRequest hook: it proves who is calling and sets
 * request.userId. The API takes session tokens (JWTs whose session still exists); /mcp also takes
 * personal access tokens, for external MCP clients.
 */
import fp from 'fastify-plugin';
import { onRequestHookHandler } from 'fastify';
import { unauthorized } from '../errors';
import { ACCESS_TOKEN_PREFIX, AccessTokenService } from './access-tokens';
import { SessionStore } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user ('' before authentication). */
    userId: string;
    /** The session behind the token ('' for a personal access token). */
    sessionId: string;
  }
  interface FastifyInstance {
    /** onRequest hook: a signed-in session is required. */
    requireSession: onRequestHookHandler;
    /** onRequest hook: a session or a personal access token is required (for /mcp). */
    requireSessionOrAccessToken: onRequestHookHandler;
  }
}

interface SessionClaims {
  sub?: unknown;
  jti?: unknown;
}

export const authentication = fp<{ sessions: SessionStore; accessTokens: AccessTokenService }>(
  async (app, { sessions, accessTokens }) => {
    app.decorateRequest('userId', '');
    app.decorateRequest('sessionId', '');

    const bearerToken = (header: string | undefined): string => {
      const match = header?.match(/^Bearer\s+(\S+)$/i);
      if (!match) throw unauthorized('missing bearer token (Authorization: Bearer <token>)');
      return match[1];
    };

    const verifySession = async (token: string) => {
      let claims: SessionClaims;
      try {
        claims = app.jwt.verify<SessionClaims>(token);
      } catch {
        throw unauthorized('invalid or expired token');
      }
      const { sub, jti } = claims;
      if (typeof sub !== 'string' || typeof jti !== 'string' || !(await sessions.isActive(jti, sub)))
        throw unauthorized('this session has ended; sign in again');
      return { userId: sub, sessionId: jti };
    };

    app.decorate('requireSession', async function requireSession(request) {
      const token = bearerToken(request.headers.authorization);
      if (token.startsWith(ACCESS_TOKEN_PREFIX))
        throw unauthorized('personal access tokens work only on /mcp; the API needs a signed-in session');
      Object.assign(request, await verifySession(token));
    } satisfies onRequestHookHandler);

    app.decorate('requireSessionOrAccessToken', async function requireSessionOrAccessToken(request) {
      const token = bearerToken(request.headers.authorization);
      if (!token.startsWith(ACCESS_TOKEN_PREFIX))
        return void Object.assign(request, await verifySession(token));
      const userId = await accessTokens.verify(token);
      if (!userId) throw unauthorized('unknown or revoked access token');
      request.userId = userId;
    } satisfies onRequestHookHandler);
  },
  { name: 'authentication', dependencies: ['@fastify/jwt'] },
);
