/**
 * The frontend's API types are the backend's (lib/api-types.ts): a backend response schema that changes
 * fails this app's typecheck. Checked on a temporary copy of the app beside a changed copy of the
 * backend's schemas, with the same tsc and tsconfig as `npm test`.
 */
import { expect } from 'expect';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { PAGE_LIMIT_MAX } from '../../../backend/src/schemas';
import { MAX_LIMIT } from '../../hooks/use-task-list';

const FRONTEND = join(__dirname, '..', '..');
const BACKEND = join(FRONTEND, '..', 'backend');
const SOURCES = ['tsconfig.json', 'proxy.ts', 'app', 'components', 'hooks', 'lib'];

/** Replaces `from` once in `text`, failing loudly when the schema no longer reads that way. */
function flip(text: string, from: string, to: string): string {
  if (!text.includes(from))
    throw new Error(`the backend's schemas no longer contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

describe("the backend's schemas are the frontend's types", () => {
  const root = mkdtempSync(join(tmpdir(), 'todo-api-types-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  test('renaming a field of a backend response fails the frontend typecheck where the field is used', () => {
    const frontend = join(root, 'apps', 'frontend');
    const backendSrc = join(root, 'apps', 'backend', 'src');
    mkdirSync(frontend, { recursive: true });
    mkdirSync(backendSrc, { recursive: true });
    for (const source of SOURCES) cpSync(join(FRONTEND, source), join(frontend, source), { recursive: true });
    symlinkSync(join(FRONTEND, 'node_modules'), join(frontend, 'node_modules'));
    symlinkSync(join(BACKEND, 'node_modules'), join(root, 'apps', 'backend', 'node_modules'));
    let schemas = readFileSync(join(BACKEND, 'src', 'schemas.ts'), 'utf8');
    schemas = flip(schemas, 'next_cursor: Type.Union', 'cursor_next: Type.Union');
    schemas = flip(schemas, 'expires_in: Type.Integer', 'expires_at: Type.Integer');
    writeFileSync(join(backendSrc, 'schemas.ts'), schemas);

    const tsc = spawnSync(
      process.execPath,
      [
        join(FRONTEND, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        frontend,
        '--noEmit',
        '--incremental',
        'false',
      ],
      { encoding: 'utf8', timeout: 300_000 },
    );
    const output = tsc.stdout + tsc.stderr;
    expect(tsc.status).toBe(2);
    expect(output).toMatch(
      /hooks\/use-task-list\.ts\(\d+,\d+\): error TS\d+: Property 'next_cursor' does not exist/,
    );
    expect(output).toMatch(/lib\/session\.ts\(\d+,\d+\): error TS\d+: Property 'expires_in' does not exist/);
  });

  test("the task list asks for at most the backend's page size", () => {
    expect(MAX_LIMIT).toBe(PAGE_LIMIT_MAX);
  });
});
