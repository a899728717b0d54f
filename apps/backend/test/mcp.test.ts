/** The five tools over /mcp with the official MCP client, including isolation both ways. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'expect';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RunningServer, signupOver, startServer } from './support/server';

let server: RunningServer;

before(async () => {
  server = await startServer({ DATA_DIR: mkdtempSync(join(tmpdir(), 'todo-mcp-')) });
});
after(() => server.stop());

async function connect(token?: string): Promise<Client> {
  const client = new Client({ name: 'todo-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(
    new URL(`${server.url}/mcp`),
    token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {},
  );
  await client.connect(transport);
  return client;
}

type ToolResponse = {
  isError?: boolean;
  /** A task change or a page of tasks. */
  structuredContent: { task_id: number; tasks: { id: number }[]; next_cursor: string | null };
  content: { type: string; text: string }[];
};

async function createAccessToken(
  user: { userId: string; headers: Record<string, string> },
  name = 'test client',
) {
  const res = await fetch(`${server.url}/api/${user.userId}/tokens`, {
    method: 'POST',
    headers: user.headers,
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`token creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: number; token: string };
}

describe('MCP server', () => {
  test('lists exactly the five tools with input schemas', async () => {
    const alice = await signupOver(server.url);
    const client = await connect(alice.token);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'add_task',
      'complete_task',
      'delete_task',
      'list_tasks',
      'update_task',
    ]);
    const add = tools.find((t) => t.name === 'add_task')!;
    // user_id is optional (the token says who calls); when given it must be the caller's own.
    expect(add.inputSchema.required).toEqual(['title']);
    expect(Object.keys(add.inputSchema.properties ?? {})).toEqual(['user_id', 'title', 'description']);
    const list = tools.find((t) => t.name === 'list_tasks')!;
    expect(Object.keys(list.inputSchema.properties ?? {})).toEqual(['user_id', 'status', 'limit', 'cursor']);
    await client.close();
  });

  test('add, list, update, complete, delete: results as structured JSON with a text copy', async () => {
    const alice = await signupOver(server.url);
    const client = await connect(alice.token);
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: { user_id: alice.userId, ...args } })) as ToolResponse;

    const added = await call('add_task', { title: 'Buy milk', description: 'oat' });
    expect(added.isError).toBeFalsy();
    expect(added.structuredContent).toEqual({ task_id: 1, status: 'created', title: 'Buy milk' });
    expect(JSON.parse(added.content[0].text)).toEqual(added.structuredContent);
    const id = added.structuredContent.task_id;

    const listed = await call('list_tasks', { status: 'pending' });
    expect(listed.structuredContent).toEqual({
      tasks: [expect.objectContaining({ id, title: 'Buy milk', description: 'oat', completed: false })],
      next_cursor: null,
    });
    expect(JSON.parse(listed.content[0].text)).toEqual(listed.structuredContent);

    expect((await call('update_task', { task_id: id, title: 'Buy oat milk' })).structuredContent).toEqual({
      task_id: id,
      status: 'updated',
      title: 'Buy oat milk',
    });
    expect((await call('complete_task', { task_id: id })).structuredContent).toEqual({
      task_id: id,
      status: 'completed',
      title: 'Buy oat milk',
    });
    expect((await call('list_tasks', { status: 'completed' })).structuredContent.tasks).toHaveLength(1);
    expect((await call('delete_task', { task_id: id })).structuredContent).toEqual({
      task_id: id,
      status: 'deleted',
      title: 'Buy oat milk',
    });
    expect((await call('list_tasks', {})).structuredContent).toEqual({ tasks: [], next_cursor: null });
    await client.close();
  });

  test('update_task with completed: false reopens a completed task (and true completes it)', async () => {
    const alice = await signupOver(server.url);
    const client = await connect(alice.token);
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as ToolResponse;
    const { tools } = await client.listTools();
    const update = tools.find((t) => t.name === 'update_task')!;
    expect(update.inputSchema.properties?.completed).toMatchObject({ type: 'boolean' });
    expect(update.inputSchema.required).toEqual(['task_id']);

    const id = (await call('add_task', { title: 'renew passport' })).structuredContent.task_id;
    await call('complete_task', { task_id: id });
    const pendingIds = async () =>
      (await call('list_tasks', { status: 'pending' })).structuredContent.tasks.map((t) => t.id);
    expect(await pendingIds()).toEqual([]);
    expect((await call('update_task', { task_id: id, completed: false })).structuredContent).toEqual({
      task_id: id,
      status: 'updated',
      title: 'renew passport',
    });
    expect(await pendingIds()).toEqual([id]);
    expect((await call('update_task', { task_id: id, completed: true })).isError).toBeFalsy();
    expect(await pendingIds()).toEqual([]);
    expect((await call('update_task', { task_id: id, completed: 'no' })).isError).toBe(true);
    expect((await call('update_task', { task_id: 999, completed: false })).content[0].text).toBe(
      'task 999 not found',
    );
    await client.close();
  });

  test("isolation: another user_id, or another user's task, is a tool error; nothing changes", async () => {
    const alice = await signupOver(server.url);
    const bob = await signupOver(server.url);
    const aliceClient = await connect(alice.token);
    const bobClient = await connect(bob.token);
    const aliceTask = (
      (await aliceClient.callTool({
        name: 'add_task',
        arguments: { user_id: alice.userId, title: 'alice private' },
      })) as ToolResponse
    ).structuredContent.task_id;

    const asAlice = (await bobClient.callTool({
      name: 'list_tasks',
      arguments: { user_id: alice.userId },
    })) as ToolResponse;
    expect(asAlice.isError).toBe(true);
    expect(asAlice.content[0].text).toMatch(/user_id does not match/);
    expect(JSON.stringify(asAlice)).not.toContain('alice private');

    for (const name of ['complete_task', 'delete_task']) {
      const res = (await bobClient.callTool({
        name,
        arguments: { user_id: bob.userId, task_id: aliceTask },
      })) as ToolResponse;
      expect(res.isError).toBe(true);
      expect(res.content[0].text).toBe(`task ${aliceTask} not found`);
    }
    const res = (await bobClient.callTool({
      name: 'update_task',
      arguments: { user_id: bob.userId, task_id: aliceTask, title: 'pwned' },
    })) as ToolResponse;
    expect(res.isError).toBe(true);

    const stillThere = (await aliceClient.callTool({
      name: 'list_tasks',
      arguments: { user_id: alice.userId },
    })) as ToolResponse;
    expect(stillThere.structuredContent.tasks).toEqual([
      expect.objectContaining({ title: 'alice private', completed: false }),
    ]);
    // The other way round too.
    expect(
      (
        (await aliceClient.callTool({
          name: 'list_tasks',
          arguments: { user_id: bob.userId },
        })) as ToolResponse
      ).isError,
    ).toBe(true);
    await aliceClient.close();
    await bobClient.close();
  });

  test('a missing task or bad arguments are tool errors, not crashes', async () => {
    const alice = await signupOver(server.url);
    const client = await connect(alice.token);
    const missing = (await client.callTool({
      name: 'complete_task',
      arguments: { user_id: alice.userId, task_id: 99999999 },
    })) as ToolResponse;
    expect(missing).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'task 99999999 not found' }],
    });
    const empty = (await client.callTool({
      name: 'update_task',
      arguments: { user_id: alice.userId, task_id: 1 },
    })) as ToolResponse;
    expect(empty.isError).toBe(true);
    const badType = (await client.callTool({
      name: 'add_task',
      arguments: { user_id: alice.userId, title: 42 },
    })) as ToolResponse;
    expect(badType.isError).toBe(true);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await client.close();
  });

  test('a personal access token works with the official client until it is revoked (then 401)', async () => {
    const alice = await signupOver(server.url);
    const bob = await signupOver(server.url);
    const { id, token } = await createAccessToken(alice, 'Claude Desktop');
    const client = await connect(token);
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as ToolResponse;
    // Without user_id: the token says whose tasks these are.
    expect((await call('add_task', { title: 'via PAT' })).structuredContent).toEqual({
      task_id: 1,
      status: 'created',
      title: 'via PAT',
    });
    expect((await call('list_tasks', { user_id: bob.userId })).isError).toBe(true);
    const listed = await fetch(`${server.url}/api/${alice.userId}/tasks`, { headers: alice.headers });
    expect(((await listed.json()) as { tasks: { title: string }[] }).tasks.map((t) => t.title)).toEqual([
      'via PAT',
    ]);
    const tokens = await fetch(`${server.url}/api/${alice.userId}/tokens`, { headers: alice.headers });
    expect(((await tokens.json()) as { last_used_at: string | null }[])[0].last_used_at).toEqual(
      expect.any(String),
    );
    await client.close();

    const revoked = await fetch(`${server.url}/api/${alice.userId}/tokens/${id}`, {
      method: 'DELETE',
      headers: { authorization: alice.headers.authorization },
    });
    expect(revoked.status).toBe(204);
    await expect(connect(token)).rejects.toThrow(/unknown or revoked access token/);
    const raw = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ error: 'unauthorized', message: 'unknown or revoked access token' });
  });

  test("per-user numbers: the same task_id means each caller's own task", async () => {
    const alice = await signupOver(server.url);
    const bob = await signupOver(server.url);
    const aliceClient = await connect(alice.token);
    const bobClient = await connect((await createAccessToken(bob)).token);
    await aliceClient.callTool({ name: 'add_task', arguments: { title: 'alice one' } });
    await bobClient.callTool({ name: 'add_task', arguments: { title: 'bob one' } });
    for (const [name, args] of [
      ['update_task', { task_id: 1, title: 'bob renamed' }],
      ['complete_task', { task_id: 1 }],
      ['delete_task', { task_id: 1 }],
    ] as const)
      expect(
        ((await bobClient.callTool({ name, arguments: args })) as ToolResponse).structuredContent,
      ).toMatchObject({
        task_id: 1,
        title: 'bob renamed',
      });
    const alices = (await aliceClient.callTool({ name: 'list_tasks', arguments: {} })) as ToolResponse;
    expect(alices.structuredContent.tasks).toEqual([
      expect.objectContaining({ id: 1, title: 'alice one', completed: false }),
    ]);
    await aliceClient.close();
    await bobClient.close();
  });

  test('list_tasks pages with limit and cursor; a bad cursor is a tool error', async () => {
    const alice = await signupOver(server.url);
    const client = await connect(alice.token);
    for (let i = 1; i <= 5; i++)
      await client.callTool({ name: 'add_task', arguments: { title: `task ${i}` } });
    const list = async (args: Record<string, unknown>) =>
      (await client.callTool({ name: 'list_tasks', arguments: args })) as ToolResponse;
    const first = await list({ limit: 2 });
    expect(first.structuredContent.tasks.map((t: { id: number }) => t.id)).toEqual([1, 2]);
    const second = await list({ limit: 2, cursor: first.structuredContent.next_cursor });
    expect(second.structuredContent.tasks.map((t: { id: number }) => t.id)).toEqual([3, 4]);
    const last = await list({ limit: 2, cursor: second.structuredContent.next_cursor });
    expect(last.structuredContent).toEqual({
      tasks: [expect.objectContaining({ id: 5 })],
      next_cursor: null,
    });
    const bad = await list({ cursor: 'not-a-cursor' });
    expect(bad).toMatchObject({
      isError: true,
      content: [{ text: expect.stringMatching(/cursor is not valid/) }],
    });
    expect((await list({ limit: 0 })).isError).toBe(true);
    expect((await list({ limit: 201 })).isError).toBe(true);
    await client.close();
  });

  test('responses carry security headers', async () => {
    const alice = await signupOver(server.url);
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { ...alice.headers, accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('401 without a token or with a bad one', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    expect((await fetch(`${server.url}/mcp`, { method: 'POST', headers, body })).status).toBe(401);
    expect(
      (
        await fetch(`${server.url}/mcp`, {
          method: 'POST',
          headers: { ...headers, authorization: 'Bearer x.y.z' },
          body,
        })
      ).status,
    ).toBe(401);
    await expect(connect()).rejects.toThrow();
  });
});
