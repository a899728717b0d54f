import { FastifyInstance } from 'fastify';
import { ChatAgent } from '../chat/agent';
import { ConversationStore } from '../chat/conversation-store';
import { TaskTools } from '../chat/task-tools';
import { notFound } from '../errors';
import { TaskService } from '../tasks/task-service';
import { authorizeUser } from './auth-guard';
import { idParam, userParams } from './tasks';

type ChatReq = { Params: { user_id: string }; Body: { conversation_id?: number; message: string } };

export function chatRoutes(
  app: FastifyInstance,
  deps: { tasks: TaskService; conversations: ConversationStore; agent: ChatAgent; secret: string },
): void {
  const { conversations, agent, secret } = deps;

  app.post<ChatReq>(
    '/api/:user_id/chat',
    {
      schema: {
        params: userParams,
        body: {
          type: 'object',
          required: ['message'],
          additionalProperties: false,
          properties: {
            conversation_id: { type: 'integer', minimum: 1, maximum: 2147483647 },
            message: { type: 'string', minLength: 1, maxLength: 4000, pattern: '\\S' },
          },
        },
      },
    },
    async (request) => {
      const userId = authorizeUser(request, secret);
      const { message } = request.body;
      let conversationId = request.body.conversation_id;
      if (conversationId !== undefined && !(await conversations.belongsTo(userId, conversationId)))
        throw notFound(`conversation ${conversationId} not found`);
      // Stateless: the history comes from the database, and the exchange is saved before answering.
      const history = conversationId === undefined ? [] : await conversations.messages(conversationId);
      const reply = await agent.reply({ userId, message, history, tools: new TaskTools(deps.tasks, userId) });
      if (conversationId === undefined)
        conversationId = await conversations.createWithExchange(
          userId,
          message,
          reply.response,
          reply.toolCalls,
        );
      else await conversations.appendExchange(conversationId, message, reply.response, reply.toolCalls);
      return { conversation_id: conversationId, response: reply.response, tool_calls: reply.toolCalls };
    },
  );

  app.get<{ Params: { user_id: string } }>(
    '/api/:user_id/conversations',
    { schema: { params: userParams } },
    async (request) => conversations.list(authorizeUser(request, secret)),
  );

  app.get<{ Params: { user_id: string; id: string } }>(
    '/api/:user_id/conversations/:id/messages',
    {
      schema: {
        params: {
          type: 'object',
          required: ['user_id', 'id'],
          properties: { ...userParams.properties, id: idParam },
        },
      },
    },
    async (request) => {
      const userId = authorizeUser(request, secret);
      const id = Number(request.params.id);
      if (!(await conversations.belongsTo(userId, id))) throw notFound(`conversation ${id} not found`);
      return conversations.messages(id);
    },
  );
}
