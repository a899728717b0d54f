/**
 * Sign-in throttling after OWASP ASVS V2.2 (anti-automation that resists lockout attacks):
 *
 * - per client (one address trying many accounts): every attempt counts; over the limit, 429;
 * - per account *and* client (one address guessing one account's password): every attempt counts;
 *   over the limit that client gets 429 for this account, the right password included (otherwise
 *   the answer would tell a guesser it found it), until the window ends;
 * - per account across all clients: failures only add a growing delay before the answer, never a
 *   refusal, so someone who knows an email cannot lock its owner out from another address.
 *
 * A failed sign-in says how many attempts are left once only a few are.
 */
import { FastifyInstance, FastifyRequest } from 'fastify';
import { LoginThrottle } from '../config';
import { Database } from '../db/database';
import { tooManyRequests } from '../errors';
import { AppMetrics } from '../metrics/metrics';
import { Clock } from './rate-limit-store';
import { normalizeEmail } from './user-service';

/** Defaults for the soft parts of the throttle. */
export const SOFT_DEFAULTS = {
  /** A failed sign-in names the attempts left once this many have failed. */
  warnAfter: 3,
  /** Failures of one account (from any client) before its answers are delayed. */
  delayAfter: 5,
  /** The first delay; it doubles with each further failure, up to delayMaxMs. */
  delayBaseMs: 250,
  delayMaxMs: 8000,
};

function inWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

export interface LoginAttempt {
  /** Waits out the account's delay, then counts the attempt; throws 429 when a limit is over. */
  before(): Promise<void>;
  /** After a wrong password: counts the failure; returns the attempts left for a warning, if few. */
  failed(): Promise<number | undefined>;
  /** After the right password: the account's failures are forgotten (no more delay). */
  succeeded(): Promise<void>;
}

/** The growing delay for an account with `failures` recent failures: 0 below the threshold. */
export function delayFor(failures: number, limits: LoginThrottle): number {
  const { delayAfter, delayBaseMs, delayMaxMs } = { ...SOFT_DEFAULTS, ...limits };
  if (failures < delayAfter) return 0;
  return Math.min(delayMaxMs, delayBaseMs * 2 ** (failures - delayAfter));
}

export function loginThrottle(
  app: FastifyInstance,
  limits: LoginThrottle,
  db: Database,
  clock: Clock,
  metrics?: AppMetrics,
) {
  const { warnAfter } = { ...SOFT_DEFAULTS, ...limits };
  const emailOf = (request: FastifyRequest) => normalizeEmail((request.body as { email: string }).email);
  const perClient = app.createRateLimit({
    max: limits.maxPerClient,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `login:client:${request.ip}`,
  });
  const perAccountAndClient = app.createRateLimit({
    max: limits.maxPerAccount,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `login:account:${emailOf(request)}:client:${request.ip}`,
  });
  // Failures of the account from anywhere, in the rate limit table (so every replica sees them).
  const failuresKey = (request: FastifyRequest) => `login:failures:${emailOf(request)}`;
  const failures = async (request: FastifyRequest) => {
    const [row] = await db.query<{ count: number }>(
      'SELECT count FROM rate_limits WHERE key = $1 AND window_ends_ms > $2::bigint',
      [failuresKey(request), clock.now()],
    );
    return row ? Number(row.count) : 0;
  };

  return (request: FastifyRequest): LoginAttempt => {
    let accountAndClient: { remaining: number } | undefined;
    return {
      async before() {
        const delay = delayFor(await failures(request), limits);
        if (delay > 0) await clock.sleep(delay);
        const [client, account] = await Promise.all([perClient(request), perAccountAndClient(request)]);
        accountAndClient = account.isAllowed ? undefined : account;
        const exceeded = [client, account].filter((r) => !r.isAllowed && r.isExceeded);
        if (exceeded.length === 0) return;
        if (metrics) for (const r of exceeded) metrics.loginThrottled(r === client ? 'client' : 'account');
        const seconds = Math.max(1, ...exceeded.map((r) => (r.isAllowed ? 0 : r.ttlInSeconds)));
        const who = exceeded.includes(account) ? 'for this account from your network' : 'from your network';
        throw tooManyRequests(`too many sign-in attempts ${who}; try again in ${inWords(seconds)}`, seconds);
      },
      async failed() {
        const now = clock.now();
        await db.query(
          `INSERT INTO rate_limits (key, count, window_ends_ms) VALUES ($1, 1, $2::bigint + $3::bigint)
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN rate_limits.window_ends_ms <= $2::bigint THEN 1 ELSE rate_limits.count + 1 END,
             window_ends_ms = CASE WHEN rate_limits.window_ends_ms <= $2::bigint
               THEN $2::bigint + $3::bigint ELSE rate_limits.window_ends_ms END`,
          [failuresKey(request), now, limits.windowMs],
        );
        const remaining = accountAndClient?.remaining;
        if (remaining === undefined || limits.maxPerAccount - remaining < warnAfter) return undefined;
        return remaining;
      },
      async succeeded() {
        await db.query('DELETE FROM rate_limits WHERE key = $1', [failuresKey(request)]);
      },
    };
  };
}
