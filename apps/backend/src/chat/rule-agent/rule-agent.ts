/**
 * The embedded agent: deterministic, offline, fast. It understands everyday phrasing for the task
 * operations (see intent.ts), acts through the five tools, and answers in a sentence. Lookups it
 * needs on the way (a count, a title search, "the first one") are single SQL queries, so it stays
 * quick with thousands of tasks. When it does not understand, it says what it did understand and
 * how to put the request.
 */
import { StoredMessage, Task, TaskPage, TaskStatus, TITLE_MAX, ToolCall } from '../../schemas';
import { AgentInput, AgentReply, ChatAgent } from '../agent';
import { TaskChange, TaskTools, ToolError } from '../task-tools';
import { Intent, parseIntent, POSITION_WORDS, Target } from './intent';
import { matchTitle, searchFragments, titleWords } from './matching';

/** Tasks shown per chat reply; "show more" pages on. */
export const LIST_LIMIT = 20;

const EXAMPLES =
  'Try "add buy milk", "show my tasks", "how many tasks are left?", "mark task 1 as done", ' +
  '"rename task 1 to \'buy oat milk\'" or "delete the milk task".';

const CAPABILITIES = 'I can add, list, count, complete, rename and delete tasks.';

type Operation = 'complete' | 'delete' | 'update';
const DOING: Record<Operation, { wish: string; example: string }> = {
  complete: { wish: 'mark a task as done', example: '"mark task 1 as done" or "I finished buy milk"' },
  delete: { wish: 'delete a task', example: '"delete task 1" or "delete the milk task"' },
  update: { wish: 'rename a task', example: '"rename task 1 to \'buy oat milk\'"' },
};
const VERB: Record<Operation, string> = { complete: 'complete', delete: 'delete', update: 'rename' };

const describe = (tasks: Task[]) =>
  tasks.map((t) => `#${t.id} ${t.title}${t.completed ? ' (done)' : ''}`).join('\n');
const quote = (text: string) => `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const positionName = (position: number) =>
  position < 0 ? 'last' : (POSITION_WORDS[position] ?? `#${position + 1}`);

/** Tool calls of the conversation's assistant messages, newest first. */
function* pastCalls(history: StoredMessage[]): Generator<ToolCall> {
  for (let i = history.length - 1; i >= 0; i--)
    if (history[i].role === 'assistant') yield* [...history[i].tool_calls].reverse();
}

const isPage = (result: unknown): result is TaskPage => Array.isArray((result as TaskPage)?.tasks);
const taskIdOf = (result: unknown) => (result as TaskChange)?.task_id;

interface Turn {
  tools: TaskTools;
  history: StoredMessage[];
  call: <T>(name: string, args: Record<string, unknown>) => Promise<T>;
}

export class RuleAgent implements ChatAgent {
  readonly name = 'embedded';
  async reply({ message, history, tools }: AgentInput): Promise<AgentReply> {
    const toolCalls: ToolCall[] = [];
    const call = async <T>(name: string, args: Record<string, unknown>): Promise<T> => {
      try {
        const result = await tools.call(name, args);
        toolCalls.push({ name, arguments: args, result });
        return result as T;
      } catch (error) {
        if (error instanceof ToolError)
          toolCalls.push({ name, arguments: args, result: { error: error.message } });
        throw error;
      }
    };
    try {
      return { response: await this.respond(parseIntent(message), { tools, history, call }), toolCalls };
    } catch (error) {
      if (error instanceof ToolError) return { response: `I couldn't do that: ${error.message}.`, toolCalls };
      throw error;
    }
  }

