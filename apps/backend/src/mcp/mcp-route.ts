/**
 * /mcp: the five task tools over MCP streamable HTTP (official SDK), stateless:
 * each POST gets a fresh server bound to the caller's user, so any replica can
 * answer any request. Authenticated with the same bearer token as the API.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { FastifyInstance } from 'fastify';
import { TaskTools, TOOL_NAMES, TOOL_SCHEMAS, ToolError, ToolResult } from '../chat/task-tools';
import { TaskService } from '../tasks/task-service';
import { authenticate } from '../routes/auth-guard';

function toolResult(result: ToolResult) {
  // structuredContent must be an object, so a task list is wrapped as {tasks}; the text is the plain JSON.
  const structured = Array.isArray(result) ? { tasks: result } : result;
  return {
    content: [{ type: 'text' as const, text: JSON.stringify(result) }],
    structuredContent: structured as unknown as Record<string, unknown>,
  };
}

function buildServer(tools: TaskTools): McpServer {
  const server = new McpServer({ name: 'todo-tasks', version: '0.1.0' });
  for (const name of TOOL_NAMES) {
    server.registerTool(
      name,
      { description: TOOL_SCHEMAS[name].description, inputSchema: TOOL_SCHEMAS[name].input },
      async (args: Record<string, unknown>) => {
        try {
          return toolResult(await tools.call(name, args));
        } catch (error) {
          if (error instanceof ToolError)
            return { isError: true, content: [{ type: 'text' as const, text: error.message }] };
          throw error;
        }
      },
    );
  }
  return server;
}

export function mcpRoutes(app: FastifyInstance, tasks: TaskService, secret: string): void {
  app.post('/mcp', async (request, reply) => {
    const userId = authenticate(request, secret);
    const server = buildServer(new TaskTools(tasks, userId));
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    reply.hijack();
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });

  const notAllowed = async (
    _request: unknown,
    reply: { code(n: number): { header(k: string, v: string): { send(b: unknown): unknown } } },
  ) =>
    reply
      .code(405)
      .header('allow', 'POST')
      .send({
        jsonrpc: '2.0',
        error: { code: -32000, message: 'Method not allowed: this MCP server is stateless, use POST' },
        id: null,
      });
  app.get('/mcp', notAllowed);
  app.delete('/mcp', notAllowed);
}
