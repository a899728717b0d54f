// The production entry: Next.js's standalone server (server.js, in this directory in the image),
// stopped the way Kubernetes stops a pod. On SIGTERM the pod is being taken out of the Service's
// endpoints: keep serving for SHUTDOWN_DELAY_MS while that spreads and requests in flight finish,
// then exit 0. (Next.js on its own exits at once, with code 143.)
process.env.NEXT_MANUAL_SIG_HANDLE = 'true';
const drainMs = Number(process.env.SHUTDOWN_DELAY_MS ?? 3000);

let stopping = false;
const stop = (delayMs) => {
  if (stopping) return;
  stopping = true;
  console.log(`shutting down in ${delayMs} ms`);
  setTimeout(() => process.exit(0), delayMs);
};
process.on('SIGTERM', () => stop(drainMs));
process.on('SIGINT', () => stop(0));

await import(new URL('./server.js', import.meta.url).href);
