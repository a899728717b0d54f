/**
 * Tasks of one user at a time; REST, MCP and the chat agent all go through this. Task ids are per
 * user (1, 2, 3...), so every query names the user: another user's task is simply not found.
 */
import { Database } from '../db/database';
import { PAGE_LIMIT_DEFAULT, Task, TaskPage, TaskStatus } from '../schemas';
import { decodeCursor, encodeCursor } from './cursor';

interface TaskRow {
  id: number;
  title: string;
  description: string;
  completed: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = 'id, title, description, completed, created_at, updated_at';
const STATUS_FILTER: Record<TaskStatus, string> = {
  all: '',
  pending: ' AND completed = false',
  completed: ' AND completed = true',
};

function toTask(row: TaskRow): Task {
  return {
    id: Number(row.id),
    title: row.title,
    description: row.description,
    completed: row.completed,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

/** `%fragment%` for LIKE, with LIKE's wildcards in the fragment taken literally. */
const containing = (fragment: string) => `%${fragment.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;

export class TaskService {
  constructor(private readonly db: Database) {}

  /** One page, by id ascending; next_cursor is null on the last page. */
  async list(
    userId: string,
    {
      status = 'all',
      limit = PAGE_LIMIT_DEFAULT,
      cursor,
    }: { status?: TaskStatus; limit?: number; cursor?: string } = {},
  ): Promise<TaskPage> {
    const afterId = cursor ? decodeCursor(cursor) : 0;
    // One row more than asked tells whether there is a next page. The page comes back as one JSON
    // value: turning rows into JavaScript values is most of what a list costs in the embedded
    // database (measured: 0.50 ms for 51 rows, 0.25 ms as JSON).
    const [{ page }] = await this.db.query<{ page: string | null }>(
      `SELECT json_agg(t ORDER BY t.id)::text AS page FROM (
         SELECT ${COLUMNS} FROM tasks WHERE user_id = $1 AND id > $2${STATUS_FILTER[status]} ORDER BY id LIMIT $3
       ) AS t`,
      [userId, afterId, limit + 1],
    );
    const rows: TaskRow[] = page ? JSON.parse(page) : [];
    const tasks = rows.slice(0, limit).map(toTask);
    return { tasks, next_cursor: rows.length > limit ? encodeCursor(tasks[tasks.length - 1].id) : null };
  }

  async count(userId: string): Promise<{ pending: number; completed: number }> {
    const [row] = await this.db.query<{ pending: number; completed: number }>(
      `SELECT count(*) FILTER (WHERE NOT completed)::int AS pending, count(*) FILTER (WHERE completed)::int AS completed
       FROM tasks WHERE user_id = $1`,
      [userId],
    );
    return { pending: Number(row.pending), completed: Number(row.completed) };
  }

  /**
   * Tasks whose title contains any of the fragments (case-insensitive): those containing the most
   * fragments first, then pending before done; at most `limit`.
   */
  async search(userId: string, fragments: string[], limit = 100): Promise<Task[]> {
    if (fragments.length === 0) return [];
    const rows = await this.db.query<TaskRow>(
      `SELECT ${COLUMNS} FROM tasks WHERE user_id = $1 AND lower(title) LIKE ANY($2::text[])
       ORDER BY (SELECT count(*) FROM unnest($2::text[]) AS f(pattern) WHERE lower(title) LIKE f.pattern) DESC,
         completed, id
       LIMIT $3`,
      [userId, fragments.map(containing), limit],
    );
    return rows.map(toTask);
  }

  /** The task at a position among the user's tasks with that status, by id: 0 is the first, -1 the last. */
  async at(userId: string, status: TaskStatus, position: number): Promise<Task | undefined> {
    const [row] = await this.db.query<TaskRow>(
      `SELECT ${COLUMNS} FROM tasks WHERE user_id = $1${STATUS_FILTER[status]}
       ORDER BY id ${position < 0 ? 'DESC' : 'ASC'} OFFSET $2 LIMIT 1`,
      [userId, position < 0 ? -position - 1 : position],
    );
    return row && toTask(row);
  }

  /** The task if it belongs to the user; another user's task is indistinguishable from a missing one. */
  async get(userId: string, taskId: number): Promise<Task | undefined> {
    const [row] = await this.db.query<TaskRow>(
      `SELECT ${COLUMNS} FROM tasks WHERE user_id = $1 AND id = $2`,
      [userId, taskId],
    );
    return row && toTask(row);
  }

  /** Creates the task with the user's next number, in one statement (the counter row serializes concurrent adds). */
  async add(userId: string, title: string, description = ''): Promise<Task> {
    const [row] = await this.db.query<TaskRow>(
      `WITH next AS (UPDATE users SET last_task_id = last_task_id + 1 WHERE id = $1 RETURNING last_task_id)
       INSERT INTO tasks (user_id, id, title, description) SELECT $1, last_task_id, $2, $3 FROM next
       RETURNING ${COLUMNS}`,
      [userId, title, description],
    );
    if (!row) throw new Error(`user ${userId} does not exist`);
    return toTask(row);
  }

  async update(
    userId: string,
    taskId: number,
    changes: { title?: string; description?: string; completed?: boolean },
  ): Promise<Task | undefined> {
    const [row] = await this.db.query<TaskRow>(
      `UPDATE tasks SET title = COALESCE($3, title), description = COALESCE($4, description),
         completed = COALESCE($5, completed), updated_at = now()
       WHERE user_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [userId, taskId, changes.title ?? null, changes.description ?? null, changes.completed ?? null],
    );
    return row && toTask(row);
  }

  /** Completing a completed task leaves it as it is (updated_at included). */
  async complete(userId: string, taskId: number): Promise<Task | undefined> {
    const [row] = await this.db.query<TaskRow>(
      `UPDATE tasks SET completed = true, updated_at = CASE WHEN completed THEN updated_at ELSE now() END
       WHERE user_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [userId, taskId],
    );
    return row && toTask(row);
  }

  /** Reopening a pending task leaves it as it is (updated_at included), like complete. */
  async reopen(userId: string, taskId: number): Promise<Task | undefined> {
    const [row] = await this.db.query<TaskRow>(
      `UPDATE tasks SET completed = false, updated_at = CASE WHEN completed THEN now() ELSE updated_at END
       WHERE user_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [userId, taskId],
    );
    return row && toTask(row);
  }

  async delete(userId: string, taskId: number): Promise<Task | undefined> {
    const [row] = await this.db.query<TaskRow>(
      `DELETE FROM tasks WHERE user_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [userId, taskId],
    );
    return row && toTask(row);
  }
}
