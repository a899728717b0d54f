/** Process configuration: the only place that reads the environment; checked once at start. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** The shortest JWT_SECRET accepted (HS256 keys shorter than this are guessable). Tools import it from here. */
export const JWT_SECRET_MIN_LENGTH = 16;
/** A current Cohere model with tool use. */
export const DEFAULT_COHERE_MODEL = 'command-a-03-2025';
/** What the backend uses when a setting is not given (the Helm chart's defaults come from here). */
export const DEFAULTS = {
  port: 8000,
  logLevel: 'info',
  tokenTtlSeconds: 7 * 24 * 3600,
  shutdownDelayMs: 5000,
} as const;
/**
 * The sign-in token lifetimes accepted, in seconds: a minute to a year. The chart's
 * `backend.tokenTtlSeconds` takes its range from here; the frontend's cookie lasts what the token does.
 */
export const TOKEN_TTL_RANGE = { min: 60, max: 365 * 24 * 3600 } as const;

export interface LoginThrottle {
  /** Failed sign-ins allowed per account (email) within a window. */
  maxPerAccount: number;
  /** Failed sign-ins allowed per client (IP address) within a window. */
  maxPerClient: number;
  windowMs: number;
}

export interface Config {
  host: string;
  port: number;
  /** Where GET /metrics (Prometheus) listens, on the same host; undefined → no metrics. */
  metricsPort?: number;
  /** PostgreSQL URL; undefined → embedded PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  jwtSecret: string;
  /** True when jwtSecret was generated for this process (tokens die with it). */
  jwtSecretGenerated: boolean;
  tokenTtlSeconds: number;
  cohereApiKey?: string;
  cohereModel: string;
  /** Another Cohere-compatible endpoint (a proxy, or a local fake in tests); undefined → api.cohere.com. */
  cohereBaseUrl?: string;
  /** Budget for one chat turn with Cohere, all its steps together; past it the embedded agent answers. */
  cohereTimeoutMs: number;
  corsOrigins: string[];
  /** Fastify's trustProxy: whether (or from which addresses/CIDRs) to believe X-Forwarded-For. */
  trustProxy: boolean | string[];
  logLevel: string;
  production: boolean;
  /** On SIGTERM, keep serving this long (answering /ready with 503) before closing the listener. */
  shutdownDelayMs: number;
  loginThrottle: LoginThrottle;
  /** Start-up retries while the database is unreachable: the first delay, doubled up to the maximum. */
  databaseRetry: { initialDelayMs: number; maxDelayMs: number };
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  const value = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function trustProxy(raw: string | undefined): Config['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const logLevel = env.LOG_LEVEL || DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`,
    );
  const jwtSecret = env.JWT_SECRET?.trim();
  if (production && !jwtSecret) {
    throw new ConfigError(
      'JWT_SECRET is required when NODE_ENV=production ' +
        '(e.g. `openssl rand -hex 32`, stored in the app-secrets Secret)',
    );
  }
  if (jwtSecret && jwtSecret.length < JWT_SECRET_MIN_LENGTH)
    throw new ConfigError(`JWT_SECRET must be at least ${JWT_SECRET_MIN_LENGTH} characters`);
  const port = integer(env, 'PORT', DEFAULTS.port, 0, 65535);
  const metricsPort = env.METRICS_PORT?.trim() ? integer(env, 'METRICS_PORT', 0, 0, 65535) : undefined;
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port)
    throw new ConfigError(
      `METRICS_PORT must differ from PORT (both ${port}): /metrics has a port of its own`,
    );
  return {
    host: env.HOST || '0.0.0.0',
    port,
    metricsPort,
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    dataDir: env.DATA_DIR || join(__dirname, '..', '.data'),
    jwtSecret: jwtSecret || randomBytes(32).toString('hex'),
    jwtSecretGenerated: !jwtSecret,
    tokenTtlSeconds: integer(
      env,
      'TOKEN_TTL_SECONDS',
      DEFAULTS.tokenTtlSeconds,
      TOKEN_TTL_RANGE.min,
      TOKEN_TTL_RANGE.max,
    ),
    cohereApiKey: env.COHERE_API_KEY?.trim() || undefined,
    cohereModel: env.COHERE_MODEL?.trim() || DEFAULT_COHERE_MODEL,
    cohereBaseUrl: env.COHERE_BASE_URL?.trim() || undefined,
    cohereTimeoutMs: 15_000,
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    trustProxy: trustProxy(env.TRUST_PROXY),
    logLevel,
    production,
    shutdownDelayMs: integer(env, 'SHUTDOWN_DELAY_MS', DEFAULTS.shutdownDelayMs, 0, 10 * 60 * 1000),
    loginThrottle: { maxPerAccount: 10, maxPerClient: 50, windowMs: 15 * 60 * 1000 },
    databaseRetry: { initialDelayMs: 500, maxDelayMs: 10_000 },
  };
}
