import { cookies } from 'next/headers';
import { backendUrl, forward } from '@/lib/proxy';
import { TOKEN_COOKIE } from '@/lib/proxy';

export const dynamic = 'force-dynamic';

/** MCP over streamable HTTP, forwarded to the backend with the session's token (or the caller's own bearer token). */
async function handle(request: Request): Promise<Response> {
  const token =
    request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ||
    (await cookies()).get(TOKEN_COOKIE)?.value;
  return forward(`${backendUrl()}/mcp`, request, token);
}

export { handle as GET, handle as POST, handle as DELETE };
