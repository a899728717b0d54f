/**
 * Password guessing is throttled twice: per account (someone trying passwords for one email) and
 * per client (one address trying many accounts). Every attempt counts; once either limit is reached,
 * attempts are refused with 429 and Retry-After until its window ends, the right password included
 * (otherwise the answer would tell a guesser it found it). After the window, anyone gets in again.
 */
import { FastifyInstance, FastifyRequest } from 'fastify';
import { LoginThrottle } from '../config';
import { tooManyRequests } from '../errors';
import { AppMetrics } from '../metrics/metrics';
import { normalizeEmail } from './user-service';

function inWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** Counts a sign-in attempt for the account and the client; throws 429 when either is over its limit. */
export function loginThrottle(app: FastifyInstance, limits: LoginThrottle, metrics?: AppMetrics) {
  const perClient = app.createRateLimit({
    max: limits.maxPerClient,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `login:client:${request.ip}`,
  });
  const perAccount = app.createRateLimit({
    max: limits.maxPerAccount,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `login:account:${normalizeEmail((request.body as { email: string }).email)}`,
  });
  return async (request: FastifyRequest): Promise<void> => {
    const results = await Promise.all([perClient(request), perAccount(request)]);
    const exceeded = results.filter((r) => !r.isAllowed && r.isExceeded);
    if (exceeded.length === 0) return;
    if (metrics) for (const r of exceeded) metrics.loginThrottled(r === results[0] ? 'client' : 'account');
    const seconds = Math.max(1, ...exceeded.map((r) => (r.isAllowed ? 0 : r.ttlInSeconds)));
    const who =
      exceeded.length === 2 || exceeded[0] === results[1] ? 'for this account' : 'from your network';
    throw tooManyRequests(`too many sign-in attempts ${who}; try again in ${inWords(seconds)}`, seconds);
  };
}
