/**
 * End to end in a real browser: the backend (embedded database) and the built
 * frontend as processes, Chromium driven by playwright-core. Sign up, add a task
 * by chat, see it in the panel, complete it by chat, reload, and find the history.
 */
import { expect } from 'expect';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Browser, chromium, Page } from 'playwright-core';

const FRONTEND = join(__dirname, '..', '..');
const BACKEND = join(FRONTEND, '..', 'backend');
const SCREENSHOT = join(FRONTEND, '..', '..', 'docs', 'images', 'chat.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitUp(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`process exited: ${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up: ${log()}`);
}

function startProcess(args: string[], cwd: string, env: Record<string, string>) {
  const proc = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return { proc, log: () => out };
}

const browserMissing = !existsSync(CHROMIUM);
if (browserMissing)
  console.warn(
    `SKIP: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH): the browser test is skipped.`,
  );

let backend: ReturnType<typeof startProcess>;
let frontend: ReturnType<typeof startProcess>;
let browser: Browser;
let baseUrl: string;

before(async () => {
  if (browserMissing) return;
  execFileSync(process.execPath, [join(BACKEND, 'scripts', 'build-if-needed.mjs')], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(FRONTEND, 'scripts', 'build-if-needed.mjs')], { stdio: 'inherit' });
  const [backendPort, frontendPort] = [await freePort(), await freePort()];
  backend = startProcess([join(BACKEND, 'dist', 'server.js')], BACKEND, {
    PORT: String(backendPort),
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'e2e-data-')),
    LOG_LEVEL: 'warn',
    SHUTDOWN_DELAY_MS: '0',
  });
  await waitUp(`http://127.0.0.1:${backendPort}/ready`, backend.proc, backend.log);
  frontend = startProcess([join(FRONTEND, 'scripts', 'start.mjs')], FRONTEND, {
    PORT: String(frontendPort),
    HOSTNAME: '127.0.0.1',
    BACKEND_URL: `http://127.0.0.1:${backendPort}`,
  });
  baseUrl = `http://127.0.0.1:${frontendPort}`;
  await waitUp(baseUrl, frontend.proc, frontend.log);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  frontend?.proc.kill();
  backend?.proc.kill();
});

async function signUp(page: Page, name: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Email').fill(`${name}-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a good password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByLabel('Message').waitFor();
}

async function send(page: Page, text: string, expectReply: RegExp): Promise<void> {
  const before = await page.locator('.message.assistant').count();
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
  await expect(
    await page.locator('.message.assistant').nth(before).locator('.bubble').textContent({ timeout: 15000 }),
  ).toMatch(expectReply);
}

test(
  'sign up, add a task by chat, complete it by chat, reload and keep the history',
  { skip: browserMissing && 'Chromium is not installed' },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await signUp(page, 'e2e');

    // The token lives in an httpOnly cookie, invisible to page scripts.
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/todo_token/);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'todo_token')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await send(page, 'add a task to buy milk', /Added task #\d+: "buy milk"/);
    await expect(await page.locator('.message.assistant .chip').first().textContent()).toMatch(
      /add_task #\d+/,
    );
    const milk = page.getByRole('button', { name: /Complete task \d+: buy milk/ });
    await milk.waitFor({ timeout: 10000 });
    const id = (await milk.getAttribute('aria-label'))!.match(/task (\d+)/)![1];

    await send(page, 'remind me to call mom', /Added task #\d+: "call mom"/);
    await send(page, `mark task ${id} as complete`, new RegExp(`Marked task #${id} "buy milk" as complete`));
    await page.locator('[data-testid="completed-task"]', { hasText: 'buy milk' }).waitFor({ timeout: 10000 });
    await expect(await page.getByRole('button', { name: /Complete task \d+: call mom/ }).count()).toBe(1);

    await page.reload();
    await page.locator('.message.user', { hasText: 'add a task to buy milk' }).waitFor({ timeout: 15000 });
    expect(await page.locator('.message').count()).toBe(6);
    await page.locator('[data-testid="completed-task"]', { hasText: 'buy milk' }).waitFor();

    await send(page, 'show me my pending tasks', /call mom/);
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    await page.close();
  },
);

test(
  'a phone-width screen keeps the chat usable, and a backend outage is explained',
  { skip: browserMissing && 'Chromium is not installed' },
  async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signUp(page, 'phone');
    await send(page, 'add a task to stretch', /Added task/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);

    backend.proc.kill('SIGKILL');
    await page.getByLabel('Message').fill('show my tasks');
    await page.getByLabel('Message').press('Enter');
    await expect(await page.locator('.chat [role="alert"]').textContent({ timeout: 15000 })).toMatch(
      /unavailable/,
    );
    await page.close();
  },
);
