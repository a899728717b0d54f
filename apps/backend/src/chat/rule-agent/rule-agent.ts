/**
 * The embedded agent: deterministic, offline, fast. It understands everyday phrasing for the task
 * operations (see intent.ts), acts through the five tools, and answers in a sentence. Lookups it
 * needs on the way (a count, a title search, "the first one") are single SQL queries, so it stays
 * quick with thousands of tasks. When it does not understand, it says what it did understand and
 * how to put the request.
 */
import {
  PAGE_LIMIT_MAX,
  StoredMessage,
  Task,
  TaskPage,
  TaskStatus,
  TITLE_MAX,
  ToolCall,
} from '../../schemas';
import { AgentInput, AgentReply, ChatAgent } from '../agent';
import { TaskChange, TaskTools, ToolError } from '../task-tools';
import { Intent, parseIntent, POSITION_WORDS, Target } from './intent';
import { matchTitle, mentions, searchFragments, titleWords } from './matching';
import { loadLanguage } from './nlp';
import { shortenTitle } from './titles';

/** Tasks shown per chat reply; "show more" pages on. */
export const LIST_LIMIT = 20;

const EXAMPLES =
  'Try "add buy milk", "show my tasks", "how many tasks are left?", "mark task 1 as done", ' +
  '"rename task 1 to \'buy oat milk\'" or "delete the milk task".';

const CAPABILITIES = 'I can add, list, search, count, complete, reopen, rename and delete tasks.';

/** The help answer: what it does, and three ways to say it. */
const HELP =
  `${CAPABILITIES} Say it in your own words, for example: "remind me to call the dentist", ` +
  '"the milk is bought" (marks it done) or "anything about the passport?".';

/** Ends the question before deleting several tasks; the next "yes" answers it. */
const CONFIRM_DELETE = 'Say "yes" to delete them or "no" to keep them.';

type Operation = 'complete' | 'delete' | 'update' | 'reopen';
const DOING: Record<Operation, { wish: string; example: string }> = {
  complete: { wish: 'mark a task as done', example: '"mark task 1 as done" or "I finished buy milk"' },
  delete: { wish: 'delete a task', example: '"delete task 1" or "delete the milk task"' },
  update: { wish: 'rename a task', example: '"rename task 1 to \'buy oat milk\'"' },
  reopen: { wish: 'reopen a task', example: '"reopen task 1" or "the milk is not done yet"' },
};
const VERB: Record<Operation, string> = {
  complete: 'complete',
  delete: 'delete',
  update: 'rename',
  reopen: 'reopen',
};

