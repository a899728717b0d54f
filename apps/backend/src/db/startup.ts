/**
 * Reaching the database at start-up without crash-looping: the server already listens (so /health
 * answers and /ready says why it is not ready), and this keeps trying with backoff, one log line per
 * failed attempt naming where and why (an error code an operator or a tool can act on).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Config } from '../config';
import { Database } from './database';
import { describeDatabase, openDatabase } from './open';

export interface StartupLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** The code and text of a connection failure: ECONNREFUSED, ENOTFOUND, 28P01 (password authentication failed)... */
export function describeDatabaseError(error: unknown): { code: string; message: string } {
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  const inner = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : undefined;
  const pick = (key: 'code' | 'message') =>
    String((error as Record<string, unknown>)?.[key] || (inner as Record<string, unknown>)?.[key] || '');
  const message = pick('message') || String(error);
  const code = pick('code') || (/timeout|timed out/i.test(message) ? 'ETIMEDOUT' : 'UNKNOWN');
  return { code, message };
}

export async function connectDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'databaseRetry'>,
  options: {
    log: StartupLogger;
    /** Told the reason after each failed attempt (for /ready). */
    onFailure?: (reason: string) => void;
    signal?: AbortSignal;
    open?: typeof openDatabase;
  },
): Promise<Database> {
  const { log, onFailure, signal, open = openDatabase } = options;
  const where = describeDatabase(config);
  let delay = config.databaseRetry.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      const db = await open(config);
      log.info({ database: where, attempt }, `database ready at ${where}`);
      return db;
    } catch (error) {
      const { code, message } = describeDatabaseError(error);
      const reason = `database unavailable at ${where}: ${code} ${message}`;
      log.warn(
        { database: where, code, attempt, retryInMs: delay },
        `${reason} (attempt ${attempt}); retrying in ${(delay / 1000).toFixed(1)} s`,
      );
      onFailure?.(reason);
    }
    await sleep(delay, undefined, { signal });
    delay = Math.min(delay * 2, config.databaseRetry.maxDelayMs);
  }
}
