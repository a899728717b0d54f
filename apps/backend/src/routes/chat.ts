import { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChatAgent } from '../chat/agent';
import { ConversationStore } from '../chat/conversation-store';
import { TaskTools } from '../chat/task-tools';
import { notFound } from '../errors';
import { AppMetrics } from '../metrics/metrics';
import {
  ChatBody,
  ChatReply,
  ConversationList,
  ConversationParams,
  MessageList,
  UserParams,
} from '../schemas';
import { TaskService } from '../tasks/task-service';

export interface ChatRouteOptions {
  tasks: TaskService;
  conversations: ConversationStore;
  agent: ChatAgent;
  metrics?: AppMetrics;
}

/** /api/{user_id}/chat and the conversation history, behind the user scope's authentication. */
export const chatRoutes: FastifyPluginAsyncTypebox<ChatRouteOptions> = async (app, options) => {
  const { tasks, conversations, agent, metrics } = options;

  const answer = async (input: Parameters<ChatAgent['reply']>[0]) => {
    if (!metrics) return agent.reply(input);
    const started = performance.now();
    try {
      const reply = await agent.reply(input);
      metrics.chatTurn(reply.answeredBy ?? agent.name, 'ok', (performance.now() - started) / 1000);
      return reply;
    } catch (error) {
      metrics.chatTurn(agent.name, 'error', (performance.now() - started) / 1000);
      throw error;
    }
  };

  const ownConversation = async (userId: string, id: number) => {
    if (!(await conversations.belongsTo(userId, id))) throw notFound(`conversation ${id} not found`);
  };

  app.post(
    '/chat',
    { schema: { params: UserParams, body: ChatBody, response: { 200: ChatReply } } },
    async (request) => {
      const { userId } = request;
      const { message, conversation_id: existing } = request.body;
      if (existing !== undefined) await ownConversation(userId, existing);
      // Stateless: the history comes from the database, and the exchange is saved before answering.
      const history = existing === undefined ? [] : await conversations.messages(existing);
      const reply = await answer({
        message,
        history,
        tools: new TaskTools(tasks, userId),
        log: request.log,
      });
      const conversationId =
        existing ??
        (await conversations.createWithExchange(userId, message, reply.response, reply.toolCalls));
      if (existing !== undefined)
        await conversations.appendExchange(existing, message, reply.response, reply.toolCalls);
      return { conversation_id: conversationId, response: reply.response, tool_calls: reply.toolCalls };
    },
  );

  app.get(
    '/conversations',
    { schema: { params: UserParams, response: { 200: ConversationList } } },
    async (request) => conversations.list(request.userId),
  );

  app.get(
    '/conversations/:id/messages',
    { schema: { params: ConversationParams, response: { 200: MessageList } } },
    async (request) => {
      await ownConversation(request.userId, request.params.id);
      return conversations.messages(request.params.id);
    },
  );
};