/** What a reply says when a title was too long: where it was cut, and what was left out. */
const shortenedNote = (id: number, cut: { after: string; dropped: string }) =>
  `The title was longer than ${TITLE_MAX} characters, so I shortened it: it ends at "…${cut.after}" and ` +
  `leaves out "${cut.dropped.length > 80 ? `${cut.dropped.slice(0, 77)}...` : cut.dropped}". ` +
  `Say "rename task ${id} to '…'" to change it, and put the details in its description.`;

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
    await loadLanguage();
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
        return HELP;
      case 'thanks':
        return "You're welcome! Anything else for your list?";
      case 'acknowledgement':
        return 'Okay! Anything else?';
      case 'goodbye':
        return 'Bye! Your tasks are saved.';
      case 'wellbeing':
        return "I'm doing well, thanks for asking! What can I do for your list today?";
      case 'compliment':
        return "Thank you, that's kind of you! Anything else for your list?";
      case 'identity':
        return (
          "I'm the assistant for your task list: tell me in your own words what to add, find, complete, " +
          'reopen, rename or delete. Say "what can you do?" for examples.'
        );
      case 'apology':
        return 'No problem at all! What would you like to do with your list?';
      case 'confirm':
      case 'deny':
        return this.answer(turn, intent.kind === 'confirm');
      case 'add': {
        if (!intent.title)
          return 'I understood that you want to add a task, but not what it should say. Try: "add buy milk".';
        const { title, cut } = shortenTitle(intent.title);
        const added = await turn.call<TaskChange>('add_task', { title });
        return `Added task #${added.task_id}: "${added.title}".${cut ? ` ${shortenedNote(added.task_id, cut)}` : ''}`;
      }
      case 'search':
        return this.search(turn, intent.topic);
      case 'bulk':
        return intent.action === 'delete' ? this.askToDeleteCompleted(turn) : this.reopenCompleted(turn);
      case 'undo':
        return this.undo(turn);
      case 'list':
        return this.list(turn, intent.status);
      case 'more':
        return this.more(turn);
      case 'count':
        return this.count(turn, intent.status);
      case 'complete':
      case 'delete':
      case 'update':
      case 'reopen':
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
    if (operation === 'reopen') return this.reopen(turn, task);
    const wanted = (intent as { title?: string }).title;
    if (!wanted)
      return (
        `I understood that you want to rename task #${task.id} "${task.title}", but not the new title. ` +
        `Try: "rename task ${task.id} to 'new title'".`
      );
    const { title: newTitle, cut } = shortenTitle(wanted);
    if (newTitle === task.title) return `Task #${task.id} is already called "${task.title}".`;
    const updated = await turn.call<TaskChange>('update_task', { task_id: task.id, title: newTitle });
    return (
      `Updated task #${updated.task_id}: it is now "${updated.title}".` +
      (cut ? ` ${shortenedNote(updated.task_id, cut)}` : '')
    );
  }

  private async reopen(turn: Turn, task: Task): Promise<string> {
    if (!task.completed) return `Task #${task.id} "${task.title}" is not done: it is still pending.`;
    const reopened = await turn.call<TaskChange>('update_task', { task_id: task.id, completed: false });
    return `Reopened task #${reopened.task_id} "${reopened.title}": it is pending again.`;
  }

  /** Tasks whose titles share a word (by lemma) with the topic; never the whole list. */
  private async search({ tools }: Turn, topic: string): Promise<string> {
    const words = titleWords(topic);
    const about = quote(topic.replace(/^(?:the|my|a|an)\s+/i, ''));
    if (words.length === 0) return 'What should I look for? For example: "anything about the dentist?".';
    const found = (await tools.search(searchFragments(topic))).filter((task) => mentions(words, task.title));
    if (found.length === 0) return `I couldn't find anything about ${about} on your list.`;
    const shown = found.slice(0, LIST_LIMIT);
    const more = found.length > shown.length ? `\n(${found.length - shown.length} more)` : '';
    return `${found.length === 1 ? 'One task' : `${found.length} tasks`} about ${about}:\n${describe(shown)}${more}`;
  }

  /** Every completed task, page by page (each page a list_tasks call the next turn can read). */
  private async completedTasks(turn: Turn): Promise<Task[]> {
    const tasks: Task[] = [];
    let cursor: string | null = null;
    do {
      const page: TaskPage = await turn.call<TaskPage>('list_tasks', {
        status: 'completed',
        limit: PAGE_LIMIT_MAX,
        ...(cursor ? { cursor } : {}),
      });
      tasks.push(...page.tasks);
      cursor = page.next_cursor;
    } while (cursor);
    return tasks;
  }

  /** One completed task is deleted at once; more are listed with a question first. */
  private async askToDeleteCompleted(turn: Turn): Promise<string> {
    const done = await this.completedTasks(turn);
    if (done.length === 0) return 'You have no completed tasks, so there is nothing to delete.';
    if (done.length === 1) {
      const deleted = await turn.call<TaskChange>('delete_task', { task_id: done[0].id });
      return `Deleted your one completed task: #${deleted.task_id} "${deleted.title}".`;
    }
    const shown = done.slice(0, LIST_LIMIT);
    const more = done.length > shown.length ? `\n(and ${done.length - shown.length} more)` : '';
    return `Delete all ${done.length} completed tasks?\n${describe(shown)}${more}\n${CONFIRM_DELETE}`;
  }

  /** "yes" or "no" to the question just asked; without one, an acknowledgement. */
  private async answer(turn: Turn, yes: boolean): Promise<string> {
    const last = [...turn.history].reverse().find((m) => m.role === 'assistant');
    if (!last?.content.endsWith(CONFIRM_DELETE))
      return yes ? 'Okay! Anything else?' : 'Okay, nothing changed.';
    if (!yes) return 'Okay, I kept them: nothing was deleted.';
    // The tasks that were listed in the question, as long as they are still completed.
    const listed = last.tool_calls
      .filter((c) => c.name === 'list_tasks' && isPage(c.result))
      .flatMap((c) => (c.result as TaskPage).tasks.map((t) => t.id));
    const deleted: TaskChange[] = [];
    for (const id of listed) {
      const task = await turn.tools.get(id);
      if (task?.completed) deleted.push(await turn.call<TaskChange>('delete_task', { task_id: id }));
    }
    if (deleted.length === 0) return 'Those tasks are gone or no longer completed: nothing was deleted.';
    const names = deleted.slice(0, LIST_LIMIT).map((d) => `#${d.task_id} ${d.title}`);
    return `Deleted ${plural(deleted.length, 'completed task')}:\n${names.join('\n')}`;
  }

  private async reopenCompleted(turn: Turn): Promise<string> {
    const done = await this.completedTasks(turn);
    if (done.length === 0) return 'You have no completed tasks to reopen.';
    for (const task of done) await turn.call('update_task', { task_id: task.id, completed: false });
    return `Reopened ${plural(done.length, 'task')}: they are pending again.\n${describe(
      done.slice(0, LIST_LIMIT).map((t) => ({ ...t, completed: false })),
    )}`;
  }

  /** Reverses the conversation's last change where that can be done. */
  private async undo(turn: Turn): Promise<string> {
    for (const previous of pastCalls(turn.history)) {
      if (previous.name === 'list_tasks' || (previous.result as { error?: string })?.error) continue;
      const id = taskIdOf(previous.result);
      if (previous.name === 'complete_task') {
        const task = await turn.tools.get(id);
        return task ? this.reopen(turn, task) : `Task #${id} doesn't exist any more.`;
      }
      if (previous.name === 'add_task') {
        const deleted = await turn.call<TaskChange>('delete_task', { task_id: id });
        return `Undone: deleted task #${deleted.task_id} "${deleted.title}" again.`;
      }
      if (previous.name === 'update_task' && previous.arguments.completed === false) {
        const done = await turn.call<TaskChange>('complete_task', { task_id: id });
        return `Undone: task #${done.task_id} "${done.title}" is marked as done again.`;
      }
      return (
        `I can't undo that ${previous.name === 'delete_task' ? 'delete' : 'rename'} myself. ` +
        'Say what the task should be instead, e.g. "add …" or "rename task 1 to …".'
      );
    }
    return 'There is nothing to undo in this conversation yet.';
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
        const status = operation === 'complete' ? 'pending' : operation === 'reopen' ? 'completed' : 'all';
        return (
          (await tools.at(status, target.position)) ??
          `You have no ${positionName(target.position)} ${status === 'all' ? '' : `${status} `}task.`
        );
      }
      case 'title': {
        const candidates = await tools.search(searchFragments(target.text));
        const match = matchTitle(target.text, candidates, {
          prefer: operation === 'complete' ? 'pending' : operation === 'reopen' ? 'completed' : undefined,
        });
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
    const match = matchTitle(text, await tools.search(searchFragments(text)));
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
