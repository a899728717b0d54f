/** The databases every API test runs against: embedded PGlite, and a real PostgreSQL when installed. */
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
