import { cookies } from 'next/headers';
import { backendUrl, bearer, forward, TOKEN_COOKIE } from '@/lib/proxy';

export const dynamic = 'force-dynamic';

/**
 * MCP over streamable HTTP, forwarded to the backend. An external client's own
 * Authorization header (a personal access token) goes through as it is; without
 * one, the browser session's token is used.
 */
async function handle(request: Request): Promise<Response> {
  const authorization =
    request.headers.get('authorization') ?? bearer((await cookies()).get(TOKEN_COOKIE)?.value);
  return forward(`${backendUrl()}/mcp`, request, authorization);
}

export { handle as GET, handle as POST, handle as DELETE };
