import { FastifyInstance } from 'fastify';
import { Database } from '../db/database';

/** Shared with the process entry: set while the server drains before shutting down. */
export interface Lifecycle {
  draining: boolean;
}

export function healthRoutes(app: FastifyInstance, db: Database, lifecycle: Lifecycle): void {
  // Liveness: the process serves requests. Never touches the database, so a database outage
  // makes the pod unready (no traffic) instead of restarting it.
  const healthSchema = {
    response: {
      200: { type: 'object', properties: { status: { type: 'string' }, timestamp: { type: 'string' } } },
    },
  };
  app.get('/health', { schema: healthSchema }, async () => ({
    status: 'healthy',
    timestamp: new Date().toISOString(),
  }));

  app.get('/ready', async (_request, reply) => {
    if (lifecycle.draining)
      return reply
        .code(503)
        .send({ status: 'not_ready', reason: 'shutting down', timestamp: new Date().toISOString() });
    try {
      await db.ping(1500);
      return { status: 'ready', database: db.kind, timestamp: new Date().toISOString() };
    } catch (error) {
      return reply
        .code(503)
        .send({
          status: 'not_ready',
          reason: `database unavailable: ${(error as Error).message}`,
          timestamp: new Date().toISOString(),
        });
    }
  });
}
