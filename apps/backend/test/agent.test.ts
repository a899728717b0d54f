/** The embedded agent's understanding of everyday phrasing, and the Cohere agent against a local fake of its API. */
import { expect } from 'expect';
import { createServer, IncomingMessage, Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { CohereAgent, FALLBACK_MESSAGE } from '../src/chat/cohere-agent';
import { parseIntent } from '../src/chat/rule-agent';
import { TaskTools } from '../src/chat/task-tools';
import { TaskService } from '../src/tasks/task-service';
import { signup, startApp, TestApp } from './support/app';

describe('embedded agent: phrasing → intent', () => {
  const cases: [string, unknown][] = [
    ['add a task to buy groceries', { kind: 'add', title: 'buy groceries' }],
    ['Add task: renew passport', { kind: 'add', title: 'renew passport' }],
    ['remind me to call mom', { kind: 'add', title: 'call mom' }],
    ['I need to pay the rent.', { kind: 'add', title: 'pay the rent' }],
    ['please create a new task called "Plan trip"', { kind: 'add', title: 'Plan trip' }],
    ['add milk to my list', { kind: 'add', title: 'milk' }],
    ['show me my pending tasks', { kind: 'list', status: 'pending' }],
    ['what have I completed?', { kind: 'list', status: 'completed' }],
    ['list my tasks', { kind: 'list', status: 'all' }],
    ["what's left to do on my list?", { kind: 'list', status: 'pending' }],
    ['mark task 3 as complete', { kind: 'complete', target: { id: 3 } }],
    ['complete task #12', { kind: 'complete', target: { id: 12 } }],
    ['mark the milk task as done', { kind: 'complete', target: { words: 'milk' } }],
    ["I've finished task 4", { kind: 'complete', target: { id: 4 } }],
    ['delete the meeting task', { kind: 'delete', target: { words: 'meeting' } }],
    ['remove task 7 from my list', { kind: 'delete', target: { id: 7 } }],
    ["change task 1 to 'Call mom tonight'", { kind: 'update', target: { id: 1 }, title: 'Call mom tonight' }],
    [
      'rename the groceries task to buy food',
      { kind: 'update', target: { words: 'groceries' }, title: 'buy food' },
    ],
    ['hello', { kind: 'help' }],
    ['what is the capital of France?', { kind: 'unknown' }],
  ];
  for (const [message, intent] of cases) {
    test(JSON.stringify(message), () => expect(parseIntent(message)).toEqual(intent));
  }
});

describe('Cohere agent', () => {
  let t: TestApp;
  let fake: Server;
  let baseUrl: string;
  const requests: any[] = [];
  let script: ((body: any) => { status: number; body: unknown })[] = [];

  const readBody = (req: IncomingMessage) =>
    new Promise<any>((resolve) => {
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
      const { status, body: out } = next(body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
    baseUrl = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
  });
  after(async () => {
    fake.close();
    await t.close();
  });

  test('calls the tools the model asks for, feeds back results, and returns the final text', async () => {
    const user = await signup(t.app);
    script = [
      () => ({
        status: 200,
        body: {
          message: {
            role: 'assistant',
            tool_plan: 'add it',
            tool_calls: [
              {
                id: 'c1',
                type: 'function',
                function: {
                  name: 'add_task',
                  arguments: JSON.stringify({ user_id: user.userId, title: 'buy milk' }),
                },
              },
            ],
          },
        },
      }),
      (body) => ({
        status: 200,
        body: {
          message: {
            role: 'assistant',
            content: [
              { type: 'text', text: `Added it! (${JSON.parse(body.messages.at(-1).content).status})` },
            ],
          },
        },
      }),
    ];
    requests.length = 0;
    const agent = new CohereAgent({ apiKey: 'test-key', baseUrl });
    const reply = await agent.reply({
      userId: user.userId,
      message: 'I need milk',
      history: [],
      tools: new TaskTools(new TaskService(t.db), user.userId),
    });
    expect(reply.response).toBe('Added it! (created)');
    expect(reply.toolCalls).toEqual([
      {
        name: 'add_task',
        arguments: { user_id: user.userId, title: 'buy milk' },
        result: expect.objectContaining({ status: 'created' }),
      },
    ]);
    expect(requests[0]).toMatchObject({ auth: 'Bearer test-key', url: '/v2/chat' });
    expect(requests[0].body.tools.map((x: any) => x.function.name).sort()).toEqual([
      'add_task',
      'complete_task',
      'delete_task',
      'list_tasks',
      'update_task',
    ]);
    expect(requests[1].body.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'c1' });
    expect(await new TaskService(t.db).list(user.userId)).toEqual([
      expect.objectContaining({ title: 'buy milk' }),
    ]);
  });

  test('a tool call for another user is refused and reported, not executed', async () => {
    const user = await signup(t.app);
    const other = await signup(t.app);
    script = [
      () => ({
        status: 200,
        body: {
          message: {
            tool_calls: [
              {
                id: 'c1',
                type: 'function',
                function: { name: 'list_tasks', arguments: JSON.stringify({ user_id: other.userId }) },
              },
            ],
          },
        },
      }),
      () => ({ status: 200, body: { message: { content: [{ type: 'text', text: 'I cannot do that.' }] } } }),
    ];
    const reply = await new CohereAgent({ apiKey: 'k', baseUrl }).reply({
      userId: user.userId,
      message: 'show tasks',
      history: [],
      tools: new TaskTools(new TaskService(t.db), user.userId),
    });
    expect(reply.toolCalls[0].result).toEqual({ error: 'user_id does not match the authenticated user' });
  });

  test('an API error or a timeout gives the fallback message', async () => {
    const user = await signup(t.app);
    const tools = new TaskTools(new TaskService(t.db), user.userId);
    script = [() => ({ status: 429, body: { message: 'rate limited' } })];
    expect(
      (
        await new CohereAgent({ apiKey: 'k', baseUrl }).reply({
          userId: user.userId,
          message: 'hi',
          history: [],
          tools,
        })
      ).response,
    ).toBe(FALLBACK_MESSAGE);
    const unreachable = await new CohereAgent({
      apiKey: 'k',
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 500,
    }).reply({ userId: user.userId, message: 'hi', history: [], tools });
    expect(unreachable.response).toBe(FALLBACK_MESSAGE);
  });
});
