import { cookies } from 'next/headers';
import { backendUrl, cookieOptions, jsonError, TOKEN_COOKIE, USER_COOKIE } from '@/lib/proxy';

export const dynamic = 'force-dynamic';

/**
 * POST /auth/login, /auth/signup: the backend issues the token, we keep it in httpOnly cookies.
 * POST /auth/logout clears them.
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ action: string }> },
): Promise<Response> {
  const { action } = await params;
  const jar = await cookies();
  if (action === 'logout') {
    jar.delete(TOKEN_COOKIE);
    jar.delete(USER_COOKIE);
    return new Response(null, { status: 204 });
  }
  if (action !== 'login' && action !== 'signup') return jsonError(404, 'not_found', 'no such auth action');
  let upstream: Response;
  try {
    upstream = await fetch(`${backendUrl()}/api/auth/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: await request.text(),
      cache: 'no-store',
      signal: AbortSignal.timeout(15000),
    });
  } catch {
    return jsonError(
      502,
      'backend_unavailable',
      'The service is unavailable right now. Please try again in a moment.',
    );
  }
  const body = await upstream
    .json()
    .catch(() => ({ error: 'bad_gateway', message: 'unexpected answer from the backend' }));
  if (!upstream.ok) return Response.json(body, { status: upstream.status });
  const secure =
    new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  jar.set(TOKEN_COOKIE, body.token, cookieOptions(secure));
  jar.set(USER_COOKIE, body.user_id, cookieOptions(secure));
  return Response.json({ user_id: body.user_id }, { status: upstream.status });
}
