import { FastifyInstance } from 'fastify';
import { issueToken } from '../auth/tokens';
import { UserService } from '../auth/user-service';

const credentials = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' },
    password: { type: 'string', minLength: 8, maxLength: 256 },
  },
} as const;

export function authRoutes(
  app: FastifyInstance,
  users: UserService,
  jwt: { secret: string; ttlSeconds: number },
): void {
  const token = (userId: string) => ({
    user_id: userId,
    token: issueToken(userId, jwt.secret, jwt.ttlSeconds),
  });

  app.post<{ Body: { email: string; password: string } }>(
    '/api/auth/signup',
    { schema: { body: credentials } },
    async (request, reply) => {
      const userId = await users.signup(request.body.email, request.body.password);
      return reply.code(201).send(token(userId));
    },
  );

  app.post<{ Body: { email: string; password: string } }>(
    '/api/auth/login',
    {
      schema: {
        body: {
          ...credentials,
          properties: {
            ...credentials.properties,
            password: { type: 'string', minLength: 1, maxLength: 256 },
          },
        },
      },
    },
    async (request) => token(await users.login(request.body.email, request.body.password)),
  );
}
