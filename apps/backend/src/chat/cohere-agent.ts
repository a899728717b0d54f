/**
 * Cohere chat (v2 API, through the official cohere-ai SDK) with tool use over
 * the same five task tools. Each request has a timeout and no retries; when the
 * API fails, the user gets a clear message instead of an error, and whatever
 * tools already ran are reported.
 */
import { CohereClientV2 } from 'cohere-ai';
import { z } from 'zod';
import { AgentInput, AgentReply, ChatAgent } from './agent';
import { ToolCall } from './conversation-store';
import { TOOL_NAMES, TOOL_SCHEMAS, ToolError } from './task-tools';

export interface CohereOptions {
  apiKey: string;
  model?: string;
  baseUrl?: string;
  timeoutMs?: number;
  maxSteps?: number;
}

export const FALLBACK_MESSAGE =
  "Sorry, the assistant isn't reachable right now. Please try again in a moment; your tasks are safe.";

const TOOLS = TOOL_NAMES.map((name) => ({
  type: 'function',
  function: {
    name,
    description: TOOL_SCHEMAS[name].description,
    parameters: z.toJSONSchema(z.object(TOOL_SCHEMAS[name].input)),
  },
}));

type ChatRequest = Parameters<CohereClientV2['chat']>[0];
type ChatMessage = ChatRequest['messages'][number];

export class CohereAgent implements ChatAgent {
  readonly name = 'cohere';
  private readonly client: CohereClientV2;

  constructor(private readonly options: CohereOptions) {
    this.client = new CohereClientV2({
      token: options.apiKey,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    });
  }

  async reply({ userId, message, history, tools }: AgentInput): Promise<AgentReply> {
    const toolCalls: ToolCall[] = [];
    const messages: ChatMessage[] = [
      {
        role: 'system',
        content: `You manage the user's todo list with the tools. The user's id is ${userId}; pass it as user_id. Confirm what you did in one friendly sentence. If a task does not exist, say so.`,
      },
      ...history.slice(-20).map((m): ChatMessage => ({ role: m.role, content: m.content })),
      { role: 'user', content: message },
    ];
    try {
      for (let step = 0; step < (this.options.maxSteps ?? 5); step++) {
        const response = await this.chat(messages);
        const calls = response.message.toolCalls ?? [];
        if (calls.length === 0) {
          const text = (response.message.content ?? [])
            .map((c) => ('text' in c ? c.text : ''))
            .join('')
            .trim();
          return { response: text || 'Done.', toolCalls };
        }
        messages.push({ role: 'assistant', toolPlan: response.message.toolPlan, toolCalls: calls });
        for (const call of calls) {
          let args: Record<string, unknown> = {};
          let result: unknown;
          const name = call.function?.name ?? '';
          try {
            args = JSON.parse(call.function?.arguments || '{}');
            result = await tools.call(name, args);
          } catch (error) {
            if (!(error instanceof ToolError) && !(error instanceof SyntaxError)) throw error;
            result = { error: error.message };
          }
          toolCalls.push({ name, arguments: args, result });
          messages.push({ role: 'tool', toolCallId: call.id ?? '', content: JSON.stringify(result) });
        }
      }
      return { response: 'I did what I could; please check your task list.', toolCalls };
    } catch (error) {
      if (error instanceof CohereUnavailable) return { response: FALLBACK_MESSAGE, toolCalls };
      throw error;
    }
  }

  private async chat(messages: ChatMessage[]) {
    try {
      return await this.client.chat(
        {
          model: this.options.model ?? 'command-r-plus-08-2024',
          messages,
          tools: TOOLS as ChatRequest['tools'],
        },
        { timeoutInSeconds: (this.options.timeoutMs ?? 15000) / 1000, maxRetries: 0 },
      );
    } catch (error) {
      // Timeouts, HTTP errors and unreachable hosts alike: the assistant is unavailable.
      throw new CohereUnavailable((error as Error).name);
    }
  }
}

class CohereUnavailable extends Error {}
