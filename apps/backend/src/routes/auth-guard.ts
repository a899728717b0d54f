/** Bearer-token authentication for /api/{user_id}/... and /mcp. */
import { FastifyRequest } from 'fastify';
import { verifyToken } from '../auth/tokens';
import { forbidden, unauthorized } from '../errors';

/** The user id a request's bearer token proves; throws 401 otherwise. */
export function authenticate(request: FastifyRequest, secret: string): string {
  const header = request.headers.authorization;
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match) throw unauthorized('missing bearer token (Authorization: Bearer <token>)');
  const claims = verifyToken(match[1], secret);
  if (!claims) throw unauthorized('invalid or expired token');
  return claims.sub;
}

/** Like authenticate, and the token must belong to the user named in the path. */
export function authorizeUser(
  request: FastifyRequest<{ Params: { user_id: string } }>,
  secret: string,
): string {
  const userId = authenticate(request, secret);
  if (userId !== request.params.user_id) throw forbidden('this token does not belong to that user');
  return userId;
}
