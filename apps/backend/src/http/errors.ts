/** Every failure as {"error", "message"} (and "field" when one input is at fault) with the right status. */
import { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { DatabaseUnavailableError } from '../db/database';
import { badRequest, HttpError } from '../errors';
import { InvalidCursorError } from '../tasks/cursor';
import { validationError } from './validation';

const CLIENT_ERRORS: Record<number, string> = {
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

function send(reply: FastifyReply, error: HttpError) {
  return reply
    .code(error.statusCode)
    .headers(error.headers)
    .send({ error: error.error, message: error.message, ...(error.field ? { field: error.field } : {}) });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) return send(reply, error);
    if (error instanceof InvalidCursorError) return send(reply, badRequest(error.message, 'cursor'));
    if (error.validation) return send(reply, validationError(error as Required<FastifyError>));
    if (error instanceof DatabaseUnavailableError) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: 'service_unavailable', message: 'the database is unavailable; try again shortly' });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return reply
        .code(status)
        .send({ error: CLIENT_ERRORS[status] ?? 'bad_request', message: error.message });
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal_error', message: 'something went wrong on our side' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` }),
  );
}
