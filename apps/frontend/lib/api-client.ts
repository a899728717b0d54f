/**
 * The browser's calls, all to this origin (the server proxies them to the backend). The shapes are the
 * backend's own (lib/api-types.ts), so a changed backend response fails this app's typecheck.
 */
import type {
  AccessToken,
  ChatReply,
  ConversationSummary,
  CreatedAccessToken,
  StoredMessage,
  Task,
  TaskCounts,
  TaskListQuery,
  TaskPage,
} from './api-types';

export type { AccessToken, Task, TaskCounts, TaskPage, TaskStatus, ToolCall } from './api-types';

/** A message as the chat shows it: one not yet stored (the user's, while it is sent) has no id. */
export type Message = Omit<StoredMessage, 'id' | 'created_at'> & { id?: number };
export type Conversation = ConversationSummary;

export type Field = 'email' | 'password';

/** A failed call: the status tells "signed out" from "backend down"; `field` ties a message to an input. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly field?: Field,
  ) {
    super(message);
  }

  /** The service could not be reached or is down (not a problem with the request). */
  get isOutage(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

async function call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      // A JSON content type only with a JSON body: servers refuse the header on an empty body.
      ...(init.body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Check your connection.');
  }
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const field = body.field === 'email' || body.field === 'password' ? body.field : undefined;
    throw new ApiError(res.status, body.message ?? `request failed (${res.status})`, field);
  }
  return body as T;
}

const user = (userId: string) => `/api/${encodeURIComponent(userId)}`;

export const api = {
  session: () => call<{ user_id: string }>('/auth/session'),
  login: (email: string, password: string) =>
    call<{ user_id: string }>('/auth/login', { method: 'POST', body: { email, password } }),
  signup: (email: string, password: string) =>
    call<{ user_id: string }>('/auth/signup', { method: 'POST', body: { email, password } }),
  logout: () => call<void>('/auth/logout', { method: 'POST' }),
  tasks: (userId: string, query: TaskListQuery) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    return call<TaskPage>(`${user(userId)}/tasks?${params}`);
  },
  counts: (userId: string) => call<TaskCounts>(`${user(userId)}/tasks/counts`),
  complete: (userId: string, id: number) =>
    call<Task>(`${user(userId)}/tasks/${id}/complete`, { method: 'PATCH' }),
  reopen: (userId: string, id: number) =>
    call<Task>(`${user(userId)}/tasks/${id}/reopen`, { method: 'PATCH' }),
  conversations: (userId: string) => call<Conversation[]>(`${user(userId)}/conversations`),
  messages: (userId: string, conversationId: number) =>
    call<Message[]>(`${user(userId)}/conversations/${conversationId}/messages`),
  chat: (userId: string, message: string, conversationId?: number) =>
    call<ChatReply>(`${user(userId)}/chat`, {
      method: 'POST',
      body: conversationId ? { message, conversation_id: conversationId } : { message },
    }),
  tokens: (userId: string) => call<AccessToken[]>(`${user(userId)}/tokens`),
  createToken: (userId: string, name: string) =>
    call<CreatedAccessToken>(`${user(userId)}/tokens`, { method: 'POST', body: { name } }),
  revokeToken: (userId: string, id: number) =>
    call<void>(`${user(userId)}/tokens/${id}`, { method: 'DELETE' }),
};
