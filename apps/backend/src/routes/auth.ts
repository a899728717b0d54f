import { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { loginThrottle } from '../auth/login-throttle';
import { SessionStore } from '../auth/sessions';
import { UserService } from '../auth/user-service';
import { LoginThrottle } from '../config';
import { AppMetrics } from '../metrics/metrics';
import { ErrorBody, LoginBody, SessionReply, SignupBody } from '../schemas';

export interface AuthRouteOptions {
  users: UserService;
  sessions: SessionStore;
  ttlSeconds: number;
  throttle: LoginThrottle;
  metrics?: AppMetrics;
}

/** /api/auth: sign up, sign in (throttled per account and per client), sign out (revokes the session). */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, options) => {
  const { users, sessions, ttlSeconds } = options;
  const throttle = loginThrottle(app, options.throttle, options.metrics);

  const startSession = async (userId: string) => {
    const jti = await sessions.create(userId, ttlSeconds);
    return { user_id: userId, token: app.jwt.sign({ sub: userId, jti }, { expiresIn: ttlSeconds }) };
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
      await throttle(request);
      return startSession(await users.login(request.body.email, request.body.password));
    },
  );

  app.post('/logout', { onRequest: app.requireSession }, async (request, reply) => {
    await sessions.revoke(request.sessionId);
    return reply.code(204).send();
  });
};
