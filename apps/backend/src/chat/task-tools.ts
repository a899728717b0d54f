/**
 * The five task tools, defined once: the MCP server exposes them, the chat
 * agents call them. Every call carries a user_id that must be the caller's own.
 */
import { z } from 'zod';
import { DESCRIPTION_MAX, Task, TaskService, TITLE_MAX } from '../tasks/task-service';

export class ToolError extends Error {}

const userId = z
  .string()
  .min(1)
  .describe('The id of the user whose tasks these are (must be the signed-in user)');
const taskId = z.number().int().positive().describe('The task id');
const title = z.string().trim().min(1).max(TITLE_MAX);
const description = z.string().max(DESCRIPTION_MAX);

export const TOOL_SCHEMAS = {
  add_task: {
    description: 'Create a new task.',
    input: {
      user_id: userId,
      title: title.describe('Task title'),
      description: description.optional().describe('Optional details'),
    },
  },
  list_tasks: {
    description: 'List tasks, optionally only pending or completed ones.',
    input: {
      user_id: userId,
      status: z.enum(['all', 'pending', 'completed']).optional().describe('Which tasks (default all)'),
    },
  },
  complete_task: { description: 'Mark a task as completed.', input: { user_id: userId, task_id: taskId } },
  delete_task: { description: 'Delete a task.', input: { user_id: userId, task_id: taskId } },
  update_task: {
    description: "Change a task's title and/or description.",
    input: {
      user_id: userId,
      task_id: taskId,
      title: title.optional().describe('New title'),
      description: description.optional().describe('New description'),
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

export type ToolResult = TaskChange | Task[];

/** Runs tools for one authenticated user. */
export class TaskTools {
  constructor(
    private readonly tasks: TaskService,
    private readonly callerId: string,
  ) {}

  async call(name: string, rawArgs: unknown): Promise<ToolResult> {
    const schema = TOOL_SCHEMAS[name as ToolName];
    if (!schema) throw new ToolError(`unknown tool ${JSON.stringify(name)}; tools: ${TOOL_NAMES.join(', ')}`);
    const parsed = z.object(schema.input).strict().safeParse(rawArgs);
    if (!parsed.success)
      throw new ToolError(
        `invalid arguments for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ')}`,
      );
    const args = parsed.data as Record<string, any>;
    if (args.user_id !== this.callerId) throw new ToolError('user_id does not match the authenticated user');
    switch (name as ToolName) {
      case 'add_task': {
        const task = await this.tasks.add(this.callerId, args.title, args.description ?? '');
        return { task_id: task.id, status: 'created', title: task.title };
      }
      case 'list_tasks':
        return this.tasks.list(this.callerId, args.status ?? 'all');
      case 'complete_task':
        return change(await this.tasks.complete(this.callerId, args.task_id), args.task_id, 'completed');
      case 'delete_task':
        return change(await this.tasks.delete(this.callerId, args.task_id), args.task_id, 'deleted');
      case 'update_task': {
        if (args.title === undefined && args.description === undefined)
          throw new ToolError('update_task needs a title or a description');
        return change(
          await this.tasks.update(this.callerId, args.task_id, {
            title: args.title,
            description: args.description,
          }),
          args.task_id,
          'updated',
        );
      }
    }
  }
}

function change(task: Task | undefined, id: number, status: TaskChange['status']): TaskChange {
  if (!task) throw new ToolError(`task ${id} not found`);
  return { task_id: task.id, status, title: task.title };
}
