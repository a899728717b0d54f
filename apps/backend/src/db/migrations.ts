/** The schema, as ordered migrations applied once each, identically on PGlite and PostgreSQL. */
import { Database } from './database';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** Applied migrations never change; a schema change is a new entry at the end. */
export const MIGRATIONS: Migration[] = [
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
  {
    id: 2,
    name: 'per-user task numbers',
    // Tasks are numbered 1, 2, 3... per user, in creation order; users.last_task_id hands out the next
    // number (numbers are never reused after a delete). The primary key becomes (user_id, id).
    sql: `
      ALTER TABLE users ADD COLUMN last_task_id INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE tasks ADD COLUMN user_task_id INTEGER;
      UPDATE tasks SET user_task_id = numbered.n
        FROM (SELECT id, row_number() OVER (PARTITION BY user_id ORDER BY created_at, id) AS n FROM tasks) AS numbered
        WHERE tasks.id = numbered.id;
      UPDATE users SET last_task_id = counts.n
        FROM (SELECT user_id, max(user_task_id) AS n FROM tasks GROUP BY user_id) AS counts
        WHERE users.id = counts.user_id;
      ALTER TABLE tasks DROP COLUMN id;
      ALTER TABLE tasks RENAME COLUMN user_task_id TO id;
      ALTER TABLE tasks ALTER COLUMN id SET NOT NULL;
      ALTER TABLE tasks ADD PRIMARY KEY (user_id, id);
      CREATE INDEX tasks_user_completed ON tasks(user_id, completed, id);
    `,
  },
  {
    id: 3,
    name: 'sessions',
    // One row per signed-in token (its jti); signing out deletes it, so the token stops working.
    sql: `
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        expires_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX sessions_user_id ON sessions(user_id);
    `,
  },
  {
    id: 4,
    name: 'personal access tokens',
    sql: `
      CREATE TABLE personal_access_tokens (
        id SERIAL PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        last_used_at TIMESTAMPTZ
      );
      CREATE INDEX personal_access_tokens_user_id ON personal_access_tokens(user_id, id);
    `,
  },
  {
    id: 5,
    name: 'rate limit counters',
    // Shared by every replica, so a limit holds however many pods answer; times in epoch milliseconds.
    sql: `
      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        window_ends_ms BIGINT NOT NULL
      );
    `,
  },
];

/** Any number, the same in every replica: pg_advisory_xact_lock serializes concurrent migrations on it. */
const MIGRATION_LOCK = 7361001;

/**
 * Applies the missing migrations in one transaction that first takes an advisory lock, so several
 * replicas starting at once against one database wait for each other instead of racing (even the
 * CREATE TABLE IF NOT EXISTS of the bookkeeping table is inside the lock).
 */
export async function migrate(db: Pick<Database, 'transaction'>, migrations = MIGRATIONS): Promise<void> {
  const steps = migrations.map(
    (m) => `
      DO $migrate$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM schema_migrations WHERE id = ${m.id}) THEN
          ${m.sql}
          INSERT INTO schema_migrations (id, name) VALUES (${m.id}, '${m.name.replace(/'/g, "''")}');
        END IF;
      END $migrate$;`,
  );
  await db.transaction(`
    SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});
    CREATE TABLE IF NOT EXISTS schema_migrations (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    ${steps.join('\n')}`);
}
