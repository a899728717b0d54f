import { cookies } from 'next/headers';
import type { SessionReply } from '@/lib/api-types';
import {
  backendUrl,
  downstreamHeaders,
  jsonError,
  TOKEN_COOKIE,
  unavailable,
  USER_COOKIE,
} from '@/lib/proxy';
import { sessionResponse } from '@/lib/session';

export const dynamic = 'force-dynamic';

/** Calls the backend's auth API; undefined when it cannot be reached. */
async function backendAuth(
  action: string,
  init: { token?: string; body?: string; forwardedFor?: string | null },
) {
  try {
    return await fetch(`${backendUrl()}/api/auth/${action}`, {
      method: 'POST',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        // The client's address, for the backend's per-client sign-in limit (see lib/proxy.ts).
        ...(init.forwardedFor ? { 'x-forwarded-for': init.forwardedFor } : {}),
      },
      body: init.body,
      cache: 'no-store',
      signal: AbortSignal.timeout(15000),
    });
  } catch {
    return undefined;
  }
}

/** Ends the session: the backend revokes the token, and the cookies go whatever it answers. */
async function logout(): Promise<Response> {
  const jar = await cookies();
  const token = jar.get(TOKEN_COOKIE)?.value;
  jar.delete(TOKEN_COOKIE);
  jar.delete(USER_COOKIE);
  if (!token) return new Response(null, { status: 204 });
  const upstream = await backendAuth('logout', { token });
  if (!upstream) return unavailable();
  // 401: the token had expired or was revoked already, so the session is over too.
  if (upstream.ok || upstream.status === 401) return new Response(null, { status: 204 });
  const body = await upstream.json().catch(() => ({}));
  return jsonError(
    upstream.status,
    body.error ?? 'logout_failed',
    body.message ?? 'could not end the session',
  );
}

/** Signs in or up: the backend issues the token, which stays in httpOnly cookies (lib/session.ts). */
async function signIn(action: 'login' | 'signup', request: Request): Promise<Response> {
  const upstream = await backendAuth(action, {
    body: await request.text(),
    forwardedFor: request.headers.get('x-forwarded-for'),
  });
  if (!upstream) return unavailable();
  const body = await upstream
    .json()
    .catch(() => ({ error: 'bad_gateway', message: 'unexpected answer from the backend' }));
  // Errors pass through as they are: message, `field` and Retry-After included.
  if (!upstream.ok)
    return Response.json(body, { status: upstream.status, headers: downstreamHeaders(upstream.headers) });
  const secure =
    new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  return sessionResponse(body as SessionReply, upstream.status, secure);
}

/** POST /auth/login, /auth/signup and /auth/logout. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ action: string }> },
): Promise<Response> {
  const { action } = await params;
  if (action === 'logout') return logout();
  if (action === 'login' || action === 'signup') return signIn(action, request);
  return jsonError(404, 'not_found', 'no such auth action');
}