  private async respond(intent: Intent, turn: Turn): Promise<string> {
    switch (intent.kind) {
      case 'greeting':
        return `Hi! I keep your task list. ${EXAMPLES}`;
      case 'help':
        return `${CAPABILITIES} ${EXAMPLES}`;
      case 'thanks':
        return "You're welcome! Anything else for your list?";
      case 'acknowledgement':
        return 'Okay! Anything else?';
      case 'goodbye':
        return 'Bye! Your tasks are saved.';
      case 'add': {
        if (!intent.title)
          return 'I understood that you want to add a task, but not what it should say. Try: "add buy milk".';
        const added = await turn.call<TaskChange>('add_task', { title: intent.title.slice(0, TITLE_MAX) });
        return `Added task #${added.task_id}: "${added.title}".`;
      }
      case 'list':
        return this.list(turn, intent.status);
      case 'more':
        return this.more(turn);
      case 'count':
        return this.count(turn, intent.status);
      case 'complete':
      case 'delete':
      case 'update':
        return this.change(turn, intent);
      case 'status': {
        const task = await this.resolve(turn, intent.target, 'complete');
        if (typeof task === 'string') return task;
        return task.completed
          ? `Yes: task #${task.id} "${task.title}" is done.`
          : `Not yet: task #${task.id} "${task.title}" is still pending. ` +
              `Say "mark task ${task.id} as done" when it is.`;
      }
      case 'unknown':
        return this.notUnderstood(turn, intent.text);
    }
  }

  private async list(turn: Turn, status: TaskStatus, cursor?: string): Promise<string> {
    const page = await turn.call<TaskPage>('list_tasks', {
      status,
      limit: LIST_LIMIT,
      ...(cursor ? { cursor } : {}),
    });
    const label = status === 'all' ? '' : `${status} `;
    if (page.tasks.length === 0) {
      if (cursor) return 'That was all of them.';
      if (status === 'completed') return "You haven't completed any tasks yet.";
      return status === 'pending'
        ? 'You have no pending tasks. Nice!'
        : 'You have no tasks yet. Say "add buy milk" to add one.';
    }
    if (!page.next_cursor && !cursor)
      return `Your ${label}tasks (${page.tasks.length}):\n${describe(page.tasks)}`;
    const counts = await turn.tools.count();
    const total =
      status === 'pending'
        ? counts.pending
        : status === 'completed'
          ? counts.completed
          : counts.pending + counts.completed;
    const more = page.next_cursor ? '\nSay "show more" for the next ones.' : '';
    const range = `here #${page.tasks[0].id} to #${page.tasks[page.tasks.length - 1].id}`;
    return `Your ${label}tasks (${total} in all; ${range}):\n${describe(page.tasks)}${more}`;
  }

  private async more(turn: Turn): Promise<string> {
    for (const previous of pastCalls(turn.history)) {
      if (previous.name !== 'list_tasks' || !isPage(previous.result)) continue;
      if (!previous.result.next_cursor)
        return 'That was all of them. Say "show my tasks" to start from the top.';
      return this.list(turn, (previous.arguments.status as TaskStatus) ?? 'all', previous.result.next_cursor);
    }
    return 'There is no list to continue. Say "show my tasks" to see them.';
  }

  private async count(turn: Turn, status: TaskStatus): Promise<string> {
    const { pending, completed } = await turn.tools.count();
    const total = pending + completed;
    if (total === 0) return 'You have no tasks yet. Say "add buy milk" to add one.';
    if (status === 'pending')
      return pending === 0
        ? `You have no tasks left: all ${plural(total, 'task')} are done.`
        : `You have ${plural(pending, 'task')} left to do (${total} in all).`;
    if (status === 'completed') return `You've completed ${plural(completed, 'task')} (${total} in all).`;
    return `You have ${plural(total, 'task')}: ${pending} pending and ${completed} done.`;
  }

