import { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { loginThrottle } from '../auth/login-throttle';
import { Clock } from '../auth/rate-limit-store';
import { SessionStore } from '../auth/sessions';
import { UserService } from '../auth/user-service';
import { LoginThrottle } from '../config';
import { Database } from '../db/database';
import { HttpError, unauthorized } from '../errors';
import { AppMetrics } from '../metrics/metrics';
import { ErrorBody, LoginBody, SessionReply, SignupBody } from '../schemas';

export interface AuthRouteOptions {
  users: UserService;
  sessions: SessionStore;
  ttlSeconds: number;
  throttle: LoginThrottle;
  db: Database;
  clock: Clock;
  metrics?: AppMetrics;
}

/** /api/auth: sign up, sign in (throttled per account and per client), sign out (revokes the session). */
const inMinutes = (ms: number) =>
  ms >= 90_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} seconds`;

export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, options) => {
  const { users, sessions, ttlSeconds } = options;
  const throttle = loginThrottle(app, options.throttle, options.db, options.clock, options.metrics);
  const pause = inMinutes(options.throttle.windowMs);

  const startSession = async (userId: string) => {
    const jti = await sessions.create(userId, ttlSeconds);
    const token = app.jwt.sign({ sub: userId, jti }, { expiresIn: ttlSeconds });
    return { user_id: userId, token, expires_in: ttlSeconds };
  };

  app.post(
    '/signup',
    { schema: { body: SignupBody, response: { 201: SessionReply, 400: ErrorBody, 409: ErrorBody } } },
    async (request, reply) =>
      reply.code(201).send(await startSession(await users.signup(request.body.email, request.body.password))),
  );

  app.post(
    '/login',
    { schema: { body: LoginBody, response: { 200: SessionReply, 401: ErrorBody, 429: ErrorBody } } },
    async (request) => {
      const attempt = throttle(request);
      await attempt.before();
      let userId: string;
      try {
        userId = await users.login(request.body.email, request.body.password);
      } catch (error) {
        if (!(error instanceof HttpError) || error.statusCode !== 401) throw error;
        const left = await attempt.failed();
        if (left === undefined) throw error;
        throw unauthorized(
          `${error.message}; ${left} attempt${left === 1 ? '' : 's'} left from your network before ` +
            `sign-in to this account pauses for ${pause}`,
        );
      }
      await attempt.succeeded();
      return startSession(userId);
    },
  );

  app.post('/logout', { onRequest: app.requireSession }, async (request, reply) => {
    await sessions.revoke(request.sessionId);
    return reply.code(204).send();
  });
};
