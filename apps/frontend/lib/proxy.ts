/**
 * Server-side forwarding to the backend. The browser only ever talks to this
 * origin; the token travels in an httpOnly cookie and is turned into an
 * Authorization header here, so page scripts never see it.
 */
export const TOKEN_COOKIE = 'todo_token';
export const USER_COOKIE = 'todo_user';

export function backendUrl(env: Record<string, string | undefined> = process.env): string {
  return (env.BACKEND_URL || 'http://127.0.0.1:8000').replace(/\/+$/, '');
}

/**
 * Request headers worth forwarding: content negotiation, MCP's own, and the client's address
 * (X-Forwarded-For, which Next.js sets from the connection when no proxy in front did), so the
 * backend's per-client limits see users rather than this server. Never cookies or hop-by-hop headers.
 */
export const FORWARDED_REQUEST_HEADERS = [
  'x-forwarded-for',
  'content-type',
  'accept',
  'mcp-protocol-version',
  'mcp-session-id',
  'last-event-id',
];
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'retry-after',
  'mcp-session-id',
  'cache-control',
  'www-authenticate',
];

/** The session cookie's token as an Authorization header value. */
export function bearer(token: string | undefined): string | undefined {
  return token ? `Bearer ${token}` : undefined;
}

export function upstreamHeaders(incoming: Headers, authorization: string | undefined): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value) headers.set(name, value);
  }
  if (authorization) headers.set('authorization', authorization);
  return headers;
}

export function downstreamHeaders(upstream: Headers): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}

/** The backend URL for a proxied path, or undefined when the path may not be proxied. */
export function upstreamUrl(base: string, segments: string[], search: string): string | undefined {
  // Sign-in goes through /auth/* (which sets the cookie); tokens never reach page scripts.
  if (segments.length === 0 || segments[0] === 'auth') return undefined;
  if (segments.some((s) => s === '..' || s === '.' || s.includes('/'))) return undefined;
  return `${base}/api/${segments.map(encodeURIComponent).join('/')}${search}`;
}

/** The session cookies' options; they last `maxAge` seconds, what the backend's token does (lib/session.ts). */
export function cookieOptions(secure: boolean, maxAge: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge };
}

export function jsonError(status: number, error: string, message: string): Response {
  return Response.json({ error, message }, { status });
}

/** The answer when the backend cannot be reached: the UI shows its outage state for a 502. */
export function unavailable(): Response {
  return jsonError(
    502,
    'backend_unavailable',
    'The service is unavailable right now. Please try again in a moment.',
  );
}

/**
 * Forwards one request to the backend with the given Authorization header value;
 * a backend that cannot be reached is a 502 with a clear message.
 */
export async function forward(
  url: string,
  request: Request,
  authorization: string | undefined,
): Promise<Response> {
  const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.arrayBuffer();
  let upstream: Response;
  try {
    upstream = await fetch(url, {
      method: request.method,
      headers: upstreamHeaders(request.headers, authorization),
      // An empty body is sent as none at all (no content-length: 0 for a bodiless PATCH).
      body: body?.byteLength ? body : undefined,
      signal: AbortSignal.timeout(30000),
      cache: 'no-store',
    });
  } catch {
    return unavailable();
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: downstreamHeaders(upstream.headers),
  });
}
