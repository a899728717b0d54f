/**
 * `npm run dev` (scripts/dev.ts) as a developer uses it: the frontend starts only once the backend
 * is ready, the dev server's page raises no CSP error (its overlay styles are allowed in development
 * only), and stopping the backend neither stops the frontend nor signs anyone out: dev.ts starts it
 * again with the same per-checkout secret, kept in a git-ignored file.
 */
import { expect } from 'expect';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  FRONTEND,
  freePort,
  NO_TELEMETRY,
  send,
  signUp,
  skip,
  until,
} from './harness';

const REPO_ROOT = join(FRONTEND, '..', '..');
/** `next dev` compiles each page on its first request: much slower than the built app on two busy cores. */
const DEV_DEADLINE_MS = 240_000;

/** dev.ts with its own ports, data directory and secret file; its output is kept with timestamps. */
class DevRun {
  readonly proc: ChildProcess;
  readonly lines: { at: number; text: string }[] = [];

  constructor(
    readonly backendPort: number,
    readonly frontendPort: number,
    env: Record<string, string>,
  ) {
    this.proc = spawn(process.execPath, ['--import', 'tsx', join('scripts', 'dev.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...NO_TELEMETRY,
        ...env,
        BACKEND_PORT: String(backendPort),
        FRONTEND_PORT: String(frontendPort),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.proc.stdout!, this.proc.stderr!])
      stream.on('data', (d: Buffer) => {
        for (const text of d.toString().split('\n'))
          if (text.trim()) this.lines.push({ at: Date.now(), text });
      });
  }

  get output(): string {
    return this.lines.map((l) => l.text).join('\n');
  }

  /** The process group of the backend dev.ts started last (it prints it for `kill -- -PID`). */
  backendGroup(after = 0): number | undefined {
    const line = this.lines
      .slice(after)
      .find((l) => /\[dev\] backend started \(process group \d+\)/.test(l.text));
    return line ? Number(line.text.match(/process group (\d+)/)![1]) : undefined;
  }

  /** Every process group dev.ts started (backends and the frontend). */
  groups(): number[] {
    return this.lines.flatMap((l) => {
      const m = l.text.match(/^\[dev\] \w+ started \(process group (\d+)\)/);
      return m ? [Number(m[1])] : [];
    });
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    await exited;
  }
}

const backendReady = (port: number) =>
  fetch(`http://127.0.0.1:${port}/ready`).then(
    (r) => r.ok,
    () => false,
  );

test('npm run dev: ready order, no CSP errors, a backend restart keeps the session', { skip }, async () => {
  const state = mkdtempSync(join(tmpdir(), 'e2e-dev-'));
  const dev = new DevRun(await freePort(), await freePort(), {
    TODO_DEV_DIR: join(state, 'dev'),
    DATA_DIR: join(state, 'data'),
    JWT_SECRET: '',
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  after(async () => {
    await browser.close();
    await dev.stop();
    // dev.ts stops its apps when it is stopped; make sure, by process group, before removing their data.
    for (const group of dev.groups())
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // gone already
      }
    rmSync(state, { recursive: true, force: true });
  });
  const fail = (what: string) => (error: Error) => {
    throw new Error(`${error.message} (${what})\ndev output:\n${dev.output.slice(-4000)}`);
  };

  // 1. The frontend starts only when the backend is ready: at its first line, /ready answers 200.
  await until(
    'the first line of the frontend',
    () => dev.lines.find((l) => l.text.startsWith('[frontend]')),
    DEV_DEADLINE_MS,
  ).catch(fail('start-up'));
  expect({ readyWhenFrontendStarted: await backendReady(dev.backendPort) }).toEqual({
    readyWhenFrontendStarted: true,
  });

  // 2. The per-checkout secret: created once, owner-only, never printed.
  const secretFile = join(state, 'dev', 'jwt-secret');
  const secret = readFileSync(secretFile, 'utf8').trim();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  expect(statSync(secretFile).mode & 0o777).toBe(0o600);

  // 3. The dev page, used, raises no CSP error (the dev overlay injects inline styles).
  const baseUrl = `http://localhost:${dev.frontendPort}`;
  await until(
    'the dev frontend to answer',
    () =>
      fetch(baseUrl).then(
        (r) => r.ok,
        () => false,
      ),
    DEV_DEADLINE_MS,
  ).catch(fail('frontend'));
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  context.setDefaultTimeout(DEV_DEADLINE_MS);
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
  });
  await signUp(page, baseUrl, 'dev');
  // The dev overlay (Next.js's <nextjs-portal>) injects its inline styles once it is up: wait for them,
  // so a policy that blocks them has had its chance to be reported below.
  await page.waitForFunction(
    "(document.querySelector('nextjs-portal')?.shadowRoot?.querySelectorAll('style').length ?? 0) > 0",
  );
  expect(await send(page, 'add a task to water the plants')).toMatch(/water the plants/);
  await page.getByRole('button', { name: /Complete task \d+: water the plants/ }).waitFor();
  expect(cspErrors).toEqual([]);
  const policy = (await fetch(baseUrl)).headers.get('content-security-policy') ?? '';
  expect(policy).toContain("style-src 'self' 'unsafe-inline'");

  // 4. The backend stops (as when a developer restarts it): the frontend keeps serving, dev.ts
  //    starts the backend again, and the same browser session goes on working.
  const seen = dev.lines.length;
  const group = dev.backendGroup();
  expect(group).toBeDefined();
  process.kill(-group!, 'SIGTERM');
  await until('dev.ts to say it restarts the backend', () =>
    dev.lines.slice(seen).some((l) => /\[dev\] backend exited .* restarting/.test(l.text)),
  ).catch(fail('restart'));
  expect((await fetch(baseUrl)).ok).toBe(true);
  await until('a new backend process group', () => dev.backendGroup(seen), DEV_DEADLINE_MS).catch(
    fail('restart'),
  );
  await until(
    'the restarted backend to be ready',
    () => backendReady(dev.backendPort),
    DEV_DEADLINE_MS,
  ).catch(fail('restart'));
  await page.reload();
  await page.getByRole('button', { name: /Complete task \d+: water the plants/ }).waitFor();
  // The conversation is back too (send() below counts the replies already shown).
  await page.locator('.message.assistant', { hasText: 'water the plants' }).waitFor();
  expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
  expect(await send(page, 'add a task to feed the cat')).toMatch(/feed the cat/);
  expect(readFileSync(secretFile, 'utf8').trim()).toBe(secret);
  expect(dev.output).not.toContain(secret);
  expect(cspErrors).toEqual([]);
  await context.close();
});
