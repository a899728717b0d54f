/** In-process app on a fresh database, and helpers to call it. */
import { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app';
import { Clock } from '../../src/auth/rate-limit-store';
import { ChatAgent } from '../../src/chat/agent';
import { Config, loadConfig } from '../../src/config';
import { Database } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';
import { AppMetrics } from '../../src/metrics/metrics';

export const TEST_SECRET = 'test-secret-0123456789abcdef';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' }),
    dataDir: mkdtempSync(join(tmpdir(), 'todo-data-')),
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  config: Config;
  /** The metrics the app records, when startApp was asked for them. */
  metrics?: AppMetrics;
  close(): Promise<void>;
}

export async function startApp(
  databaseUrl?: string,
  options: {
    agent?: ChatAgent;
    clock?: Clock;
    config?: Partial<Config>;
    /** Record metrics here (made with the app's database). */
    metrics?: (db: Database) => AppMetrics;
  } = {},
): Promise<TestApp> {
  const config = testConfig({ databaseUrl, ...options.config });
  const db = await openDatabase(config);
  const metrics = options.metrics?.(db);
  const { agent, clock } = options;
  const app = await buildApp({ config, db, agent, clock, metrics, logger: false });
  await app.ready();
  return {
    app,
    db,
    config,
    metrics,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

export interface TestUser {
  userId: string;
  email: string;
  token: string;
  auth: { authorization: string };
}

export const TEST_PASSWORD = 'correct horse battery';

let counter = 0;
export const uniqueEmail = (label = 'user') =>
  `${label}${process.pid}-${Date.now()}-${++counter}@example.com`;

export async function signup(app: FastifyInstance, email = uniqueEmail()): Promise<TestUser> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email, password: TEST_PASSWORD },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const { user_id, token } = res.json();
  return { userId: user_id, email, token, auth: { authorization: `Bearer ${token}` } };
}
