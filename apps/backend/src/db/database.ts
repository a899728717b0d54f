/** The one database interface the app uses; PGlite (embedded) and PostgreSQL implement it with the same SQL. */
export interface Database {
  readonly kind: 'embedded' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script (several statements, no parameters) in one transaction on one connection. */
  transaction(script: string): Promise<void>;
  /** Resolves when the database answers a trivial query within the timeout. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  /** How busy the connections are, for the metrics; read only when scraped. */
  poolStats?(): PoolStats | undefined;
}

export interface PoolStats {
  /** Connections open (embedded: its one connection). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

/** The database could not be reached (as opposed to rejecting a query). */
export class DatabaseUnavailableError extends Error {}

/**
 * Connection-level failures: network errors, timeouts, server shutdown (SQLSTATE 57P*), connection
 * exceptions (08*).
 */
export function isConnectionFailure(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = String((error as Error)?.message ?? '');
  return (
    /^(E[A-Z]+|57P\d\d|08...)$/.test(code) ||
    /Connection terminated|timeout exceeded|connect ECONNREFUSED/i.test(message)
  );
}
