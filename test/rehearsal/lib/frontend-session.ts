/**
 * A user of the app as a browser is one: every request goes to the frontend, which
 * keeps the session in its cookies and proxies /api to the backend.
 */
export interface Task {
  id: number;
  title: string;
  completed: boolean;
}

export interface ChatReply {
  conversation_id: number;
  response: string;
  tool_calls: { name: string; arguments: Record<string, unknown>; result: unknown }[];
}

export class FrontendSession {
  private readonly cookies = new Map<string, string>();
  userId = '';

  /** `send` stands in for fetch, e.g. to reach an Ingress by its host name (see test/cluster). */
  constructor(
    private readonly baseUrl: string,
    private readonly send: typeof fetch = fetch,
  ) {}

  async signUp(email: string, password: string): Promise<void> {
    const body = await this.request<{ user_id: string }>('POST', '/auth/signup', { email, password }, 201);
    this.userId = body.user_id;
  }

  async signIn(email: string, password: string): Promise<void> {
    const body = await this.request<{ user_id: string }>('POST', '/auth/login', { email, password });
    this.userId = body.user_id;
  }

  chat(message: string, conversationId?: number): Promise<ChatReply> {
    return this.request('POST', `/api/${this.userId}/chat`, { message, conversation_id: conversationId });
  }

  async tasks(): Promise<Task[]> {
    // A bare list, or {tasks, next_cursor} with paging.
    const body = await this.request<Task[] | { tasks: Task[] }>(
      'GET',
      `/api/${this.userId}/tasks?status=all`,
    );
    return Array.isArray(body) ? body : body.tasks;
  }

  /** The status of the sign-in page, as a visitor's browser gets it (no session needed). */
  async health(): Promise<number> {
    const response = await this.send(`${this.baseUrl}/`, { signal: AbortSignal.timeout(10000) });
    await response.arrayBuffer();
    return response.status;
  }

  /** A personal access token for MCP clients (shown once). */
  async createToken(name: string): Promise<string> {
    return (await this.request<{ token: string }>('POST', `/api/${this.userId}/tokens`, { name }, 201)).token;
  }

  conversations(): Promise<{ id: number }[]> {
    return this.request('GET', `/api/${this.userId}/conversations`);
  }

  messages(conversationId: number): Promise<{ role: string; content: string }[]> {
    return this.request('GET', `/api/${this.userId}/conversations/${conversationId}/messages`);
  }

  private async request<T>(method: string, path: string, body?: unknown, expected = 200): Promise<T> {
    const response = await this.send(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30000),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const text = await response.text();
    if (response.status !== expected)
      throw new Error(
        `${method} ${path} through the frontend: HTTP ${response.status} (expected ${expected}): ${text}`,
      );
    return JSON.parse(text) as T;
  }
}
