/**
 * The embedded agent against a table of everyday phrasings and at scale, and the Cohere agent
 * against a local fake of Cohere's API (including falling back to the embedded agent).
 */
import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { chooseAgent } from '../src/app';
import { AgentInput, ChatAgent } from '../src/chat/agent';
import { CohereAgent, FALLBACK_NOTE, INTERRUPTED_NOTE } from '../src/chat/cohere-agent';
import { stem } from '../src/chat/rule-agent/language';
import { matchTitle } from '../src/chat/rule-agent/matching';
import { RuleAgent } from '../src/chat/rule-agent/rule-agent';
import { TaskTools } from '../src/chat/task-tools';
import { DEFAULT_COHERE_MODEL, loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { StoredMessage, Task } from '../src/schemas';
import { TaskService } from '../src/tasks/task-service';
import { PHRASINGS, Phrasing } from './data/phrasings';
import { HELD_OUT } from './data/phrasings-held-out';
import { startApp, TestApp } from './support/app';
import { freePort } from './support/server';

const silent = { warn: () => undefined, info: () => undefined };

/** A user straight in the database (no password hashing: these tests never sign in). */
async function newUser(db: Database): Promise<string> {
  const id = randomUUID();
  await db.query("INSERT INTO users (id, email, password_hash) VALUES ($1, $2, 'x')", [
    id,
    `${id}@example.com`,
  ]);
  return id;
}

/** Sends messages in one conversation, keeping the history as the chat route does. */
function conversation(agent: ChatAgent, tools: TaskTools) {
  const history: StoredMessage[] = [];
  return async (message: string) => {
    const reply = await agent.reply({ message, history: [...history], tools, log: silent });
    const at = new Date().toISOString();
    history.push(
      { id: history.length + 1, role: 'user', content: message, tool_calls: [], created_at: at },
      {
        id: history.length + 2,
        role: 'assistant',
        content: reply.response,
        tool_calls: reply.toolCalls,
        created_at: at,
      },
    );
    return reply;
  };
}

describe('embedded agent: word forms and title matching', () => {
  test('forms of a word share a stem', () => {
    for (const forms of [
      ['pay', 'paying', 'paid', 'pays'],
      ['bill', 'bills'],
      ['grocery', 'groceries'],
      ['finish', 'finished', 'finishing'],
      ['make', 'making', 'made'],
      ['shop', 'shopping', 'shopped'],
      ['call', 'calling', 'called'],
    ])
      expect(new Set(forms.map(stem)).size).toBe(1);
    expect(stem('need')).not.toBe(stem('ne'));
  });

  const task = (id: number, title: string, completed = false): Task => ({
    id,
    title,
    completed,
    description: '',
    created_at: '',
    updated_at: '',
  });
  test('titles match by stems, tolerate a typo, and a shared verb alone is not a match', () => {
    const tasks = [task(1, 'Pay the electricity bill'), task(2, 'Buy milk'), task(3, 'Buy bread')];
    expect(matchTitle('paying the bills', tasks)).toEqual({ task: tasks[0] });
    expect(matchTitle('buy mlik', tasks)).toEqual({ task: tasks[1] });
    expect(matchTitle('electricty', tasks)).toEqual({ task: tasks[0] });
    expect(matchTitle('buy eggs', tasks)).toEqual({ none: true });
    expect(matchTitle('buy', tasks)).toEqual({ ambiguous: [tasks[1], tasks[2]] });
  });
});

describe('embedded agent: the phrasing table', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(() => t.close());

  /** Why the agent got an entry wrong, or undefined when it got it right. */
  async function check(entry: Omit<Phrasing, 'set'>): Promise<string | undefined> {
    const userId = await newUser(t.db);
    const service = new TaskService(t.db);
    for (const spec of entry.tasks ?? []) {
      const task = await service.add(userId, spec.replace(/^✓ /, ''));
      if (spec.startsWith('✓ ')) await service.complete(userId, task.id);
    }
    const say = conversation(new RuleAgent(), new TaskTools(service, userId));
    for (const earlier of entry.before ?? []) await say(earlier);
    const tasksBefore = await service.list(userId, { limit: 200 });
    const reply = await say(entry.message);
    const problems: string[] = [];
    if (entry.call) {
      const { name, args = {} } = entry.call;
      const made = reply.toolCalls.find((c) => c.name === name && !(c.result as { error?: string })?.error);
      if (!made) problems.push(`expected a ${name} call`);
      else if (!Object.entries(args).every(([k, v]) => made.arguments[k] === v))
        problems.push(`expected ${name} ${JSON.stringify(args)}, got ${JSON.stringify(made.arguments)}`);
    }
    if (entry.calls) {
      const changes = reply.toolCalls.filter(
        (c) => c.name !== 'list_tasks' && !(c.result as { error?: string })?.error,
      );
      const matches = (c: (typeof changes)[number], want: { name: string; args?: Record<string, unknown> }) =>
        c.name === want.name && Object.entries(want.args ?? {}).every(([k, v]) => c.arguments[k] === v);
      const missing = entry.calls.filter((want) => !changes.some((c) => matches(c, want)));
      const extra = changes.filter((c) => !entry.calls!.some((want) => matches(c, want)));
      if (missing.length > 0)
        problems.push(`expected ${missing.map((w) => `${w.name}${JSON.stringify(w.args)}`).join(', ')}`);
      if (extra.length > 0)
        problems.push(`unexpected ${extra.map((c) => `${c.name}${JSON.stringify(c.arguments)}`).join(', ')}`);
    }
    if (entry.call === null || entry.calls?.length === 0) {
      const changes = reply.toolCalls.filter((c) => c.name !== 'list_tasks');
      if (changes.length > 0)
        problems.push(`expected no change, got ${changes.map((c) => c.name).join(', ')}`);
      if (JSON.stringify(await service.list(userId, { limit: 200 })) !== JSON.stringify(tasksBefore))
        problems.push('the tasks changed');
    }
    if (entry.reply && !entry.reply.test(reply.response)) problems.push(`reply should match ${entry.reply}`);
    if (entry.replyNot?.test(reply.response)) problems.push(`reply should not match ${entry.replyNot}`);
    if (problems.length === 0) return undefined;
    const calls =
      reply.toolCalls.map((c) => `${c.name}${JSON.stringify(c.arguments)}`).join(' ') || 'no tool calls';
    const replied = JSON.stringify(reply.response);
    return `${JSON.stringify(entry.message)}: ${problems.join('; ')} (${calls}; replied ${replied})`;
  }

  test('gets at least 95% of the everyday phrasings right', async () => {
    const outcomes: { entry: Phrasing; problem?: string }[] = [];
    for (const entry of PHRASINGS) outcomes.push({ entry, problem: await check(entry) });
    const figure = (set?: Phrasing['set']) => {
      const subset = outcomes.filter((o) => !set || o.entry.set === set);
      const right = subset.filter((o) => !o.problem).length;
      return { right, total: subset.length, percent: (100 * right) / subset.length };
    };
    const all = figure();
    const tuned = figure('tuned');
    const heldOut = figure('held-out');
    console.log(
      `embedded agent: ${all.right} of ${all.total} phrasings right (${all.percent.toFixed(1)}%); ` +
        `tuned ${tuned.right}/${tuned.total}, held-out ${heldOut.right}/${heldOut.total}`,
    );
    for (const { problem } of outcomes) if (problem) console.log(`  wrong: ${problem}`);
    expect(PHRASINGS.length).toBeGreaterThanOrEqual(60);
    expect(all.percent).toBeGreaterThanOrEqual(95);
  });

  test('the held-out set (phrasings-held-out.ts, never used for tuning): scored on its own', async () => {
    const problems: string[] = [];
    for (const entry of HELD_OUT) {
      const problem = await check(entry);
      if (problem) problems.push(problem);
    }
    const right = HELD_OUT.length - problems.length;
    console.log(
      `embedded agent, held-out set: ${right} of ${HELD_OUT.length} right ` +
        `(${((100 * right) / HELD_OUT.length).toFixed(1)}%)`,
    );
    for (const problem of problems) console.log(`  wrong: ${problem}`);
    expect(HELD_OUT).toHaveLength(80);
  });
});

