/**
 * A store for @fastify/rate-limit kept in the database, so a limit holds across every replica (an
 * attacker gains nothing by landing on another pod). Time comes from an injectable clock, so tests
 * can move past a window without waiting for it.
 */
import { setTimeout as wait } from 'node:timers/promises';
import { Database } from '../db/database';

export interface Clock {
  now(): number;
  /** Waits this long (the sign-in delay); a test's clock moves its time instead. */
  sleep(ms: number): Promise<void>;
}
export const systemClock: Clock = { now: () => Date.now(), sleep: (ms) => wait(ms) };

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result: Result) => void;

/** Expired counters are deleted every this many increments (they are harmless meanwhile: expiry is checked). */
const SWEEP_EVERY = 500;

export function databaseRateLimitStore(db: Database, clock: Clock) {
  let increments = 0;
  const settle = (promise: Promise<Result>, callback: Callback) =>
    promise.then(
      (result) => callback(null, result),
      (error: Error) => callback(error, { current: 0, ttl: 0 }),
    );

  return class DatabaseRateLimitStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = clock.now();
      const sweep = ++increments % SWEEP_EVERY === 0;
      const count = async (): Promise<Result> => {
        if (sweep) await db.query('DELETE FROM rate_limits WHERE window_ends_ms <= $1::bigint', [now]);
        const [row] = await db.query<{ count: number; window_ends_ms: number }>(
          `INSERT INTO rate_limits (key, count, window_ends_ms) VALUES ($1, 1, $2::bigint + $3::bigint)
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN rate_limits.window_ends_ms <= $2::bigint THEN 1 ELSE rate_limits.count + 1 END,
             window_ends_ms = CASE WHEN rate_limits.window_ends_ms <= $2::bigint
               THEN $2::bigint + $3::bigint ELSE rate_limits.window_ends_ms END
           RETURNING count, window_ends_ms`,
          [key, now, timeWindow],
        );
        return { current: Number(row.count), ttl: Number(row.window_ends_ms) - now };
      };
      settle(count(), callback);
    }

    read(key: string, callback: Callback): void {
      const now = clock.now();
      settle(
        db
          .query<{ count: number; window_ends_ms: number }>(
            'SELECT count, window_ends_ms FROM rate_limits WHERE key = $1 AND window_ends_ms > $2::bigint',
            [key, now],
          )
          .then(([row]) =>
            row
              ? { current: Number(row.count), ttl: Number(row.window_ends_ms) - now }
              : { current: 0, ttl: 0 },
          ),
        callback,
      );
    }

    /** Route-level limiters share the table; their keys keep them apart. */
    child(): DatabaseRateLimitStore {
      return this;
    }
  };
}
