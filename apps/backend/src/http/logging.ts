/** Logging: one line per request on completion, nothing for probes, never a token or a cookie. */
import { FastifyReply, FastifyRequest, FastifyServerOptions, LogController } from 'fastify';

const isProbe = (url: string | undefined) => url === '/health' || url === '/ready';

/** kubelet probes every few seconds would drown everything else, so they log nothing. */
class RequestLog extends LogController {
  constructor() {
    super({ disableRequestLogging: (request: FastifyRequest) => isProbe(request.url) });
  }

  override incomingRequest(): void {
    // Logged once, on completion.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = {
      method: request.method,
      url: request.url.split('?')[0],
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) request.log.error({ ...line, err: error }, 'request');
    else request.log.info(line, 'request');
  }
}

export function loggingOptions(level: string | false): Partial<FastifyServerOptions> {
  return {
    logger:
      level === false
        ? false
        : {
            level,
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
              censor: '[redacted]',
            },
          },
    logController: new RequestLog(),
    // Probes are the hottest path: they skip the per-request child logger too.
    childLoggerFactory: (logger, bindings, options, rawReq) =>
      isProbe(rawReq.url) ? logger : logger.child(bindings, options),
  };
}
