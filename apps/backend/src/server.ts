/**
 * Process entry: configuration, HTTP server, database (reached with retries while the server
 * already answers probes), graceful shutdown.
 */
import { loadLanguage } from './chat/rule-agent/nlp';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { DeferredDatabase } from './db/deferred';
import { unwritableDataDirectory } from './db/embedded';
import { connectDatabase } from './db/startup';
import { Lifecycle } from './lifecycle';
import { buildMetricsServer } from './metrics/metrics-server';
import { AppMetrics } from './metrics/metrics';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`todo-backend: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const unwritable = config.databaseUrl ? undefined : unwritableDataDirectory(config.dataDir);
  if (unwritable) {
    console.error(`todo-backend: ${unwritable}`);
    process.exit(1);
  }
  const lifecycle: Lifecycle = { state: 'starting', reason: 'connecting to the database' };
  const db = new DeferredDatabase(
    config.databaseUrl ? 'postgres' : 'embedded',
    () => lifecycle.reason ?? 'starting',
  );
  const metrics = config.metricsPort === undefined ? undefined : new AppMetrics(db);
  const metricsServer = metrics && buildMetricsServer(metrics);
  const app = await buildApp({ config, db, lifecycle, metrics });
  if (config.jwtSecretGenerated)
    app.log.warn(
      'JWT_SECRET is not set: using a random secret for this process; tokens stop working when it restarts',
    );
  app.log.info(
    { database: db.kind, agent: config.cohereApiKey ? `cohere ${config.cohereModel}` : 'embedded' },
    'starting',
  );

  const stopConnecting = new AbortController();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    const started = Date.now();
    stopConnecting.abort();
    // Kubernetes sends SIGTERM while it removes the pod from the Service's endpoints; keep serving
    // (readiness 503) until that has spread, so no request reaches a closed socket. A pod that never
    // became ready gets no traffic, so it has nothing to wait for.
    const delay = signal === 'SIGTERM' && lifecycle.state === 'ready' ? config.shutdownDelayMs : 0;
    lifecycle.state = 'draining';
    app.log.info({ signal, delayMs: delay }, 'shutting down: draining, then finishing in-flight requests');
    await sleep(delay);
    try {
      await app.close(); // stops listening, closes idle connections, waits for in-flight requests
      await metricsServer?.close();
      await db.close();
      app.log.info({ ms: Date.now() - started }, 'shut down');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  if (metricsServer) {
    const address = await metricsServer.listen({ host: config.host, port: config.metricsPort });
    app.log.info({ address }, 'metrics: GET /metrics');
  }
  try {
    db.attach(
      await connectDatabase(config, {
        log: app.log,
        signal: stopConnecting.signal,
        onFailure: (reason) => (lifecycle.reason = reason),
      }),
    );
  } catch (error) {
    if (stopConnecting.signal.aborted) return; // shutting down while still connecting
    throw error;
  }
  if (lifecycle.state === 'starting') [lifecycle.state, lifecycle.reason] = ['ready', undefined];
  // The embedded agent's English library takes about a second to load: after readiness, not before.
  setImmediate(() => void loadLanguage());
}

main().catch((error) => {
  console.error('todo-backend: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
