/** The browser's calls, all to this origin (the server proxies them to the backend). */
export interface Task {
  id: number;
  title: string;
  description: string;
  completed: boolean;
}

export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
  result: unknown;
}

export interface Message {
  id?: number;
  role: 'user' | 'assistant';
  content: string;
  tool_calls: ToolCall[];
}

export interface Conversation {
  id: number;
  title: string;
  updated_at: string;
}

/** A failed call, with the status so the UI can tell "signed out" from "backend down". */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Check your connection.');
  }
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.message ?? `request failed (${res.status})`);
  return body as T;
}

export const api = {
  session: () => call<{ user_id: string }>('/auth/session'),
  login: (email: string, password: string) =>
    call<{ user_id: string }>('/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) }),
  signup: (email: string, password: string) =>
    call<{ user_id: string }>('/auth/signup', { method: 'POST', body: JSON.stringify({ email, password }) }),
  logout: () => call<void>('/auth/logout', { method: 'POST' }),
  tasks: (userId: string) => call<Task[]>(`/api/${userId}/tasks`),
  complete: (userId: string, id: number) =>
    call<Task>(`/api/${userId}/tasks/${id}/complete`, { method: 'PATCH' }),
  conversations: (userId: string) => call<Conversation[]>(`/api/${userId}/conversations`),
  messages: (userId: string, conversationId: number) =>
    call<Message[]>(`/api/${userId}/conversations/${conversationId}/messages`),
  chat: (userId: string, message: string, conversationId?: number) =>
    call<{ conversation_id: number; response: string; tool_calls: ToolCall[] }>(`/api/${userId}/chat`, {
      method: 'POST',
      body: JSON.stringify(conversationId ? { message, conversation_id: conversationId } : { message }),
    }),
};
