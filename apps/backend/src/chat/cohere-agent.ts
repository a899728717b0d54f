/**
 * Cohere chat (v2 API) with tool use over the same five task tools. Each
 * request has a timeout; when the API fails, the user gets a clear message
 * instead of an error, and whatever tools already ran are reported.
 */
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

interface CohereToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

interface CohereResponse {
  message?: { content?: { type: string; text?: string }[]; tool_calls?: CohereToolCall[]; tool_plan?: string };
}

export const FALLBACK_MESSAGE = "Sorry, the assistant isn't reachable right now. Please try again in a moment; your tasks are safe.";

const TOOLS = TOOL_NAMES.map((name) => ({
  type: 'function',
  function: { name, description: TOOL_SCHEMAS[name].description, parameters: z.toJSONSchema(z.object(TOOL_SCHEMAS[name].input)) },
}));

export class CohereAgent implements ChatAgent {
  readonly name = 'cohere';

  constructor(private readonly options: CohereOptions) {}

  async reply({ userId, message, history, tools }: AgentInput): Promise<AgentReply> {
    const toolCalls: ToolCall[] = [];
    const messages: Record<string, unknown>[] = [
      {
        role: 'system',
        content: `You manage the user's todo list with the tools. The user's id is ${userId}; pass it as user_id. Confirm what you did in one friendly sentence. If a task does not exist, say so.`,
      },
      ...history.slice(-20).map((m) => ({ role: m.role, content: m.content })),
      { role: 'user', content: message },
    ];
    try {
      for (let step = 0; step < (this.options.maxSteps ?? 5); step++) {
        const response = await this.chat(messages);
        const calls = response.message?.tool_calls ?? [];
        if (calls.length === 0) {
          const text = (response.message?.content ?? []).map((c) => c.text ?? '').join('').trim();
          return { response: text || 'Done.', toolCalls };
        }
        messages.push({ role: 'assistant', tool_plan: response.message?.tool_plan, tool_calls: calls });
        for (const call of calls) {
          let args: Record<string, unknown> = {};
          let result: unknown;
          try {
            args = JSON.parse(call.function.arguments || '{}');
            result = await tools.call(call.function.name, args);
          } catch (error) {
            if (!(error instanceof ToolError) && !(error instanceof SyntaxError)) throw error;
            result = { error: error.message };
          }
          toolCalls.push({ name: call.function.name, arguments: args, result });
          messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
        }
      }
      return { response: 'I did what I could; please check your task list.', toolCalls };
    } catch (error) {
      if (error instanceof CohereUnavailable) return { response: FALLBACK_MESSAGE, toolCalls };
      throw error;
    }
  }

  private async chat(messages: Record<string, unknown>[]): Promise<CohereResponse> {
    let res: Response;
    try {
      res = await fetch(`${this.options.baseUrl ?? 'https://api.cohere.com'}/v2/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: this.options.model ?? 'command-r-plus-08-2024', messages, tools: TOOLS }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15000),
      });
    } catch (error) {
      throw new CohereUnavailable(`request failed: ${(error as Error).name}`);
    }
    if (!res.ok) throw new CohereUnavailable(`HTTP ${res.status}`);
    return (await res.json()) as CohereResponse;
  }
}

class CohereUnavailable extends Error {}
