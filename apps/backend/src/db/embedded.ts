/** Embedded PostgreSQL (PGlite, WebAssembly) persisted in a directory: no server to run. */
import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Database, withTimeout } from './database';

export async function openEmbedded(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  // A new data directory starts from the initialized database packed at build time (much faster than initdb).
  const seed = join(__dirname, '..', 'pglite-seed.tgz');
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  const db = await PGlite.create(
    dataDir,
    fresh && existsSync(seed) ? { loadDataDir: new Blob([readFileSync(seed)]) } : {},
  );
  // PGlite runs one query at a time; serialize so concurrent requests queue instead of interleaving.
  let queue: Promise<unknown> = Promise.resolve();
  const run = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    kind: 'embedded',
    query: <T>(sql: string, params: unknown[] = []) => run(async () => (await db.query<T>(sql, params)).rows),
    exec: (sql: string) => run(async () => void (await db.exec(sql))),
    ping: (timeoutMs = 1500) =>
      withTimeout(
        run(() => db.query('select 1')),
        timeoutMs,
        'database ping',
      ).then(() => undefined),
    close: () => run(() => db.close()),
  };
}
