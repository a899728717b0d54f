import { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AccessTokenService } from '../auth/access-tokens';
import { forbidden } from '../errors';
import { chatRoutes, ChatRouteOptions } from './chat';
import { taskRoutes } from './tasks';
import { tokenRoutes } from './tokens';

/**
 * /api/{user_id}/...: one authentication for the whole scope (a signed-in session), and the path
 * must name the caller; the routes inside read request.userId and never check tokens themselves.
 */
export const userScope: FastifyPluginAsyncTypebox<
  ChatRouteOptions & { accessTokens: AccessTokenService }
> = async (app, { tasks, conversations, agent, accessTokens, metrics }) => {
  app.addHook('onRequest', app.requireSession);
  app.addHook('onRequest', async (request) => {
    if ((request.params as { user_id?: string }).user_id !== request.userId)
      throw forbidden('this token does not belong to that user');
  });
  await app.register(taskRoutes, { prefix: '/tasks', tasks });
  await app.register(tokenRoutes, { prefix: '/tokens', accessTokens });
  await app.register(chatRoutes, { tasks, conversations, agent, metrics });
};
