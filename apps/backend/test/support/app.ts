/** In-process app on a fresh database, and helpers to call it. */
import { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app';
import { ChatAgent } from '../../src/chat/agent';
import { Config, loadConfig } from '../../src/config';
import { Database } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ JWT_SECRET: 'test-secret-0123456789abcdef', LOG_LEVEL: 'silent' }),
    dataDir: mkdtempSync(join(tmpdir(), 'todo-data-')),
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  config: Config;
  close(): Promise<void>;
}

export async function startApp(databaseUrl?: string, agent?: ChatAgent): Promise<TestApp> {
  const config = testConfig({ databaseUrl });
  const db = await openDatabase(config);
  const app = await buildApp({ config, db, agent, logger: false });
  await app.ready();
  return {
    app,
    db,
    config,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

export interface TestUser {
  userId: string;
  token: string;
  auth: { authorization: string };
}

let counter = 0;
export async function signup(app: FastifyInstance): Promise<TestUser> {
  const email = `user${Date.now()}-${++counter}@example.com`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email, password: 'correct horse battery' },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const { user_id, token } = res.json();
  return { userId: user_id, token, auth: { authorization: `Bearer ${token}` } };
}
