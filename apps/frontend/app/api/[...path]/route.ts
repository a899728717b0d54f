import { cookies } from 'next/headers';
import { backendUrl, bearer, forward, jsonError, TOKEN_COOKIE, upstreamUrl } from '@/lib/proxy';

export const dynamic = 'force-dynamic';

async function handle(
  request: Request,
  { params }: { params: Promise<{ path: string[] }> },
): Promise<Response> {
  const { path } = await params;
  const url = upstreamUrl(backendUrl(), path, new URL(request.url).search);
  if (!url) return jsonError(404, 'not_found', 'no such API route');
  return forward(url, request, bearer((await cookies()).get(TOKEN_COOKIE)?.value));
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
