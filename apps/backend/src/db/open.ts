import { Config } from '../config';
import { Database } from './database';
import { describeEmbedded, openEmbedded } from './embedded';
import { migrate } from './migrations';
import { describePostgresUrl, openPostgres } from './postgres';

type DatabaseConfig = Pick<Config, 'databaseUrl' | 'dataDir'>;

/** PostgreSQL when DATABASE_URL is set, else the embedded database; migrated either way. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const db = config.databaseUrl ? openPostgres(config.databaseUrl) : await openEmbedded(config.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}

/** Where the database is, for log lines (never the password). */
export function describeDatabase(config: DatabaseConfig): string {
  return config.databaseUrl ? describePostgresUrl(config.databaseUrl) : describeEmbedded(config.dataDir);
}
