import { randomUUID } from 'node:crypto';
import { Database } from '../db/database';
import { conflict, unauthorized } from '../errors';
import { hashPassword, verifyPassword } from './passwords';

/** Emails are compared case-insensitively and without surrounding spaces. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export class UserService {
  constructor(private readonly db: Database) {}

  async signup(email: string, password: string): Promise<string> {
    const hash = await hashPassword(password);
    const rows = await this.db.query<{ id: string }>(
      `INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [randomUUID(), normalizeEmail(email), hash],
    );
    if (rows.length === 0) throw conflict('an account with this email already exists', 'email');
    return rows[0].id;
  }

  async login(email: string, password: string): Promise<string> {
    const [user] = await this.db.query<{ id: string; password_hash: string }>(
      'SELECT id, password_hash FROM users WHERE email = $1',
      [normalizeEmail(email)],
    );
    // Same answer for an unknown email and a wrong password.
    if (!user || !(await verifyPassword(password, user.password_hash)))
      throw unauthorized('wrong email or password');
    return user.id;
  }
}
