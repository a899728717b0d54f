/** The databases every API test runs against: embedded PGlite, and a real PostgreSQL when installed. */
import { Client } from 'pg';
import { postgresAvailable, PostgresServer, startPostgres } from './postgres';

export const DATABASES = postgresAvailable() ? (['embedded', 'postgres'] as const) : (['embedded'] as const);

if (!postgresAvailable()) {
  console.warn(
    'SKIP: PostgreSQL is not installed (apt-get install postgresql): ' +
      'the real-PostgreSQL runs of the API tests are skipped.',
  );
}

let server: PostgresServer | undefined;
let starting: Promise<PostgresServer> | undefined;

/** undefined for the embedded database, else the URL of a PostgreSQL database of its own. */
export async function databaseUrlFor(kind: 'embedded' | 'postgres'): Promise<string | undefined> {
  if (kind === 'embedded') return undefined;
  starting ??= startPostgres().then((s) => (server = s));
  await starting;
  return server!.url;
}

export function stopPostgres(): void {
  server?.stop();
  server = undefined;
  starting = undefined;
}

let databases = 0;
/**
 * A new, empty database of the kind: undefined for embedded (each app gets a fresh directory), else
 * the URL of a new PostgreSQL database.
 */
export async function emptyDatabaseUrl(kind: 'embedded' | 'postgres'): Promise<string | undefined> {
  const base = await databaseUrlFor(kind);
  if (!base) return undefined;
  const name = `empty_${process.pid}_${++databases}`;
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}
