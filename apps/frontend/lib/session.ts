/**
 * A new session as the browser gets it: the backend's token in httpOnly cookies that last exactly as long
 * as the token (its `expires_in`, which the backend takes from TOKEN_TTL_SECONDS, which the chart sets from
 * backend.tokenTtlSeconds), and only the user id in the body: page scripts never see the token.
 */
import { NextResponse } from 'next/server';
import type { SessionReply } from './api-types';
import { cookieOptions, TOKEN_COOKIE, USER_COOKIE } from './proxy';

export function sessionResponse(session: SessionReply, status: number, secure: boolean): NextResponse {
  const response = NextResponse.json({ user_id: session.user_id }, { status });
  const options = cookieOptions(secure, session.expires_in);
  response.cookies.set(TOKEN_COOKIE, session.token, options);
  response.cookies.set(USER_COOKIE, session.user_id, options);
  return response;
}
