/** The HTTP application: routes, validation, errors, CORS. The process entry is server.ts. */
import cors from '@fastify/cors';
import Fastify, { FastifyError, FastifyInstance } from 'fastify';
import { UserService } from './auth/user-service';
import { ChatAgent } from './chat/agent';
import { CohereAgent } from './chat/cohere-agent';
import { ConversationStore } from './chat/conversation-store';
import { RuleAgent } from './chat/rule-agent';
import { Config } from './config';
import { Database, DatabaseUnavailableError } from './db/database';
import { HttpError } from './errors';
import { mcpRoutes } from './mcp/mcp-route';
import { authRoutes } from './routes/auth';
import { chatRoutes } from './routes/chat';
import { healthRoutes, Lifecycle } from './routes/health';
import { taskRoutes } from './routes/tasks';
import { TaskService } from './tasks/task-service';

export const BODY_LIMIT = 1024 * 1024;

export interface AppDeps {
  config: Config;
  db: Database;
  /** @default Cohere when config.cohereApiKey is set, else the embedded agent */
  agent?: ChatAgent;
  logger?: boolean | object;
  lifecycle?: Lifecycle;
}

export function chooseAgent(config: Config): ChatAgent {
  return config.cohereApiKey
    ? new CohereAgent({ apiKey: config.cohereApiKey, baseUrl: process.env.COHERE_BASE_URL })
    : new RuleAgent();
}

export async function buildApp({
  config,
  db,
  agent = chooseAgent(config),
  logger,
  lifecycle = { draining: false },
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: logger ?? {
      level: config.logLevel,
      // Tokens and cookies never reach the logs.
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    // Requests are logged once, on completion (see below), and never for probes.
    disableRequestLogging: true,
    // Probes are the hottest path and log nothing: they skip the per-request child logger.
    childLoggerFactory: (logger, bindings, options, rawReq) =>
      rawReq.url === '/health' || rawReq.url === '/ready' ? logger : logger.child(bindings, options),
    // No type coercion: a title sent as 42 is a client mistake, not the string "42".
    ajv: { customOptions: { allErrors: false, coerceTypes: false, removeAdditional: false } },
  });

  // Browsers reach the API through the frontend's same-origin proxy; CORS only when origins are configured.
  if (config.corsOrigins.length > 0)
    await app.register(cors, { origin: config.corsOrigins, credentials: true });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError)
      return reply.code(error.statusCode).send({ error: error.error, message: error.message });
    if (error instanceof DatabaseUnavailableError) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: 'service_unavailable', message: 'the database is unavailable; try again shortly' });
    }
    if (error.validation) return reply.code(400).send({ error: 'bad_request', message: error.message });
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const kind =
        status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
      return reply.code(status).send({ error: kind, message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal_error', message: 'something went wrong on our side' });
  });
  // One line per request; kubelet probes every few seconds would drown everything else.
  app.addHook('onResponse', (request, reply, done) => {
    if (request.url !== '/health' && request.url !== '/ready') {
      request.log.info(
        {
          method: request.method,
          url: request.url.split('?')[0],
          statusCode: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    }
    done();
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` }),
  );

  const tasks = new TaskService(db);
  healthRoutes(app, db, lifecycle);
  authRoutes(app, new UserService(db), { secret: config.jwtSecret, ttlSeconds: config.tokenTtlSeconds });
  taskRoutes(app, tasks, config.jwtSecret);
  chatRoutes(app, { tasks, conversations: new ConversationStore(db), agent, secret: config.jwtSecret });
  mcpRoutes(app, tasks, config.jwtSecret);
  return app;
}
