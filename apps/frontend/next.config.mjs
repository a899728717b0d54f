import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  poweredByHeader: false,
  reactStrictMode: true,
  productionBrowserSourceMaps: false,
};

export default nextConfig;
