/**
 * Personal access tokens for external MCP clients: `todo_pat_` and 32 random bytes. Only a SHA-256
 * of each token is stored (the token has 256 bits of entropy, so a fast hash is enough), and the
 * token itself is shown once, when it is created.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Database } from '../db/database';
import { conflict } from '../errors';
import { AccessToken, CreatedAccessToken } from '../schemas';

export const ACCESS_TOKEN_PREFIX = 'todo_pat_';
/** Enough for every client a person uses; a runaway script gets a clear error instead of a full table. */
export const ACCESS_TOKENS_PER_USER = 50;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

interface TokenRow {
  id: number;
  name: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
}

const toAccessToken = (row: TokenRow): AccessToken => ({
  id: Number(row.id),
  name: row.name,
  created_at: new Date(row.created_at).toISOString(),
  last_used_at: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
});

export class AccessTokenService {
  constructor(private readonly db: Database) {}

  async create(userId: string, name: string): Promise<CreatedAccessToken> {
    const token = ACCESS_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    // The count and the insert in one statement, so concurrent creations cannot pass the limit together.
    const [row] = await this.db.query<TokenRow>(
      `INSERT INTO personal_access_tokens (user_id, name, token_hash)
       SELECT $1, $2, $3 WHERE (SELECT count(*) FROM personal_access_tokens WHERE user_id = $1) < $4
       RETURNING id, name, created_at, last_used_at`,
      [userId, name, hash(token), ACCESS_TOKENS_PER_USER],
    );
    if (!row)
      throw conflict(
        `you already have ${ACCESS_TOKENS_PER_USER} access tokens; revoke one you no longer use`,
      );
    return { ...toAccessToken(row), token };
  }

  async list(userId: string): Promise<AccessToken[]> {
    const rows = await this.db.query<TokenRow>(
      'SELECT id, name, created_at, last_used_at FROM personal_access_tokens WHERE user_id = $1 ORDER BY id',
      [userId],
    );
    return rows.map(toAccessToken);
  }

  /** False when the user has no such token. */
  async revoke(userId: string, id: number): Promise<boolean> {
    const rows = await this.db.query(
      'DELETE FROM personal_access_tokens WHERE user_id = $1 AND id = $2 RETURNING id',
      [userId, id],
    );
    return rows.length > 0;
  }

  /**
   * The user a token belongs to, or undefined. Notes the use, at most once a minute per token
   * (so a busy client does not turn every call into a write).
   */
  async verify(token: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ user_id: string }>(
      `WITH found AS (SELECT id, user_id, last_used_at FROM personal_access_tokens WHERE token_hash = $1),
       touched AS (
         UPDATE personal_access_tokens SET last_used_at = now()
         WHERE id = (SELECT id FROM found)
           AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
       )
       SELECT user_id FROM found`,
      [hash(token)],
    );
    return row?.user_id;
  }
}
