/** Process entry: configuration, database, HTTP server, graceful shutdown. */
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/open';

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
  const db = await openDatabase(config);
  const lifecycle = { draining: false };
  const app = await buildApp({ config, db, lifecycle });
  if (config.jwtSecretGenerated)
    app.log.warn(
      'JWT_SECRET is not set: using a random secret for this process; tokens stop working when it restarts',
    );
  app.log.info({ database: db.kind, agent: config.cohereApiKey ? 'cohere' : 'embedded' }, 'starting');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    // Kubernetes sends SIGTERM while it removes the pod from the Service's endpoints; keep
    // serving (readiness 503) until that has spread, so no request reaches a closed socket.
    const delay = signal === 'SIGTERM' ? config.shutdownDelayMs : 0;
    lifecycle.draining = true;
    app.log.info({ signal, delayMs: delay }, 'shutting down: draining, then finishing in-flight requests');
    await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      await app.close(); // stops listening, waits for in-flight requests
      await db.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
}

main().catch((error) => {
  console.error('todo-backend: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
