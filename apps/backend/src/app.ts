/** The HTTP application: plugins, authentication, routes. The process entry is server.ts. */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import jwt from '@fastify/jwt';
import rateLimit from '@fastify/rate-limit';
import { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { FastifyInstance } from 'fastify';
import { AccessTokenService } from './auth/access-tokens';
import { authentication } from './auth/authenticate';
import { Clock, databaseRateLimitStore, systemClock } from './auth/rate-limit-store';
import { SessionStore } from './auth/sessions';
import { UserService } from './auth/user-service';
import { ChatAgent } from './chat/agent';
import { CohereAgent } from './chat/cohere-agent';
import { ConversationStore } from './chat/conversation-store';
import { RuleAgent } from './chat/rule-agent/rule-agent';
import { Config } from './config';
import { Database } from './db/database';
import { installErrorHandling } from './http/errors';
import { loggingOptions } from './http/logging';
import { BACKEND_VERSION, installOpenApi } from './http/openapi';
import { installValidation } from './http/validation';
import { Lifecycle, readyLifecycle } from './lifecycle';
import { mcpRoutes } from './mcp/mcp-route';
import { recordRequestDurations } from './metrics/http-metrics';
import { AppMetrics } from './metrics/metrics';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { userScope } from './routes/user-scope';
import { TaskService } from './tasks/task-service';

export const BODY_LIMIT = 1024 * 1024;

export interface AppDeps {
  config: Config;
  db: Database;
  /** @default Cohere (falling back to the embedded agent) when config.cohereApiKey is set, else the embedded agent */
  agent?: ChatAgent;
  /** @default the configured pino logger; false for none */
  logger?: boolean;
  lifecycle?: Lifecycle;
  /** Time for the sign-in throttle's windows (tests move it forward instead of waiting). */
  clock?: Clock;
  /** Where to record the Prometheus metrics; none are recorded without it (METRICS_PORT unset). */
  metrics?: AppMetrics;
}

export function chooseAgent(config: Config): ChatAgent {
  const embedded = new RuleAgent();
  if (!config.cohereApiKey) return embedded;
  return new CohereAgent({
    apiKey: config.cohereApiKey,
    model: config.cohereModel,
    baseUrl: config.cohereBaseUrl,
    timeoutMs: config.cohereTimeoutMs,
    fallback: embedded,
  });
}

export async function buildApp({
  config,
  db,
  agent = chooseAgent(config),
  logger,
  lifecycle = readyLifecycle(),
  clock = systemClock,
  metrics,
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    ...loggingOptions(logger === false ? false : config.logLevel),
  }).withTypeProvider<TypeBoxTypeProvider>();

  if (metrics) recordRequestDurations(app, metrics);
  installValidation(app);
  installErrorHandling(app);
  await installOpenApi(app, BACKEND_VERSION);
  await app.register(helmet, { global: true });
  // Browsers reach the API through the frontend's same-origin proxy; CORS only when origins are configured.
  if (config.corsOrigins.length > 0)
    await app.register(cors, { origin: config.corsOrigins, credentials: true });
  await app.register(jwt, {
    secret: config.jwtSecret,
    sign: { algorithm: 'HS256' },
    verify: { algorithms: ['HS256'] },
  });
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(db, clock) });

  const tasks = new TaskService(db);
  // The embedded database lives in this process: nothing else can sign a session out.
  const sessions = new SessionStore(db, db.kind === 'embedded');
  const accessTokens = new AccessTokenService(db);
  await app.register(authentication, { sessions, accessTokens });

  await app.register(healthRoutes, { db, lifecycle });
  await app.register(authRoutes, {
    prefix: '/api/auth',
    users: new UserService(db),
    sessions,
    ttlSeconds: config.tokenTtlSeconds,
    throttle: config.loginThrottle,
    db,
    clock,
    metrics,
  });
  await app.register(userScope, {
    prefix: '/api/:user_id',
    tasks,
    conversations: new ConversationStore(db),
    agent,
    accessTokens,
    metrics,
  });
  await app.register(mcpRoutes, { prefix: '/mcp', tasks, metrics });
  return app;
}
