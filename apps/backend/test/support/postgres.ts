/**
 * A throwaway PostgreSQL server for tests: initdb into a temporary directory and
 * pg_ctl start on a free loopback port (as the postgres user when running as
 * root, since PostgreSQL refuses to run as root). TEST_DATABASE_URL skips this.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server';

export interface PostgresServer {
  url: string;
  stop(): void;
  start(): void;
}

function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(base, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
}

export function postgresAvailable(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL) || binDir() !== undefined;
}

export interface PostgresOptions {
  /** false: initialize and pick the port, but leave it to the test to start() it. */
  started?: boolean;
  /** Require this password for TCP connections (scram-sha-256) instead of trusting them. */
  password?: string;
}

export async function startPostgres({
  started = true,
  password,
}: PostgresOptions = {}): Promise<PostgresServer> {
  if (process.env.TEST_DATABASE_URL && started && !password)
    return { url: process.env.TEST_DATABASE_URL, stop: () => undefined, start: () => undefined };
  const bin = binDir();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'todo-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (cmd: string, args: string[]) => {
    const [head, ...rest] = [...asPostgres, join(bin, cmd), ...args];
    execFileSync(head, rest, { stdio: 'pipe' });
  };
  const auth = ['-A', 'trust'];
  if (password) {
    const file = join(dir, 'password');
    writeFileSync(file, password, { mode: 0o644 });
    auth.splice(0, 2, '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${file}`);
  }
  run('initdb', ['-D', data, ...auth, '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  let running = false;
  const start = () => {
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
    running = true;
  };
  // Stopping a stopped server is a no-op, so tests can stop in `finally` whatever happened.
  const stop = () => {
    if (running) run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    running = false;
  };
  if (started) start();
  const credentials = password ? `postgres:${encodeURIComponent(password)}` : 'postgres';
  return { url: `postgres://${credentials}@127.0.0.1:${port}/postgres`, start, stop };
}
