/**
 * Cohere chat (v2 API, through the official cohere-ai SDK) with tool use over the same five task
 * tools. One turn has one time budget and no retries. When Cohere is unreachable, times out or
 * refuses the key, the embedded agent answers that turn instead (the reply says so in one line, the
 * log says why), unless a tool already ran: then the reply reports what was done, so nothing runs twice.
 */
import { CohereClientV2, CohereError, CohereTimeoutError } from 'cohere-ai';
import { z } from 'zod';
import { ToolCall } from '../schemas';
import { AgentInput, AgentReply, ChatAgent } from './agent';
import { TOOL_NAMES, TOOL_SCHEMAS, ToolError } from './task-tools';

export interface CohereOptions {
  apiKey: string;
  model: string;
  baseUrl?: string;
  /** For the whole turn, every model call included. */
  timeoutMs: number;
  maxSteps?: number;
  /** Answers when Cohere cannot. */
  fallback: ChatAgent;
}

export const FALLBACK_NOTE =
  "(The AI assistant isn't reachable right now, so the built-in assistant answered.)";
export const INTERRUPTED_NOTE =
  'The AI assistant stopped responding partway; here is what was done. ' +
  'Please check your tasks and try again if needed.';

const SYSTEM_PROMPT =
  "You manage the user's todo list with the tools. Tasks are numbered per user (task_id). " +
  'Confirm what you did in one friendly sentence. If a task does not exist, say so.';

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

/** Cohere could not answer; `reason` is for the log. */
class CohereUnavailable extends Error {}

function failureReason(error: unknown, deadline: AbortSignal, timeoutMs: number): string {
  if (error instanceof CohereTimeoutError || deadline.aborted) return `timed out after ${timeoutMs} ms`;
  if (error instanceof CohereError && error.statusCode !== undefined) {
    if (error.statusCode === 401 || error.statusCode === 498)
      return `API key refused (HTTP ${error.statusCode})`;
    return `HTTP ${error.statusCode}`;
  }
  // Network failures: fetch's TypeError carries the system error (ECONNREFUSED, ENOTFOUND...) as its cause.
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return `unreachable (${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return `unreachable (${(error as Error)?.message ?? String(error)})`;
}

export class CohereAgent implements ChatAgent {
  readonly name = 'cohere';
  private readonly client: CohereClientV2;

  constructor(private readonly options: CohereOptions) {
    this.client = new CohereClientV2({
      token: options.apiKey,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    });
  }

  async reply(input: AgentInput): Promise<AgentReply> {
    const toolCalls: ToolCall[] = [];
    try {
      return await this.converse(input, toolCalls);
    } catch (error) {
      if (!(error instanceof CohereUnavailable)) throw error;
      input.log.warn(
        { reason: error.message, model: this.options.model, toolsAlreadyRun: toolCalls.length },
        `Cohere unavailable: ${error.message}; the embedded agent answers this turn`,
      );
      if (toolCalls.length > 0) return { response: INTERRUPTED_NOTE, toolCalls };
      const fallback = await this.options.fallback.reply(input);
      return {
        response: `${FALLBACK_NOTE}\n${fallback.response}`,
        toolCalls: fallback.toolCalls,
        answeredBy: this.options.fallback.name,
      };
    }
  }

  private async converse(
    { message, history, tools }: AgentInput,
    toolCalls: ToolCall[],
  ): Promise<AgentReply> {
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    const messages: ChatMessage[] = [
      { role: 'system', content: SYSTEM_PROMPT },
      ...history.slice(-20).map((m): ChatMessage => ({ role: m.role, content: m.content })),
      { role: 'user', content: message },
    ];
    for (let step = 0; step < (this.options.maxSteps ?? 5); step++) {
      const response = await this.chat(messages, deadline);
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
  }

  private async chat(messages: ChatMessage[], deadline: AbortSignal) {
    try {
      return await this.client.chat(
        { model: this.options.model, messages, tools: TOOLS as ChatRequest['tools'] },
        { timeoutInSeconds: this.options.timeoutMs / 1000, maxRetries: 0, abortSignal: deadline },
      );
    } catch (error) {
      throw new CohereUnavailable(failureReason(error, deadline, this.options.timeoutMs));
    }
  }
}
