/** Tasks of one user at a time; REST, MCP and the chat agent all go through this. */
import { Database } from '../db/database';

export interface Task {
  id: number;
  title: string;
  description: string;
  completed: boolean;
  created_at: string;
  updated_at: string;
}

export type TaskStatus = 'all' | 'pending' | 'completed';
export const TASK_STATUSES: TaskStatus[] = ['all', 'pending', 'completed'];
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 1000;

interface TaskRow {
  id: number;
  title: string;
  description: string;
  completed: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = 'id, title, description, completed, created_at, updated_at';

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

export class TaskService {
  constructor(private readonly db: Database) {}

  async list(userId: string, status: TaskStatus = 'all'): Promise<Task[]> {
    const filter =
      status === 'pending' ? ' AND completed = false' : status === 'completed' ? ' AND completed = true' : '';
    const rows = await this.db.query<TaskRow>(
      `SELECT ${COLUMNS} FROM tasks WHERE user_id = $1${filter} ORDER BY id`,
      [userId],
    );
    return rows.map(toTask);
  }

  /** The task if it belongs to the user; another user's task is indistinguishable from a missing one. */
  async get(userId: string, taskId: number): Promise<Task | undefined> {
    const [row] = await this.db.query<TaskRow>(
      `SELECT ${COLUMNS} FROM tasks WHERE user_id = $1 AND id = $2`,
      [userId, taskId],
    );
    return row && toTask(row);
  }

  async add(userId: string, title: string, description = ''): Promise<Task> {
    const [row] = await this.db.query<TaskRow>(
      `INSERT INTO tasks (user_id, title, description) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [userId, title, description],
    );
    return toTask(row);
  }

  async update(
    userId: string,
    taskId: number,
    changes: { title?: string; description?: string; completed?: boolean },
  ): Promise<Task | undefined> {
    const [row] = await this.db.query<TaskRow>(
      `UPDATE tasks SET title = COALESCE($3, title), description = COALESCE($4, description), completed = COALESCE($5, completed), updated_at = now()
       WHERE user_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [userId, taskId, changes.title ?? null, changes.description ?? null, changes.completed ?? null],
    );
    return row && toTask(row);
  }

  complete(userId: string, taskId: number): Promise<Task | undefined> {
    return this.update(userId, taskId, { completed: true });
  }

  async delete(userId: string, taskId: number): Promise<Task | undefined> {
    const [row] = await this.db.query<TaskRow>(
      `DELETE FROM tasks WHERE user_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [userId, taskId],
    );
    return row && toTask(row);
  }
}
