/**
 * /mcp: the five task tools over MCP streamable HTTP (official SDK), stateless: each POST gets a
 * fresh server bound to the caller, so any replica can answer any request. Authenticated in the
 * scope's onRequest hook with a session token or a personal access token.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { FastifyPluginAsync, FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TaskTools, TOOL_NAMES, TOOL_SCHEMAS, ToolError, ToolResult } from '../chat/task-tools';
import { AppMetrics } from '../metrics/metrics';
import { TaskService } from '../tasks/task-service';

/** The backend's own version (package.json: two levels up from src/mcp and from dist/mcp alike). */
const VERSION = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

/** Optional for MCP clients (the token already says who is calling); when given it must be the caller's own. */
const userIdArgument = z
  .string()
  .min(1)
  .optional()
  .describe('Optional: your user id; when given it must be the signed-in user');

function toolResult(result: ToolResult) {
  return {
    content: [{ type: 'text' as const, text: JSON.stringify(result) }],
    structuredContent: result as unknown as Record<string, unknown>,
  };
}

const toolError = (message: string) => ({
  isError: true,
  content: [{ type: 'text' as const, text: message }],
});

function buildServer(tools: TaskTools, callerId: string, metrics?: AppMetrics): McpServer {
  const server = new McpServer({ name: 'todo-tasks', version: VERSION });
  for (const name of TOOL_NAMES) {
    server.registerTool(
      name,
      {
        description: TOOL_SCHEMAS[name].description,
        inputSchema: { user_id: userIdArgument, ...TOOL_SCHEMAS[name].input },
      },
      async ({ user_id: userId, ...args }: Record<string, unknown>) => {
        if (userId !== undefined && userId !== callerId) {
          metrics?.toolCall(name, 'error');
          return toolError('user_id does not match the authenticated user');
        }
        try {
          const result = toolResult(await tools.call(name, args));
          metrics?.toolCall(name, 'ok');
          return result;
        } catch (error) {
          metrics?.toolCall(name, 'error');
          if (error instanceof ToolError) return toolError(error.message);
          throw error;
        }
      },
    );
  }
  return server;
}

const notAllowed = async (_request: unknown, reply: FastifyReply) =>
  reply
    .code(405)
    .header('allow', 'POST')
    .send({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Method not allowed: this MCP server is stateless, use POST' },
      id: null,
    });

export const mcpRoutes: FastifyPluginAsync<{ tasks: TaskService; metrics?: AppMetrics }> = async (
  app,
  { tasks, metrics },
) => {
  app.post('/', { onRequest: app.requireSessionOrAccessToken }, async (request, reply) => {
    const server = buildServer(new TaskTools(tasks, request.userId), request.userId, metrics);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    // The transport writes the response itself: hand it the headers set so far (the security headers).
    for (const [header, value] of Object.entries(reply.getHeaders()))
      if (value !== undefined) reply.raw.setHeader(header, value);
    reply.hijack();
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
  app.get('/', notAllowed);
  app.delete('/', notAllowed);
};
