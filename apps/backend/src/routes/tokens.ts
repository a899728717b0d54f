import { FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { AccessTokenService } from '../auth/access-tokens';
import { notFound } from '../errors';
import { AccessToken, AccessTokenParams, CreatedAccessToken, NewAccessToken, UserParams } from '../schemas';

/** /api/{user_id}/tokens: personal access tokens for external MCP clients (the token is shown once). */
export const tokenRoutes: FastifyPluginAsyncTypebox<{ accessTokens: AccessTokenService }> = async (
  app,
  { accessTokens },
) => {
  app.post(
    '/',
    { schema: { params: UserParams, body: NewAccessToken, response: { 201: CreatedAccessToken } } },
    async (request, reply) =>
      reply.code(201).send(await accessTokens.create(request.userId, request.body.name.trim())),
  );

  app.get(
    '/',
    { schema: { params: UserParams, response: { 200: Type.Array(AccessToken) } } },
    async (request) => accessTokens.list(request.userId),
  );

  app.delete('/:id', { schema: { params: AccessTokenParams } }, async (request, reply) => {
    if (!(await accessTokens.revoke(request.userId, request.params.id)))
      throw notFound(`access token ${request.params.id} not found`);
    return reply.code(204).send();
  });
};
