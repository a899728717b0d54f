/**
 * Server-side sessions behind the JWTs: each token carries a session id (jti) that must still exist,
 * so signing out (deleting the row) revokes the token on every replica at once.
 */
import { randomBytes } from 'node:crypto';
import { Database } from '../db/database';

/** Sessions remembered as active, at most (the oldest are forgotten first). */
const REMEMBERED = 10_000;

export class SessionStore {
  /** Active sessions (id → user and expiry), kept only when this process is the database's only writer. */
  private readonly active = new Map<string, { userId: string; expiresAt: number }>();

  /**
   * @param exclusive true when no other process writes this database (the embedded one lives in this
   *   process): then what this process knows about sessions is the whole truth, and checking a session
   *   needs no query. With a shared PostgreSQL, another replica may sign a session out, so every check asks.
   */
  constructor(
    private readonly db: Database,
    private readonly exclusive = false,
  ) {}

  private remember(id: string, userId: string, expiresAt: number): void {
    if (!this.exclusive) return;
    if (this.active.size >= REMEMBERED) this.active.delete(this.active.keys().next().value as string);
    this.active.set(id, { userId, expiresAt });
  }

  /** A new session for the user; returns its id. Also sweeps the user's expired sessions. */
  async create(userId: string, ttlSeconds: number): Promise<string> {
    const id = randomBytes(18).toString('base64url');
    const [row] = await this.db.query<{ expires_ms: number }>(
      `WITH swept AS (DELETE FROM sessions WHERE user_id = $2 AND expires_at <= now())
       INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       RETURNING (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms`,
      [id, userId, ttlSeconds],
    );
    this.remember(id, userId, Number(row.expires_ms));
    return id;
  }

  async isActive(sessionId: string, userId: string): Promise<boolean> {
    const known = this.active.get(sessionId);
    if (known) return known.userId === userId && known.expiresAt > Date.now();
    const [row] = await this.db.query<{ expires_ms: number }>(
      `SELECT (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms
       FROM sessions WHERE id = $1 AND user_id = $2 AND expires_at > now()`,
      [sessionId, userId],
    );
    if (row) this.remember(sessionId, userId, Number(row.expires_ms));
    return row !== undefined;
  }

  async revoke(sessionId: string): Promise<void> {
    this.active.delete(sessionId);
    await this.db.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
  }
}
