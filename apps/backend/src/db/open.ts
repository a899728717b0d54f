import { Config } from '../config';
import { Database } from './database';
import { openEmbedded } from './embedded';
import { migrate } from './migrations';
import { openPostgres } from './postgres';

/** PostgreSQL when DATABASE_URL is set, else the embedded database; migrated either way. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openEmbedded(config.dataDir);
  await migrate(db);
  return db;
}
