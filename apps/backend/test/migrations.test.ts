/** Migrations: a database made by the first schema (global task ids) moves to per-user task numbers. */
import { expect } from 'expect';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Database } from '../src/db/database';
import { openEmbedded } from '../src/db/embedded';
import { migrate, MIGRATIONS } from '../src/db/migrations';
import { openPostgres } from '../src/db/postgres';
import { TaskService } from '../src/tasks/task-service';
import { DATABASES, emptyDatabaseUrl, stopPostgres } from './support/databases';

after(() => stopPostgres());

/** A new database with nothing in it, not even the bookkeeping table. */
async function emptyDatabase(kind: 'embedded' | 'postgres'): Promise<Database> {
  const url = await emptyDatabaseUrl(kind);
  return url ? openPostgres(url) : openEmbedded(mkdtempSync(join(tmpdir(), 'todo-mig-')));
}

for (const kind of DATABASES)
  describe(`migrations on ${kind}`, () => {
    test('tasks of a database made by the first schema get per-user numbers in creation order', async () => {
      const db = await emptyDatabase(kind);
      try {
        // Migration 1 is the first schema exactly as it shipped (applied migrations never change).
        await migrate(db, MIGRATIONS.slice(0, 1));
        for (const user of ['u-ann', 'u-ben', 'u-cy'])
          await db.query(
            "INSERT INTO users (id, email, password_hash) VALUES ($1, $1 || '@example.com', 'x')",
            [user],
          );
        // Global ids 1..6, interleaved between users; created_at decides the order, not the id.
        const rows: [string, string, string, boolean][] = [
          ['u-ann', 'ann first', '2025-01-01T10:00:00Z', false],
          ['u-ben', 'ben first', '2025-01-01T10:01:00Z', true],
          ['u-ann', 'ann third', '2025-01-03T10:00:00Z', false],
          ['u-ann', 'ann second', '2025-01-02T10:00:00Z', true],
          ['u-ben', 'ben second', '2025-01-02T10:00:00Z', false],
          ['u-ann', 'ann deleted', '2025-01-01T11:00:00Z', false],
        ];
        for (const [user, title, at, done] of rows)
          await db.query(
            'INSERT INTO tasks (user_id, title, completed, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)',
            [user, title, done, at],
          );
        await db.query("DELETE FROM tasks WHERE title = 'ann deleted'");
        const conversation = await db.query<{ id: number }>(
          "INSERT INTO conversations (user_id) VALUES ('u-ann') RETURNING id",
        );

        await migrate(db);

        const numbered = await db.query<{ user_id: string; id: number; title: string; completed: boolean }>(
          'SELECT user_id, id, title, completed FROM tasks ORDER BY user_id, id',
        );
        expect(numbered.map((r) => ({ ...r, id: Number(r.id) }))).toEqual([
          { user_id: 'u-ann', id: 1, title: 'ann first', completed: false },
          { user_id: 'u-ann', id: 2, title: 'ann second', completed: true },
          { user_id: 'u-ann', id: 3, title: 'ann third', completed: false },
          { user_id: 'u-ben', id: 1, title: 'ben first', completed: true },
          { user_id: 'u-ben', id: 2, title: 'ben second', completed: false },
        ]);
        const tasks = new TaskService(db);
        expect((await tasks.add('u-ann', 'ann new')).id).toBe(4);
        expect((await tasks.add('u-ben', 'ben new')).id).toBe(3);
        expect((await tasks.add('u-cy', 'cy new')).id).toBe(1);
        expect((await tasks.get('u-ann', 2))?.title).toBe('ann second');
        expect(await tasks.get('u-ben', 4)).toBeUndefined();
        // Other tables are untouched; each migration is recorded once, and running again changes nothing.
        expect(await db.query('SELECT id FROM conversations')).toEqual(conversation);
        await migrate(db);
        const applied = await db.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
        expect(applied.map((r) => Number(r.id))).toEqual(MIGRATIONS.map((m) => m.id));
        await expect(
          db.query("INSERT INTO tasks (user_id, id, title) VALUES ('u-ann', 1, 'duplicate number')"),
        ).rejects.toThrow(/duplicate key/);
      } finally {
        await db.close();
      }
    });

    test('a failing migration leaves nothing half-done', async () => {
      const db = await emptyDatabase(kind);
      try {
        const broken = [
          ...MIGRATIONS,
          { id: 99, name: 'broken', sql: 'CREATE TABLE half (id INT); SELECT * FROM nowhere;' },
        ];
        await expect(migrate(db, broken)).rejects.toThrow(/nowhere/);
        expect(await db.query("SELECT 1 FROM pg_tables WHERE tablename IN ('users', 'half')")).toEqual([]);
        // The same connection is usable again, and the good migrations apply.
        await migrate(db);
        expect((await db.query('SELECT id FROM schema_migrations')).length).toBe(MIGRATIONS.length);
      } finally {
        await db.close();
      }
    });
  });
