/** Process configuration from the environment, checked once at start. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** PostgreSQL URL; undefined → embedded PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  jwtSecret: string;
  /** True when jwtSecret was generated for this process (tokens die with it). */
  jwtSecretGenerated: boolean;
  tokenTtlSeconds: number;
  cohereApiKey?: string;
  corsOrigins: string[];
  logLevel: string;
  production: boolean;
  /** On SIGTERM, keep serving this long (answering /ready with 503) before closing the listener. */
  shutdownDelayMs: number;
}

export class ConfigError extends Error {}

/** The shortest JWT_SECRET the backend accepts (deploy checks it before creating the Secret). */
export const JWT_SECRET_MIN_LENGTH = 16;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const port = Number(env.PORT ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(env.PORT)}`);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`,
    );
  const jwtSecret = env.JWT_SECRET?.trim();
  if (production && !jwtSecret) {
    throw new ConfigError(
      'JWT_SECRET is required when NODE_ENV=production (e.g. `openssl rand -hex 32`, stored in the app-secrets Secret)',
    );
  }
  if (jwtSecret && jwtSecret.length < JWT_SECRET_MIN_LENGTH)
    throw new ConfigError(`JWT_SECRET must be at least ${JWT_SECRET_MIN_LENGTH} characters`);
  const ttl = Number(env.TOKEN_TTL_SECONDS ?? 7 * 24 * 3600);
  if (!Number.isInteger(ttl) || ttl <= 0)
    throw new ConfigError(
      `TOKEN_TTL_SECONDS must be a positive integer, got ${JSON.stringify(env.TOKEN_TTL_SECONDS)}`,
    );
  const shutdownDelayMs = Number(env.SHUTDOWN_DELAY_MS ?? 5000);
  if (!Number.isInteger(shutdownDelayMs) || shutdownDelayMs < 0)
    throw new ConfigError(
      `SHUTDOWN_DELAY_MS must be a non-negative integer, got ${JSON.stringify(env.SHUTDOWN_DELAY_MS)}`,
    );
  return {
    shutdownDelayMs,
    host: env.HOST || '0.0.0.0',
    port,
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    dataDir: env.DATA_DIR || join(__dirname, '..', '.data'),
    jwtSecret: jwtSecret || randomBytes(32).toString('hex'),
    jwtSecretGenerated: !jwtSecret,
    tokenTtlSeconds: ttl,
    cohereApiKey: env.COHERE_API_KEY?.trim() || undefined,
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    logLevel,
    production,
  };
}
