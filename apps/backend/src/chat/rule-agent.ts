/**
 * The embedded agent: deterministic, offline, fast. It understands everyday
 * phrasing for the five task operations, calls the tools, and answers in a
 * sentence; when it does not understand, it says so and gives examples.
 */
import { Task } from '../tasks/task-service';
import { AgentInput, AgentReply, ChatAgent } from './agent';
import { ToolCall } from './conversation-store';
import { TaskChange, ToolError } from './task-tools';

type Intent =
  | { kind: 'add'; title: string }
  | { kind: 'list'; status: 'all' | 'pending' | 'completed' }
  | { kind: 'complete' | 'delete'; target: Target }
  | { kind: 'update'; target: Target; title: string }
  | { kind: 'help' }
  | { kind: 'unknown' };

type Target = { id: number } | { words: string };

const HELP =
  'You can say things like "add a task to buy groceries", "show me my pending tasks", "what have I completed?", "mark task 3 as complete", "delete the meeting task" or "change task 1 to \'Call mom tonight\'".';

function clean(text: string): string {
  return text
    .trim()
    .replace(/^["'“‘]+|["'”’.!?]+$/g, '')
    .trim();
}

function target(text: string): Target | undefined {
  const id = text.match(/^(?:task\s*)?(?:number\s*|no\.?\s*)?#?(\d+)$/i) ?? text.match(/\btask\s*#?(\d+)\b/i);
  if (id) return { id: Number(id[1]) };
  const words = clean(text.replace(/^(?:the|my|a)\s+/i, '').replace(/\s+(?:task|item|todo|one)$/i, ''));
  return words ? { words } : undefined;
}

export function parseIntent(message: string): Intent {
  const text = message.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase().replace(/[?!.]+$/, '');
  if (/^(help|what can you do|hi|hello|hey)\b/.test(lower)) return { kind: 'help' };

  const update = text.match(/^(?:please\s+)?(?:change|update|rename|edit)\s+(.+?)\s+(?:to|into|as)\s+(.+)$/i);
  if (update) {
    const t = target(update[1]);
    if (t && clean(update[2])) return { kind: 'update', target: t, title: clean(update[2]) };
  }

  const complete =
    text.match(/^(?:please\s+)?(?:mark|set)\s+(.+?)\s+(?:as\s+)?(?:complete|completed|done|finished)$/i) ??
    text.match(/^(?:please\s+)?(?:complete|finish|check off|tick off)\s+(.+)$/i) ??
    text.match(/^(?:i(?:'ve| have)?\s+)?(?:finished|completed|done with)\s+(.+)$/i);
  if (complete) {
    const t = target(complete[1].replace(/[.!]$/, ''));
    if (t) return { kind: 'complete', target: t };
  }

  const remove = text.match(/^(?:please\s+)?(?:delete|remove|cancel|drop|get rid of)\s+(.+)$/i);
  if (remove) {
    const t = target(remove[1].replace(/[.!]$/, '').replace(/\s+from (?:my )?(?:list|tasks)$/i, ''));
    if (t) return { kind: 'delete', target: t };
  }

  const add =
    text.match(
      /^(?:please\s+)?(?:add|create|make|new)\s+(?:a\s+)?(?:new\s+)?(?:task|todo|to-do|reminder)\s*(?:to|for|:|called|named|-)?\s+(.+)$/i,
    ) ??
    text.match(/^(?:please\s+)?remind me to\s+(.+)$/i) ??
    text.match(/^(?:i need to|i have to|i must|don't let me forget to)\s+(.+)$/i) ??
    text.match(/^(?:please\s+)?add\s+(.+?)\s+to\s+(?:my\s+)?(?:list|tasks|todo list|to-do list)$/i);
  if (add && clean(add[1])) return { kind: 'add', title: clean(add[1]) };

  if (
    /\b(task|tasks|todo|todos|to-dos|list|pending|completed|done|finished|left|remaining)\b/.test(lower) &&
    /\b(show|list|what|which|see|display|view|have|my|any|how many)\b/.test(lower)
  ) {
    if (/\b(complet\w*|done|finished)\b/.test(lower)) return { kind: 'list', status: 'completed' };
    if (/\b(pending|open|incomplete|remaining|left|to do|outstanding|unfinished)\b/.test(lower))
      return { kind: 'list', status: 'pending' };
    return { kind: 'list', status: 'all' };
  }
  return { kind: 'unknown' };
}

function describe(tasks: Task[]): string {
  return tasks.map((t) => `#${t.id} ${t.title}${t.completed ? ' (done)' : ''}`).join('\n');
}

export class RuleAgent implements ChatAgent {
  readonly name = 'embedded';

  async reply({ userId, message, tools }: AgentInput): Promise<AgentReply> {
    const calls: ToolCall[] = [];
    const call = async <T>(name: string, args: Record<string, unknown>): Promise<T> => {
      const fullArgs = { user_id: userId, ...args };
      try {
        const result = await tools.call(name, fullArgs);
        calls.push({ name, arguments: fullArgs, result });
        return result as T;
      } catch (error) {
        if (error instanceof ToolError)
          calls.push({ name, arguments: fullArgs, result: { error: error.message } });
        throw error;
      }
    };
    const done = (response: string): AgentReply => ({ response, toolCalls: calls });

    const intent = parseIntent(message);
    try {
      switch (intent.kind) {
        case 'help':
          return done(`Hi! I keep your task list. ${HELP}`);
        case 'unknown':
          return done(`Sorry, I didn't understand that. ${HELP}`);
        case 'add': {
          const added = await call<TaskChange>('add_task', { title: intent.title.slice(0, 200) });
          return done(`Added task #${added.task_id}: "${added.title}".`);
        }
        case 'list': {
          const tasks = await call<Task[]>('list_tasks', { status: intent.status });
          const label = intent.status === 'all' ? '' : `${intent.status} `;
          if (tasks.length === 0)
            return done(
              intent.status === 'completed'
                ? "You haven't completed any tasks yet."
                : `You have no ${label}tasks.`,
            );
          return done(`Your ${label}tasks (${tasks.length}):\n${describe(tasks)}`);
        }
        case 'complete':
        case 'delete':
        case 'update': {
          const id = await this.resolve(intent.target, call);
          if (typeof id === 'string') return done(id);
          if (intent.kind === 'complete') {
            const r = await call<TaskChange>('complete_task', { task_id: id });
            return done(`Marked task #${r.task_id} "${r.title}" as complete. Nice work!`);
          }
          if (intent.kind === 'delete') {
            const r = await call<TaskChange>('delete_task', { task_id: id });
            return done(`Deleted task #${r.task_id} "${r.title}".`);
          }
          const newTitle = (intent as { title: string }).title.slice(0, 200);
          const r = await call<TaskChange>('update_task', { task_id: id, title: newTitle });
          return done(`Updated task #${r.task_id}: it is now "${r.title}".`);
        }
      }
    } catch (error) {
      if (error instanceof ToolError) {
        const missing = error.message.match(/^task (\d+) not found$/);
        return done(
          missing
            ? `Task #${missing[1]} doesn't exist. Say "show my tasks" to see their numbers.`
            : `I couldn't do that: ${error.message}.`,
        );
      }
      throw error;
    }
  }

  /** A task id, or a sentence explaining why there is none. */
  private async resolve(
    target: Target,
    call: <T>(name: string, args: Record<string, unknown>) => Promise<T>,
  ): Promise<number | string> {
    if ('id' in target) return target.id;
    const tasks = await call<Task[]>('list_tasks', { status: 'all' });
    const words = target.words
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w.length > 1);
    const matches = tasks.filter((t) => words.every((w) => t.title.toLowerCase().includes(w)));
    const open = matches.filter((t) => !t.completed);
    const chosen = open.length === 1 ? open : matches;
    if (chosen.length === 1) return chosen[0].id;
    if (chosen.length === 0)
      return `I couldn't find a task matching "${target.words}". Say "show my tasks" to see them.`;
    return `More than one task matches "${target.words}":\n${describe(chosen)}\nWhich one? Use its number, e.g. "task ${chosen[0].id}".`;
  }
}
