import { cookies } from 'next/headers';
import { jsonError, TOKEN_COOKIE, USER_COOKIE } from '@/lib/proxy';

export const dynamic = 'force-dynamic';

/** Who is signed in (the token itself stays in its cookie). */
export async function GET(): Promise<Response> {
  const jar = await cookies();
  const userId = jar.get(USER_COOKIE)?.value;
  if (!userId || !jar.get(TOKEN_COOKIE)) return jsonError(401, 'unauthorized', 'not signed in');
  return Response.json({ user_id: userId });
}
