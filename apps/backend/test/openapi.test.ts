/**
 * /openapi.json, generated from the routes' schemas, and schemathesis (PyPI, pinned in
 * scripts/python-tools/requirements.txt) fuzzing the running backend against it with a valid token:
 * no answer may be a server error or break the document.
 */
import { expect } from 'expect';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RunningServer, signupOver, startServer } from './support/server';

const REPO_ROOT = join(__dirname, '..', '..', '..');
/** Examples per operation and phase: bounded, so the run stays near a minute on two busy cores. */
const MAX_EXAMPLES = process.env.SCHEMATHESIS_MAX_EXAMPLES ?? '15';

let server: RunningServer;
before(async () => {
  server = await startServer({ DATA_DIR: mkdtempSync(join(tmpdir(), 'todo-openapi-')), LOG_LEVEL: 'warn' });
});
after(() => server.stop());

type Operation = {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
  security?: object[];
};

describe('OpenAPI', () => {
  test('/openapi.json lists every route with every status and the error shape', async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, Operation>> };
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/health',
        '/ready',
        '/api/auth/signup',
        '/api/auth/login',
        '/api/auth/logout',
        '/api/{user_id}/tasks/',
        '/api/{user_id}/tasks/counts',
        '/api/{user_id}/tasks/{id}',
        '/api/{user_id}/tasks/{id}/complete',
        '/api/{user_id}/tasks/{id}/reopen',
        '/api/{user_id}/tokens/',
        '/api/{user_id}/tokens/{id}',
        '/api/{user_id}/chat',
        '/api/{user_id}/conversations',
        '/api/{user_id}/conversations/{id}/messages',
        '/mcp/',
      ].sort(),
    );
    const errorShape = {
      type: 'object',
      required: ['error', 'message'],
      properties: { error: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
    };
    const reopen = doc.paths['/api/{user_id}/tasks/{id}/reopen'].patch;
    expect(Object.keys(reopen.responses).sort()).toEqual(['200', '400', '401', '403', '404', '500', '503']);
    expect(reopen.security).toEqual([{ bearer: [] }]);
    for (const [path, operations] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(operations))
        for (const [status, response] of Object.entries(operation.responses))
          if (Number(status) >= 400 && !(path === '/ready' && status === '503'))
            expect({ path, method, status, schema: response.content?.['application/json'].schema }).toEqual({
              path,
              method,
              status,
              schema: expect.objectContaining(errorShape),
            });
    const add = doc.paths['/api/{user_id}/tasks/'].post;
    expect(Object.keys(add.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '413',
      '415',
      '500',
      '503',
    ]);
    expect(Object.keys(doc.paths['/api/auth/login'].post.responses).sort()).toEqual(
      ['200', '400', '401', '413', '415', '429', '500', '503'].sort(),
    );
  });

  test('schemathesis: 0 server errors and 0 answers that break the document, with a valid token', async (t) => {
    // Installed by its own process while this one keeps serving its event loop: a blocked loop
    // would keep a pooled keep-alive connection the server has closed meanwhile.
    const tools = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', 'scripts/python-tools/bin-dir.ts'],
        { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) =>
          resolve({ status: error ? ((error.code as number | undefined) ?? 1) : 0, stdout, stderr }),
      ),
    );
    if (tools.status !== 0) {
      if (/python3 with venv/.test(tools.stderr)) return t.skip(`SKIP: ${tools.stderr.trim()}`);
      throw new Error(`installing the Python tools failed:\n${tools.stderr}`);
    }
    const bin = tools.stdout.trim().split('\n').at(-1)!;
    const user = await signupOver(server.url);
    // Its own directory: schemathesis keeps files (.schemathesis/) where it runs, not in the checkout.
    const workDir = mkdtempSync(join(tmpdir(), 'todo-schemathesis-'));
    const config = join(workDir, 'schemathesis.toml');
    // The path's user_id is the signed-in user's, so the operations get past 403 and reach the handlers.
    writeFileSync(config, `[parameters]\n"path.user_id" = ${JSON.stringify(user.userId)}\n`);
    const run = spawnSync(
      join(bin, 'schemathesis'),
      [
        '--config-file',
        config,
        'run',
        `${server.url}/openapi.json`,
        '--header',
        `Authorization: Bearer ${user.token}`,
        '--checks',
        'not_a_server_error,response_schema_conformance',
        '--max-examples',
        MAX_EXAMPLES,
        '--seed',
        process.env.SCHEMATHESIS_SEED ?? '1',
        '--workers',
        '1',
        // MCP is JSON-RPC (tested with the official client); signing out would end the token mid-run.
        '--exclude-path',
        '/mcp/',
        '--exclude-path',
        '/api/auth/logout',
        '--no-color',
      ],
      { cwd: workDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 },
    );
    const summary = run.stdout.slice(run.stdout.indexOf('SUMMARY'));
    console.log(summary.trim());
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/No issues found/);
    expect(run.stdout).toMatch(/Tested: 18\b/);
  });
});
