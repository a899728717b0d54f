import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Security headers for every response, pages and API alike. */
const SECURITY_HEADERS = [
  // For browsers without CSP frame-ancestors (the pages' policy in proxy.ts says the same).
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server (node server.js) for the container image.
  output: 'standalone',
  // This app is its own npm project: trace files from here, not from the repository root.
  outputFileTracingRoot: dirname(fileURLToPath(import.meta.url)),
  // Build-time only; Next traces it because tsconfig.json exists, but the server never loads it.
  // sharp (and its @img binaries) serves next/image optimisation, which this app does not use.
  outputFileTracingExcludes: {
    '*': [
      'node_modules/typescript/**',
      'node_modules/@types/**',
      'node_modules/sharp/**',
      'node_modules/@img/**',
    ],
  },
  images: { unoptimized: true },
  // `next dev` serves its HMR and overlay resources to localhost only; the dev URL printed by
  // `npm run dev` may be opened as 127.0.0.1 too.
  allowedDevOrigins: ['127.0.0.1'],
  poweredByHeader: false,
  reactStrictMode: true,
  productionBrowserSourceMaps: false,
  // The pages' Content-Security-Policy is set in proxy.ts: it needs a fresh nonce per request.
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