  private async change(turn: Turn, intent: Extract<Intent, { kind: Operation }>): Promise<string> {
    const operation = intent.kind;
    if (!intent.target)
      return (
        `I understood that you want to ${DOING[operation].wish}, but not which one. ` +
        `Which task? For example: ${DOING[operation].example}.`
      );
    const task = await this.resolve(turn, intent.target, operation);
    if (typeof task === 'string') return task;
    if (operation === 'complete') {
      if (task.completed) return `Task #${task.id} "${task.title}" is already done.`;
      const done = await turn.call<TaskChange>('complete_task', { task_id: task.id });
      return `Marked task #${done.task_id} "${done.title}" as complete. Nice work!`;
    }
    if (operation === 'delete') {
      const deleted = await turn.call<TaskChange>('delete_task', { task_id: task.id });
      return `Deleted task #${deleted.task_id} "${deleted.title}".`;
    }
    const newTitle = (intent as { title?: string }).title?.slice(0, TITLE_MAX);
    if (!newTitle)
      return (
        `I understood that you want to rename task #${task.id} "${task.title}", but not the new title. ` +
        `Try: "rename task ${task.id} to 'new title'".`
      );
    if (newTitle === task.title) return `Task #${task.id} is already called "${task.title}".`;
    const updated = await turn.call<TaskChange>('update_task', { task_id: task.id, title: newTitle });
    return `Updated task #${updated.task_id}: it is now "${updated.title}".`;
  }

  /** The task a target means, or a sentence saying why there is none. */
  private async resolve(
    { tools, history }: Turn,
    target: Target,
    operation: Operation,
  ): Promise<Task | string> {
    switch (target.kind) {
      case 'id':
        return (
          (await tools.get(target.id)) ??
          `Task #${target.id} doesn't exist. Say "show my tasks" to see their numbers.`
        );
      case 'previous': {
        for (const previous of pastCalls(history)) {
          const id =
            taskIdOf(previous.result) ??
            (isPage(previous.result) && previous.result.tasks.length === 1
              ? previous.result.tasks[0].id
              : undefined);
          if (typeof id === 'number') return (await tools.get(id)) ?? `Task #${id} doesn't exist any more.`;
        }
        return 'I am not sure which task you mean. Please say its number, e.g. "task 2".';
      }
      case 'position': {
        // The list the user is looking at, if this conversation showed one; else their tasks by number.
        for (const previous of pastCalls(history)) {
          if (previous.name !== 'list_tasks' || !isPage(previous.result)) continue;
          const shown = previous.result.tasks.at(target.position);
          if (!shown)
            return `The list I showed has ${plural(previous.result.tasks.length, 'task')}; which one do you mean?`;
          return (await tools.get(shown.id)) ?? `Task #${shown.id} doesn't exist any more.`;
        }
        const status = operation === 'complete' ? 'pending' : 'all';
        return (
          (await tools.at(status, target.position)) ??
          `You have no ${positionName(target.position)} ${status === 'pending' ? 'pending ' : ''}task.`
        );
      }
      case 'title': {
        const candidates = await tools.search(searchFragments(titleWords(target.text)));
        const match = matchTitle(target.text, candidates, { preferPending: operation === 'complete' });
        if ('task' in match) return match.task;
        if ('ambiguous' in match)
          return (
            `More than one task matches ${quote(target.text)}:\n${describe(match.ambiguous)}\n` +
            `Which one? Say its number, e.g. "${VERB[operation]} task ${match.ambiguous[0].id}".`
          );
        return `I couldn't find a task matching ${quote(target.text)}. Say "show my tasks" to see them.`;
      }
    }
  }

  private async notUnderstood({ tools }: Turn, text: string): Promise<string> {
    // Perhaps the message names a task without saying what to do with it.
    const match = matchTitle(text, await tools.search(searchFragments(titleWords(text))));
    if ('task' in match) {
      const { id, title } = match.task;
      return (
        `I found task #${id} "${title}", but not what to do with it. You can say ` +
        `"mark task ${id} as done", "rename task ${id} to '...'" or "delete task ${id}".`
      );
    }
    return `Sorry, I didn't understand ${quote(text)}. ${CAPABILITIES} ${EXAMPLES}`;
  }
}
