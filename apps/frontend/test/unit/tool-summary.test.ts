/** Tool chips: one human sentence per tool call, never user ids or raw JSON. */
import { expect } from 'expect';
import { describe, test } from 'node:test';
import { summarizeToolCall } from '../../lib/tool-summary';

const call = (name: string, args: Record<string, unknown>, result: unknown) => ({
  name,
  arguments: args,
  result,
});

describe('summarizeToolCall', () => {
  test('changes name the task by its number and title', () => {
    const result = { task_id: 3, status: 'created', title: 'Buy milk' };
    expect(summarizeToolCall(call('add_task', { title: 'Buy milk' }, result))).toBe('Added task 3: Buy milk');
    expect(summarizeToolCall(call('complete_task', { task_id: 3 }, { ...result, status: 'completed' }))).toBe(
      'Completed task 3: Buy milk',
    );
    expect(summarizeToolCall(call('delete_task', { task_id: 3 }, result))).toBe('Deleted task 3: Buy milk');
    expect(summarizeToolCall(call('update_task', { task_id: 3, title: 'x' }, result))).toBe(
      'Updated task 3: Buy milk',
    );
  });

  test('lists count the tasks, as an array or a page', () => {
    const tasks = [{ id: 1 }, { id: 2 }];
    expect(summarizeToolCall(call('list_tasks', { status: 'pending' }, tasks))).toBe(
      'Listed 2 pending tasks',
    );
    expect(summarizeToolCall(call('list_tasks', {}, { tasks: [{ id: 1 }], next_cursor: null }))).toBe(
      'Listed 1 task',
    );
    expect(summarizeToolCall(call('list_tasks', { status: 'all' }, { tasks, next_cursor: 'abc' }))).toBe(
      'Listed 2 tasks (more available)',
    );
  });

  test('failures say what could not be done and why', () => {
    expect(summarizeToolCall(call('complete_task', { task_id: 9 }, { error: 'task 9 not found' }))).toBe(
      'Could not complete task 9: task 9 not found',
    );
    expect(summarizeToolCall(call('add_task', { title: '' }, { error: 'title is empty' }))).toBe(
      'Could not add a task: title is empty',
    );
  });

  test('never shows user ids or JSON, whatever the arguments hold', () => {
    const leaky = call('add_task', { user_id: 'u-secret-42', title: 'x' }, { task_id: 1, title: 'x' });
    const unknown = call('export_everything', { user_id: 'u-secret-42' }, { rows: [1, 2] });
    for (const summary of [summarizeToolCall(leaky), summarizeToolCall(unknown)]) {
      expect(summary).not.toMatch(/u-secret-42|user_id|[{}[\]"]/);
    }
    expect(summarizeToolCall(unknown)).toBe('Used export everything');
  });
});
