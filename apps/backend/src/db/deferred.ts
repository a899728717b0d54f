/**
 * A database that is not there yet: the server listens (liveness, readiness with a reason) while
 * the real database is still being reached; until then every query fails as "unavailable" (503).
 */
import { Database, DatabaseUnavailableError, PoolStats } from './database';

export class DeferredDatabase implements Database {
  private target: Database | undefined;

  constructor(
    public readonly kind: Database['kind'],
    private readonly notReadyMessage: () => string,
  ) {}

  attach(database: Database): void {
    this.target = database;
  }

  get attached(): boolean {
    return this.target !== undefined;
  }

  private get db(): Database {
    if (!this.target) throw new DatabaseUnavailableError(this.notReadyMessage());
    return this.target;
  }

  async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.db.query<T>(sql, params);
  }

  async transaction(script: string): Promise<void> {
    return this.db.transaction(script);
  }

  async ping(timeoutMs?: number): Promise<void> {
    return this.db.ping(timeoutMs);
  }

  poolStats(): PoolStats | undefined {
    return this.target?.poolStats?.();
  }

  async close(): Promise<void> {
    await this.target?.close();
  }
}
