/** Embedded PostgreSQL (PGlite, WebAssembly) persisted in a directory: no server to run. */
import { PGlite } from '@electric-sql/pglite';
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Database, withTimeout } from './database';

/**
 * The PGlite files live in a subdirectory of DATA_DIR, so DATA_DIR can be a volume's mount point
 * (which is never empty: ext4 puts lost+found there). A DATA_DIR that already holds a database at
 * its top level (the layout before the subdirectory) keeps being used where it is.
 */
export function embeddedDataDirectory(dataDir: string): string {
  return existsSync(join(dataDir, 'PG_VERSION')) ? dataDir : join(dataDir, 'pglite');
}

export const describeEmbedded = (dataDir: string) => `embedded database in ${embeddedDataDirectory(dataDir)}`;

/**
 * Why DATA_DIR cannot hold the embedded database, or undefined when it can. A directory that cannot
 * be made or written is not a passing outage but a deployment mistake (a read-only root filesystem,
 * a missing volume), so it is reported at once instead of retried.
 */
export function unwritableDataDirectory(dataDir: string): string | undefined {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return (
      `DATA_DIR ${dataDir} cannot hold the embedded database (${code}): ` +
      'mount a writable volume there (the Helm chart mounts its persistent volume at /data), ' +
      'or set DATABASE_URL'
    );
  }
}

/**
 * Postgres sizes its buffers for a server of its own (initdb's 128MB shared_buffers); inside the
 * backend's process, under the pod's 512Mi limit, they are WebAssembly memory that is never given
 * back. A one-connection embedded database of a to-do list needs far less.
 */
const MEMORY_SETTINGS = ['shared_buffers=16MB', 'wal_buffers=1MB', 'temp_buffers=2MB', 'work_mem=2MB'];

export async function openEmbedded(dataDir: string): Promise<Database> {
  const directory = embeddedDataDirectory(dataDir);
  mkdirSync(directory, { recursive: true });
  // A new data directory starts from the initialized database packed at build time (much faster than initdb).
  const seed = join(__dirname, '..', 'pglite-seed.tgz');
  const fresh = !existsSync(join(directory, 'PG_VERSION'));
  const db = await PGlite.create(directory, {
    startParams: [...PGlite.defaultStartParams, ...MEMORY_SETTINGS.flatMap((s) => ['-c', s])],
    ...(fresh && existsSync(seed) ? { loadDataDir: new Blob([readFileSync(seed)]) } : {}),
  });
  // PGlite runs one query at a time; serialize so concurrent requests queue instead of interleaving.
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0; // queries running or queued, for the metrics
  const run = <T>(task: () => Promise<T>): Promise<T> => {
    pending++;
    const next = queue.then(task, task).finally(() => pending--);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    kind: 'embedded',
    query: <T>(sql: string, params: unknown[] = []) => run(async () => (await db.query<T>(sql, params)).rows),
    transaction: (script: string) =>
      run(async () => {
        try {
          await db.exec(`BEGIN;\n${script}\nCOMMIT;`);
        } catch (error) {
          await db.exec('ROLLBACK;').catch(() => undefined);
          throw error;
        }
      }),
    ping: (timeoutMs = 1500) =>
      withTimeout(
        run(() => db.query('select 1')),
        timeoutMs,
        'database ping',
      ).then(() => undefined),
    close: () => run(() => db.close()),
    // One connection: busy while a query runs, the rest wait in the queue.
    poolStats: () => ({ total: 1, idle: pending === 0 ? 1 : 0, waiting: Math.max(0, pending - 1) }),
  };
}
