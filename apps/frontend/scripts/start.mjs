// Serves the standalone build (what the container runs), with its static assets in place.
import { cpSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const standalone = join(root, '.next', 'standalone');
// `next build` leaves static files and public/ beside the standalone server; it serves them from inside it.
// Copied on every start so a rebuild never serves stale chunks (a runtime image has them in place already).
if (existsSync(join(root, '.next', 'static')))
  cpSync(join(root, '.next', 'static'), join(standalone, '.next', 'static'), { recursive: true });
if (existsSync(join(root, 'public')))
  cpSync(join(root, 'public'), join(standalone, 'public'), { recursive: true });
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
process.env.PORT ??= '3000';
process.env.HOSTNAME ??= '0.0.0.0';
// The same entry as the image: server.js behind the SIGTERM handling Kubernetes expects.
cpSync(join(root, 'server-entry.mjs'), join(standalone, 'server-entry.mjs'));
await import(join(standalone, 'server-entry.mjs'));
