/** A PostgreSQL server (Neon or any other) through the pg driver; SSL as the URL says (sslmode=require). */
import { Pool, types } from 'pg';
import { Database, DatabaseUnavailableError, isConnectionFailure, withTimeout } from './database';

// COUNT(*) and BIGSERIAL come back as strings by default; our ids and counts fit in a JS number.
types.setTypeParser(20, (value) => Number(value));

export async function openPostgres(url: string): Promise<Database> {
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
    exec: async (sql: string) => void (await pool.query(sql)),
    ping: (timeoutMs = 1500) =>
      withTimeout(pool.query('select 1'), timeoutMs, 'database ping').then(() => undefined),
    close: () => pool.end(),
  };
}
