/**
 * The pages' Content-Security-Policy (the other security headers are static: next.config.mjs).
 * It carries a fresh nonce per request (set by proxy.ts): Next.js puts it on its
 * own inline and bundle scripts, and no other script may run. Everything else is
 * same-origin.
 */

/**
 * The policy for one page response. Development (`next dev` only) adds 'unsafe-eval', which React's
 * dev tooling needs, and lets Next.js's dev overlay inject its un-nonced <style> elements and style
 * attributes: 'unsafe-inline' without the nonce, since browsers ignore 'unsafe-inline' next to a nonce.
 * Production keeps styles to this origin and the nonce.
 */
export function contentSecurityPolicy(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts loaded by a trusted (nonced) script are trusted too, nothing else.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A nonce: 128 random bits, base64 (what CSP's nonce-source expects). */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
