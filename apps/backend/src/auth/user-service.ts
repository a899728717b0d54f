import { randomUUID } from 'node:crypto';
import { Database } from '../db/database';
import { conflict, unauthorized } from '../errors';
import { hashPassword, verifyPassword } from './passwords';

export class UserService {
  constructor(private readonly db: Database) {}

  async signup(email: string, password: string): Promise<string> {
    const normalized = email.trim().toLowerCase();
    const hash = await hashPassword(password);
    const id = randomUUID();
    const rows = await this.db.query<{ id: string }>(
      'INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING RETURNING id',
      [id, normalized, hash],
    );
    if (rows.length === 0) throw conflict('an account with this email already exists');
    return id;
  }

  async login(email: string, password: string): Promise<string> {
    const [user] = await this.db.query<{ id: string; password_hash: string }>(
      'SELECT id, password_hash FROM users WHERE email = $1',
      [email.trim().toLowerCase()],
    );
    // Same answer for an unknown email and a wrong password.
    if (!user || !(await verifyPassword(password, user.password_hash)))
      throw unauthorized('wrong email or password');
    return user.id;
  }

  async exists(userId: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM users WHERE id = $1', [userId])).length > 0;
  }
}
