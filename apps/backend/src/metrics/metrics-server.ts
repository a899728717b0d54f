/**
 * The metrics listener: GET /metrics on a port of its own (METRICS_PORT), so the API port never
 * exposes them and a NetworkPolicy can open this port to the scraper alone.
 */
import Fastify, { FastifyInstance } from 'fastify';
import { AppMetrics } from './metrics';

export function buildMetricsServer(metrics: AppMetrics): FastifyInstance {
  const server = Fastify({ logger: false });
  server.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  return server;
}
