/** Request durations for every route, recorded once the response is sent. */
import { FastifyInstance } from 'fastify';
import { AppMetrics } from './metrics';

/**
 * Labels by the route's pattern (`/api/:user_id/tasks`), never the raw URL, so users and ids do
 * not multiply the series; requests that match no route share one label.
 */
export function recordRequestDurations(app: FastifyInstance, metrics: AppMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.request(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
