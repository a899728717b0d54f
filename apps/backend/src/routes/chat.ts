import { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChatAgent } from '../chat/agent';
import { ConversationStore } from '../chat/conversation-store';
import { TaskTools } from '../chat/task-tools';
import { notFound } from '../errors';
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
}

/** /api/{user_id}/chat and the conversation history, behind the user scope's authentication. */
export const chatRoutes: FastifyPluginAsyncTypebox<ChatRouteOptions> = async (app, options) => {
  const { tasks, conversations, agent } = options;

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
      const reply = await agent.reply({
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