describe('embedded agent with 1,200 tasks', () => {
  let t: TestApp;
  let userId: string;
  const rowsPerQuery: number[] = [];
  let tools: TaskTools;

  before(async () => {
    t = await startApp();
    userId = await newUser(t.db);
    await t.db.query(
      `WITH n AS (UPDATE users SET last_task_id = 1200 WHERE id = $1)
       INSERT INTO tasks (user_id, id, title, completed)
       SELECT $1, i, CASE WHEN i = 777 THEN 'Call the dentist' ELSE 'Errand number ' || i END, i <= 200
       FROM generate_series(1, 1200) i`,
      [userId],
    );
    // Every query the agent makes is recorded: none may load the whole list.
    const recording: Database = {
      ...t.db,
      query: async <T>(sql: string, params?: unknown[]) => {
        const rows = await t.db.query<T>(sql, params);
        rowsPerQuery.push(rows.length);
        return rows;
      },
    };
    tools = new TaskTools(new TaskService(recording), userId);
  });
  after(() => t.close());

  test('counts, lists a page at a time, finds a task by title, and never loads everything', async () => {
    const say = conversation(new RuleAgent(), tools);
    expect((await say('how many tasks do I have left?')).response).toBe(
      'You have 1000 tasks left to do (1200 in all).',
    );
    const first = await say('show me everything');
    expect(first.response).toMatch(
      /^Your tasks \(1200 in all; here #1 to #20\):\n#1 Errand number 1 \(done\)/,
    );
    expect(first.response).toMatch(/show more/);
    const more = await say('show more');
    expect(more.toolCalls[0]).toMatchObject({
      name: 'list_tasks',
      arguments: { status: 'all', cursor: expect.any(String) },
    });
    expect(more.response).toMatch(/here #21 to #40/);
    const done = await say('I called the dentist');
    expect(done.toolCalls).toEqual([
      {
        name: 'complete_task',
        arguments: { task_id: 777 },
        result: { task_id: 777, status: 'completed', title: 'Call the dentist' },
      },
    ]);
    // "The first one" is the first of the list on screen (#21, done already) ...
    expect((await say('mark the first one as done')).response).toBe(
      'Task #21 "Errand number 21" is already done.',
    );
    // A title found in SQL among a thousand similar ones (every title shares "errand").
    expect((await say('is errand 1111 done?')).response).toMatch(/^Not yet: task #1111 "Errand number 1111"/);
    // ... and without a list on screen, the first pending task.
    const fresh = conversation(new RuleAgent(), tools);
    expect((await fresh('mark the first one as done')).toolCalls[0]).toMatchObject({
      arguments: { task_id: 201 },
    });
    expect((await fresh('delete the last task')).toolCalls[0]).toMatchObject({
      name: 'delete_task',
      arguments: { task_id: 1200 },
    });
    expect(Math.max(...rowsPerQuery)).toBeLessThanOrEqual(100);
  });
});

describe('Cohere agent (against a local fake of the v2 chat API)', () => {
  let t: TestApp;
  let fake: Server;
  let baseUrl: string;
  const requests: { auth?: string; url?: string; body: Record<string, unknown> }[] = [];
  /** What the fake answers to each request in turn: a status and body, or no answer at all. */
  let script: ((body: { messages: { content: string }[] }) => { status: number; body: unknown } | 'hang')[] =
    [];

  const readBody = (req: IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(JSON.parse(data)));
    });

  before(async () => {
    t = await startApp();
    fake = createServer(async (req, res) => {
      const body = await readBody(req);
      requests.push({ auth: req.headers.authorization, url: req.url, body });
      const next = script.shift() ?? (() => ({ status: 500, body: {} }));
      const outcome = next(body as { messages: { content: string }[] });
      if (outcome === 'hang') return; // never answers: the agent's time budget must end the wait
      res.writeHead(outcome.status, { 'content-type': 'application/json' }).end(JSON.stringify(outcome.body));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
    baseUrl = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
  });
  after(async () => {
    fake.closeAllConnections();
    fake.close();
    await t.close();
  });

  const toolCall = (id: string, name: string, args: object) => ({
    status: 200,
    body: {
      message: {
        role: 'assistant',
        tool_plan: 'do it',
        tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
      },
    },
  });
  const text = (content: string) => ({
    status: 200,
    body: { message: { role: 'assistant', content: [{ type: 'text', text: content }] } },
  });

  async function turn(agent: ChatAgent, message: string) {
    const userId = await newUser(t.db);
    const warnings: string[] = [];
    const input: AgentInput = {
      message,
      history: [],
      tools: new TaskTools(new TaskService(t.db), userId),
      log: {
        warn: (_fields: unknown, line?: string) => void warnings.push(String(line)),
        info: () => undefined,
      },
    };
    return { reply: await agent.reply(input), warnings, userId };
  }

  const cohere = (overrides: Partial<ConstructorParameters<typeof CohereAgent>[0]> = {}) =>
    new CohereAgent({
      apiKey: 'test-key',
      model: DEFAULT_COHERE_MODEL,
      baseUrl,
      timeoutMs: 5000,
      fallback: new RuleAgent(),
      ...overrides,
    });

  test('calls the tools the model asks for (no user_id anywhere), feeds back results, answers', async () => {
    requests.length = 0;
    script = [
      () => toolCall('c1', 'add_task', { title: 'buy milk' }),
      (body) => text(`Added it! (${JSON.parse(body.messages[body.messages.length - 1].content).status})`),
    ];
    const { reply, userId } = await turn(cohere(), 'I need milk');
    expect(reply.response).toBe('Added it! (created)');
    expect(reply.toolCalls).toEqual([
      {
        name: 'add_task',
        arguments: { title: 'buy milk' },
        result: { task_id: 1, status: 'created', title: 'buy milk' },
      },
    ]);
    expect(requests[0]).toMatchObject({
      auth: 'Bearer test-key',
      url: '/v2/chat',
      body: { model: 'command-a-03-2025' },
    });
    const tools = requests[0].body.tools as { function: { name: string; parameters: object } }[];
    expect(tools.map((x) => x.function.name).sort()).toEqual([
      'add_task',
      'complete_task',
      'delete_task',
      'list_tasks',
      'update_task',
    ]);
    expect(JSON.stringify(tools)).not.toContain('user_id');
    expect((requests[1].body.messages as object[]).at(-1)).toMatchObject({
      role: 'tool',
      tool_call_id: 'c1',
    });
    expect((await new TaskService(t.db).list(userId)).tasks).toEqual([
      expect.objectContaining({ title: 'buy milk' }),
    ]);
  });

  test('the model comes from COHERE_MODEL, defaulting to a current tool-use model', async () => {
    const env = { JWT_SECRET: 'x'.repeat(16), COHERE_API_KEY: 'k', COHERE_BASE_URL: baseUrl };
    expect(loadConfig(env).cohereModel).toBe('command-a-03-2025');
    requests.length = 0;
    script = [() => text('Hello!')];
    await turn(chooseAgent(loadConfig({ ...env, COHERE_MODEL: 'command-r7b-12-2024' })), 'hi');
    expect(requests[0].body.model).toBe('command-r7b-12-2024');
  });

  // Only the time-out case uses a short budget: the others must fail for their own reason, however slow the machine.
  for (const [what, setup, timeoutMs, reason] of [
    [
      'refuses the key (401)',
      () => (script = [() => ({ status: 401, body: { message: 'invalid api token' } })]),
      10_000,
      /API key refused \(HTTP 401\)/,
    ],
    ['answers 503', () => (script = [() => ({ status: 503, body: {} })]), 10_000, /HTTP 503/],
    ['times out', () => (script = [() => 'hang']), 300, /timed out after 300 ms/],
  ] as const)
    test(`when Cohere ${what}, the embedded agent answers that turn, saying so, and the log says why`, async () => {
      setup();
      const { reply, warnings, userId } = await turn(cohere({ timeoutMs }), 'add buy milk');
      expect(reply.response).toBe(`${FALLBACK_NOTE}\nAdded task #1: "buy milk".`);
      expect(reply.toolCalls).toEqual([
        expect.objectContaining({ name: 'add_task', arguments: { title: 'buy milk' } }),
      ]);
      expect(warnings).toEqual([expect.stringMatching(reason)]);
      expect((await new TaskService(t.db).list(userId)).tasks).toHaveLength(1);
    });

  test('when Cohere is unreachable, the embedded agent answers (reason: ECONNREFUSED)', async () => {
    const closedPort = await freePort();
    const { reply, warnings } = await turn(
      cohere({ baseUrl: `http://127.0.0.1:${closedPort}` }),
      'show my tasks',
    );
    expect(reply.response).toBe(`${FALLBACK_NOTE}\nYou have no tasks yet. Say "add buy milk" to add one.`);
    expect(warnings).toEqual([expect.stringMatching(/unreachable \(ECONNREFUSED\)/)]);
  });

  test('if Cohere fails after a tool already ran, nothing runs twice: the reply reports what was done', async () => {
    script = [() => toolCall('c1', 'add_task', { title: 'buy milk' }), () => ({ status: 500, body: {} })];
    const { reply, userId } = await turn(cohere(), 'add buy milk');
    expect(reply.response).toBe(INTERRUPTED_NOTE);
    expect(reply.toolCalls).toHaveLength(1);
    expect((await new TaskService(t.db).list(userId)).tasks).toHaveLength(1);
  });

  test('a tool call with arguments the tool does not take is refused and reported, not executed', async () => {
    script = [
      () => toolCall('c1', 'delete_task', { task_id: 1, user_id: 'someone-else' }),
      () => text('I cannot do that.'),
    ];
    const { reply } = await turn(cohere(), 'delete task 1');
    expect(reply.toolCalls[0].result).toEqual({
      error: expect.stringMatching(/invalid arguments for delete_task/),
    });
  });

  test('through the chat route: a refused key still gets an answer (from the embedded agent)', async () => {
    const app = await startApp(undefined, {
      config: { cohereApiKey: 'revoked', cohereBaseUrl: baseUrl, cohereModel: DEFAULT_COHERE_MODEL },
    });
    try {
      script = [() => ({ status: 401, body: { message: 'invalid api token' } })];
      const signup = await app.app.inject({
        method: 'POST',
        url: '/api/auth/signup',
        payload: { email: `cohere-${Date.now()}@example.com`, password: 'a good password' },
      });
      const { user_id, token } = signup.json();
      const res = await app.app.inject({
        method: 'POST',
        url: `/api/${user_id}/chat`,
        headers: { authorization: `Bearer ${token}` },
        payload: { message: 'remind me to water the plants' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().response).toBe(`${FALLBACK_NOTE}\nAdded task #1: "water the plants".`);
    } finally {
      await app.close();
    }
  });
});
