/** The schema, as ordered migrations applied once each, identically on PGlite and PostgreSQL. */
import { Database } from './database';

const MIGRATIONS: { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: 'users, tasks, conversations, messages',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE TABLE tasks (
        id SERIAL PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        completed BOOLEAN NOT NULL DEFAULT false,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX tasks_user_id ON tasks(user_id, id);
      CREATE TABLE conversations (
        id SERIAL PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX conversations_user_id ON conversations(user_id, id);
      CREATE TABLE messages (
        id SERIAL PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        content TEXT NOT NULL,
        tool_calls TEXT NOT NULL DEFAULT '[]',
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX messages_conversation_id ON messages(conversation_id, id);
    `,
  },
];

export async function migrate(db: Database): Promise<void> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
  );
  for (const migration of MIGRATIONS) {
    const name = migration.name.replace(/'/g, "''");
    // One script per migration: the advisory lock makes concurrent starts (several replicas) wait
    // for each other, and the whole migration commits or rolls back as one.
    await db.exec(`
      BEGIN;
      SELECT pg_advisory_xact_lock(7361001);
      DO $migrate$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM schema_migrations WHERE id = ${migration.id}) THEN
          ${migration.sql}
          INSERT INTO schema_migrations (id, name) VALUES (${migration.id}, '${name}');
        END IF;
      END $migrate$;
      COMMIT;`);
  }
}
