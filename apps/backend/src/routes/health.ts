import { FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { Database } from '../db/database';
import { Lifecycle } from '../lifecycle';

const now = () => new Date().toISOString();

/** Probes: no authentication, no request log, no security headers (kubelet reads only the status). */
export const healthRoutes: FastifyPluginAsyncTypebox<{ db: Database; lifecycle: Lifecycle }> = async (
  app,
  { db, lifecycle },
) => {
  // Liveness: the process serves requests. Never touches the database, so a database outage
  // makes the pod unready (no traffic) instead of restarting it.
  app.get(
    '/health',
    {
      helmet: false,
      schema: { response: { 200: Type.Object({ status: Type.String(), timestamp: Type.String() }) } },
    },
    async () => ({ status: 'healthy', timestamp: now() }),
  );

  const readiness = {
    200: Type.Object({ status: Type.Literal('ready'), database: Type.String(), timestamp: Type.String() }),
    503: Type.Object({ status: Type.Literal('not_ready'), reason: Type.String(), timestamp: Type.String() }),
  };
  app.get('/ready', { helmet: false, schema: { response: readiness } }, async (_request, reply) => {
    if (lifecycle.state !== 'ready')
      return reply.code(503).send({
        status: 'not_ready',
        reason: lifecycle.state === 'draining' ? 'shutting down' : (lifecycle.reason ?? 'starting'),
        timestamp: now(),
      });
    try {
      await db.ping(1500);
      return { status: 'ready' as const, database: db.kind, timestamp: now() };
    } catch (error) {
      return reply.code(503).send({
        status: 'not_ready',
        reason: `database unavailable: ${(error as Error).message}`,
        timestamp: now(),
      });
    }
  });
};
