/**
 * A tool call in one human sentence ("Added task 3: Buy milk"): what the chips
 * show. Built only from the fields a person cares about, so ids of users and raw
 * JSON never reach the page.
 */
import { ToolCall } from './api-client';

const DONE: Record<string, string> = {
  add_task: 'Added',
  complete_task: 'Completed',
  delete_task: 'Deleted',
  update_task: 'Updated',
};
const ATTEMPT: Record<string, string> = {
  add_task: 'add a task',
  complete_task: 'complete',
  delete_task: 'delete',
  update_task: 'update',
  list_tasks: 'list tasks',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const taskNumber = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : undefined;

function listed(call: ToolCall): string | undefined {
  const tasks = Array.isArray(call.result)
    ? call.result
    : isObject(call.result) && Array.isArray(call.result.tasks)
      ? call.result.tasks
      : undefined;
  if (!tasks) return undefined;
  const status = call.arguments.status === 'pending' || call.arguments.status === 'completed';
  const more = isObject(call.result) && call.result.next_cursor ? ' (more available)' : '';
  const which = status ? `${call.arguments.status} ` : '';
  return `Listed ${tasks.length} ${which}task${tasks.length === 1 ? '' : 's'}${more}`;
}

function failed(call: ToolCall, reason: string): string {
  const id = taskNumber(call.arguments.task_id);
  const what = ATTEMPT[call.name] ?? 'finish that';
  return `Could not ${what}${id && call.name !== 'add_task' ? ` task ${id}` : ''}: ${reason}`;
}

export function summarizeToolCall(call: ToolCall): string {
  const result = call.result;
  if (isObject(result) && text(result.error)) return failed(call, text(result.error)!);
  if (call.name === 'list_tasks') return listed(call) ?? 'Listed tasks';
  const verb = DONE[call.name];
  if (!verb) return `Used ${call.name.replace(/_/g, ' ')}`;
  const id = isObject(result) ? taskNumber(result.task_id) : undefined;
  const title = isObject(result) ? text(result.title) : undefined;
  if (id === undefined) return `${verb} a task`;
  return title ? `${verb} task ${id}: ${title}` : `${verb} task ${id}`;
}
