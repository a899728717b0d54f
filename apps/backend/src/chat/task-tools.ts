/**
 * The five task tools, defined once: the MCP server exposes them, the chat agents call them. A
 * TaskTools instance is bound to one authenticated user, so no tool can reach another user's tasks.
 */
import { z } from 'zod';
import {
  DESCRIPTION_MAX,
  PAGE_LIMIT_MAX,
  Task,
  TASK_STATUSES,
  TaskPage,
  TaskStatus,
  TITLE_MAX,
} from '../schemas';
import { InvalidCursorError } from '../tasks/cursor';
import { TaskService } from '../tasks/task-service';

export class ToolError extends Error {}

const taskId = z
  .number()
  .int()
  .positive()
  .max(2147483647)
  .describe('The task number (task_id from add_task or list_tasks)');
const title = z.string().trim().min(1).max(TITLE_MAX);
const description = z.string().max(DESCRIPTION_MAX);

export const TOOL_SCHEMAS = {
  add_task: {
    description: 'Create a new task.',
    input: {
      title: title.describe('Task title'),
      description: description.optional().describe('Optional details'),
    },
  },
  list_tasks: {
    description:
      'List tasks by number, one page at a time (pass next_cursor back as cursor for the next page).',
    input: {
      status: z.enum(TASK_STATUSES).optional().describe('Which tasks (default all)'),
      limit: z.number().int().min(1).max(PAGE_LIMIT_MAX).optional().describe('Page size, 1-200 (default 50)'),
      cursor: z.string().min(1).max(100).optional().describe('next_cursor from the previous page'),
    },
  },
  complete_task: { description: 'Mark a task as completed.', input: { task_id: taskId } },
  delete_task: { description: 'Delete a task.', input: { task_id: taskId } },
  update_task: {
    description: "Change a task's title, description and/or completion (completed: false reopens it).",
    input: {
      task_id: taskId,
      title: title.optional().describe('New title'),
      description: description.optional().describe('New description'),
      completed: z.boolean().optional().describe('true marks it done, false reopens it'),
    },
  },
} as const;

export type ToolName = keyof typeof TOOL_SCHEMAS;
export const TOOL_NAMES = Object.keys(TOOL_SCHEMAS) as ToolName[];

export interface TaskChange {
  task_id: number;
  status: 'created' | 'completed' | 'deleted' | 'updated';
  title: string;
}

export type ToolResult = TaskChange | TaskPage;

function change(task: Task | undefined, id: number, status: TaskChange['status']): TaskChange {
  if (!task) throw new ToolError(`task ${id} not found`);
  return { task_id: task.id, status, title: task.title };
}

/** The tools, and read-only lookups (answered in SQL), for one authenticated user. */
export class TaskTools {
  constructor(
    private readonly tasks: TaskService,
    private readonly userId: string,
  ) {}

  async call(name: string, rawArgs: unknown): Promise<ToolResult> {
    const schema = TOOL_SCHEMAS[name as ToolName];
    if (!schema) throw new ToolError(`unknown tool ${JSON.stringify(name)}; tools: ${TOOL_NAMES.join(', ')}`);
    const parsed = z
      .object(schema.input)
      .strict()
      .safeParse(rawArgs ?? {});
    if (!parsed.success)
      throw new ToolError(
        `invalid arguments for ${name}: ${parsed.error.issues
          .map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`)
          .join('; ')}`,
      );
    const args = parsed.data as {
      title?: string;
      description?: string;
      status?: TaskStatus;
      limit?: number;
      cursor?: string;
      task_id?: number;
      completed?: boolean;
    };
    const id = args.task_id as number;
    switch (name as ToolName) {
      case 'add_task': {
        const task = await this.tasks.add(this.userId, args.title as string, args.description ?? '');
        return { task_id: task.id, status: 'created', title: task.title };
      }
      case 'list_tasks':
        try {
          return await this.tasks.list(this.userId, args);
        } catch (error) {
          if (error instanceof InvalidCursorError) throw new ToolError(error.message);
          throw error;
        }
      case 'complete_task':
        return change(await this.tasks.complete(this.userId, id), id, 'completed');
      case 'delete_task':
        return change(await this.tasks.delete(this.userId, id), id, 'deleted');
      case 'update_task':
        if (args.title === undefined && args.description === undefined && args.completed === undefined)
          throw new ToolError('update_task needs a title, a description or completed');
        return change(
          await this.tasks.update(this.userId, id, {
            title: args.title,
            description: args.description,
            completed: args.completed,
          }),
          id,
          'updated',
        );
    }
  }

  get(id: number): Promise<Task | undefined> {
    return this.tasks.get(this.userId, id);
  }

  count(): Promise<{ pending: number; completed: number }> {
    return this.tasks.count(this.userId);
  }

  /** Candidate tasks for a title given in words: titles containing any of the fragments. */
  search(fragments: string[]): Promise<Task[]> {
    return this.tasks.search(this.userId, fragments);
  }

  /** The task at a position among the user's tasks with that status, by number (-1: the last). */
  at(status: TaskStatus, position: number): Promise<Task | undefined> {
    return this.tasks.at(this.userId, status, position);
  }
}
