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

type ToolResponse = { isError?: boolean; structuredContent?: any; content: { type: string; text: string }[] };

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
    expect(add.inputSchema.required).toEqual(expect.arrayContaining(['user_id', 'title']));
    await client.close();
  });

  test('add, list, update, complete, delete: results as structured JSON with a text copy', async () => {
    const alice = await signupOver(server.url);
    const client = await connect(alice.token);
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: { user_id: alice.userId, ...args } })) as ToolResponse;

    const added = await call('add_task', { title: 'Buy milk', description: 'oat' });
    expect(added.isError).toBeFalsy();
    expect(added.structuredContent).toEqual({
      task_id: expect.any(Number),
      status: 'created',
      title: 'Buy milk',
    });
    expect(JSON.parse(added.content[0].text)).toEqual(added.structuredContent);
    const id = added.structuredContent.task_id;

    const listed = await call('list_tasks', { status: 'pending' });
    expect(JSON.parse(listed.content[0].text)).toEqual([
      expect.objectContaining({ id, title: 'Buy milk', description: 'oat', completed: false }),
    ]);
    expect(listed.structuredContent.tasks).toHaveLength(1);

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
    expect(JSON.parse((await call('list_tasks', { status: 'completed' })).content[0].text)).toHaveLength(1);
    expect((await call('delete_task', { task_id: id })).structuredContent).toEqual({
      task_id: id,
      status: 'deleted',
      title: 'Buy oat milk',
    });
    expect(JSON.parse((await call('list_tasks', {})).content[0].text)).toEqual([]);
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
    expect(JSON.parse(stillThere.content[0].text)).toEqual([
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
