import { FastifyBaseLogger } from 'fastify';
import { StoredMessage, ToolCall } from '../schemas';
import { TaskTools } from './task-tools';

export interface AgentInput {
  message: string;
  /** Earlier messages of the conversation, oldest first. */
  history: StoredMessage[];
  /** The tools, bound to the signed-in user. */
  tools: TaskTools;
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>;
}

export interface AgentReply {
  response: string;
  toolCalls: ToolCall[];
  /** Which agent answered, when it was not this one (Cohere's fallback), for the metrics. */
  answeredBy?: AgentName;
}

export type AgentName = 'embedded' | 'cohere';

/** Turns a user's message into tool calls and a reply. */
export interface ChatAgent {
  /** The agent, for the metrics' `agent` label. */
  readonly name: AgentName;
  reply(input: AgentInput): Promise<AgentReply>;
}
