/** Conversations and their messages, kept in the database so any replica (or a restarted one) continues them. */
import { Database } from '../db/database';
import { ConversationSummary, StoredMessage, ToolCall } from '../schemas';

export class ConversationStore {
  constructor(private readonly db: Database) {}

  async belongsTo(userId: string, conversationId: number): Promise<boolean> {
    return (
      (
        await this.db.query('SELECT 1 FROM conversations WHERE id = $1 AND user_id = $2', [
          conversationId,
          userId,
        ])
      ).length > 0
    );
  }

  async list(userId: string): Promise<ConversationSummary[]> {
    const rows = await this.db.query<{
      id: number;
      created_at: Date;
      updated_at: Date;
      title: string | null;
    }>(
      `SELECT c.id, c.created_at, c.updated_at,
              (SELECT content FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user'
               ORDER BY m.id LIMIT 1) AS title
       FROM conversations c WHERE c.user_id = $1 ORDER BY c.updated_at DESC, c.id DESC`,
      [userId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      created_at: iso(r.created_at),
      updated_at: iso(r.updated_at),
      title: (r.title ?? 'New conversation').slice(0, 80),
    }));
  }

  async messages(conversationId: number): Promise<StoredMessage[]> {
    const rows = await this.db.query<{
      id: number;
      role: 'user' | 'assistant';
      content: string;
      tool_calls: string;
      created_at: Date;
    }>(
      'SELECT id, role, content, tool_calls, created_at FROM messages WHERE conversation_id = $1 ORDER BY id',
      [conversationId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      role: r.role,
      content: r.content,
      tool_calls: JSON.parse(r.tool_calls),
      created_at: iso(r.created_at),
    }));
  }

  /** Starts a conversation with its first exchange, in one statement; returns its id. */
  async createWithExchange(
    userId: string,
    userMessage: string,
    reply: string,
    toolCalls: ToolCall[],
  ): Promise<number> {
    const [row] = await this.db.query<{ id: number }>(
      `WITH conversation AS (
         INSERT INTO conversations (user_id) VALUES ($1) RETURNING id
       ), saved AS (
         INSERT INTO messages (conversation_id, role, content, tool_calls)
         SELECT id, 'user', $2, '[]' FROM conversation
         UNION ALL
         SELECT id, 'assistant', $3, $4 FROM conversation
       )
       SELECT id FROM conversation`,
      [userId, userMessage, reply, JSON.stringify(toolCalls)],
    );
    return Number(row.id);
  }

  /** Saves one exchange (the user's message and the reply) and touches the conversation, in one statement. */
  async appendExchange(
    conversationId: number,
    userMessage: string,
    reply: string,
    toolCalls: ToolCall[],
  ): Promise<void> {
    await this.db.query(
      `WITH saved AS (
         INSERT INTO messages (conversation_id, role, content, tool_calls)
         VALUES ($1, 'user', $2, '[]'), ($1, 'assistant', $3, $4)
       )
       UPDATE conversations SET updated_at = now() WHERE id = $1`,
      [conversationId, userMessage, reply, JSON.stringify(toolCalls)],
    );
  }
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}
