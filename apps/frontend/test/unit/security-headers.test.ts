/** The pages' Content-Security-Policy. */
import { expect } from 'expect';
import { describe, test } from 'node:test';
import { contentSecurityPolicy, newNonce } from '../../lib/security-headers';

describe('contentSecurityPolicy', () => {
  test('scripts only by nonce, no framing, nothing inline or evaluated in production', () => {
    const policy = contentSecurityPolicy('abc123');
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).toContain("style-src 'self' 'nonce-abc123'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  test("development allows React's eval-based tooling and the dev overlay's inline styles, only there", () => {
    const development = contentSecurityPolicy('n', true);
    expect(development).toContain("'strict-dynamic' 'unsafe-eval'");
    // A nonce would make the browser ignore 'unsafe-inline': the dev style-src has none.
    expect(development).toContain("style-src 'self' 'unsafe-inline';");
    // Scripts stay nonce-only even in development.
    expect(development).toContain("script-src 'self' 'nonce-n' 'strict-dynamic'");
    expect(development).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  test('nonces are fresh base64 of 128 bits', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
