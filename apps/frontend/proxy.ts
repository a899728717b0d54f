import { NextRequest, NextResponse } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/lib/security-headers';

/**
 * Every page gets its own CSP nonce. Next.js reads the policy from the request
 * headers while rendering and stamps the nonce on its scripts; the browser gets
 * the same policy on the response.
 */
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(newNonce(), process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Pages only: JSON routes (/api, /auth, /mcp) and static files need no policy of their own.
  matcher: [
    {
      source: '/((?!api/|auth/|mcp$|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
