import { StoredMessage, ToolCall } from './conversation-store';
import { TaskTools } from './task-tools';

export interface AgentInput {
  userId: string;
  message: string;
  /** Earlier messages of the conversation, oldest first. */
  history: StoredMessage[];
  tools: TaskTools;
}

export interface AgentReply {
  response: string;
  toolCalls: ToolCall[];
}

/** Turns a user's message into tool calls and a reply. */
export interface ChatAgent {
  readonly name: string;
  reply(input: AgentInput): Promise<AgentReply>;
}
