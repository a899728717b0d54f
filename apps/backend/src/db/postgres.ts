/** A PostgreSQL server (Neon or any other) through the pg driver; SSL as the URL says (sslmode=require). */
import { Pool, types } from 'pg';
import { Database, DatabaseUnavailableError, isConnectionFailure, withTimeout } from './database';

// COUNT(*) and BIGINT come back as strings by default; our ids, counts and epoch milliseconds fit in a JS number.
types.setTypeParser(20, (value) => Number(value));

export function openPostgres(url: string): Database {
  const pool = new Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 10000,
    query_timeout: 10000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params: unknown[] = []) => {
      try {
        return (await pool.query(sql, params)).rows as T[];
      } catch (error) {
        if (isConnectionFailure(error)) throw new DatabaseUnavailableError((error as Error).message);
        throw error;
      }
    },
    transaction: async (script: string) => {
      const client = await pool.connect();
      try {
        await client.query(`BEGIN;\n${script}\nCOMMIT;`);
        client.release();
      } catch (error) {
        // The connection may be left inside the failed transaction: drop it rather than reuse it.
        client.release(error as Error);
        throw error;
      }
    },
    ping: (timeoutMs = 1500) =>
      withTimeout(pool.query('select 1'), timeoutMs, 'database ping').then(() => undefined),
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

/** Where a DATABASE_URL points, for log lines: host, port and database, never the password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}/${decodeURIComponent(parsed.pathname.slice(1)) || 'postgres'}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
