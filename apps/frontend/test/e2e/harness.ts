/**
 * What every browser test needs: the backend (embedded database) and the built
 * frontend as real processes on free ports, Chromium driven by playwright-core,
 * and waits that are events or polls with a deadline (never a fixed sleep).
 *
 * TODO_BACKEND_DIR selects the backend checkout to test against (default: the
 * sibling apps/backend).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';

export const FRONTEND = join(__dirname, '..', '..');
export const BACKEND = resolve(process.env.TODO_BACKEND_DIR ?? join(FRONTEND, '..', 'backend'));
/**
 * Where the chat test saves its screenshot: the README's picture (docs/images/chat.png) when
 * UPDATE_SCREENSHOT=1, else a temporary file, so a test run leaves the checkout as it was.
 */
export const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? join(FRONTEND, '..', '..', 'docs', 'images', 'chat.png')
  : join(tmpdir(), `todo-e2e-chat-${process.pid}.png`);
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Generous: CI runs on two busy cores. A wait that hits it fails with what it waited for. */
export const DEADLINE_MS = 30_000;
/** Next.js sends usage data unless told not to; tests never do. */
export const NO_TELEMETRY = { NEXT_TELEMETRY_DISABLED: '1' };

export const browserMissing = !existsSync(CHROMIUM);
if (browserMissing)
  console.warn(
    `SKIP: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH): the browser tests are skipped.`,
  );
/** For `test(name, { skip }, fn)`. */
export const skip = browserMissing && 'Chromium is not installed';

/** Polls `check` until it returns a truthy value; fails after the deadline, naming what it awaited. */
export async function until<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = DEADLINE_MS,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}` +
          (lastError ? ` (last error: ${(lastError as Error).message})` : ''),
      );
    await new Promise((r) => setTimeout(r, delay));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A child process whose output is kept for error messages. */
export class Service {
  readonly proc: ChildProcess;
  private out = '';

  constructor(
    readonly name: string,
    args: string[],
    cwd: string,
    env: Record<string, string>,
  ) {
    this.proc = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, ...NO_TELEMETRY, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc.stdout!.on('data', (d) => (this.out += d));
    this.proc.stderr!.on('data', (d) => (this.out += d));
  }

  get log(): string {
    return this.out;
  }

  /** Resolves once `url` answers 2xx; fails at once if the process exits. */
  async waitUp(url: string): Promise<void> {
    await until(`${this.name} to answer ${url}`, async () => {
      if (this.proc.exitCode !== null) throw new Error(`${this.name} exited: ${this.out}`);
      return (await fetch(url)).ok;
    }).catch((error) => {
      throw new Error(`${error.message}\n${this.name} output:\n${this.out}`);
    });
  }

  /** Kills the process and resolves when it has exited (an event, not a guess). */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill(signal);
    await exited;
  }
}

export function buildApps(): void {
  execFileSync(process.execPath, [join(BACKEND, 'scripts', 'build-if-needed.mjs')], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(FRONTEND, 'scripts', 'build-if-needed.mjs')], {
    stdio: 'inherit',
    env: { ...process.env, ...NO_TELEMETRY },
  });
}

/** The backend on a fixed port and data directory, so a test can stop it and bring it back. */
export class Backend {
  service?: Service;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'e2e-data-'));
  // Fixed, so sessions survive a restart (the backend otherwise picks a random secret per process).
  private readonly jwtSecret = 'e2e-test-secret-0123456789abcdef';

  /** `env`: more settings for the backend process, e.g. TOKEN_TTL_SECONDS. */
  constructor(
    readonly port: number,
    private readonly env: Record<string, string> = {},
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.service = new Service('backend', [join(BACKEND, 'dist', 'server.js')], BACKEND, {
      PORT: String(this.port),
      HOST: '127.0.0.1',
      DATA_DIR: this.dataDir,
      JWT_SECRET: this.jwtSecret,
      LOG_LEVEL: 'warn',
      SHUTDOWN_DELAY_MS: '0',
      ...this.env,
    });
    await this.service.waitUp(`${this.url}/ready`);
  }

  /** SIGKILL by default (a crash); SIGTERM shuts down cleanly. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.service?.stop(signal);
  }
}

export interface Stack {
  backend: Backend;
  frontend: Service;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Fails at once, with the reason, when the backend predates the API this UI is
 * built for (per-user tasks in pages of {tasks, next_cursor}), instead of letting
 * every browser test time out.
 */
async function checkBackendApi(backendUrl: string): Promise<void> {
  const signup = await fetch(`${backendUrl}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: uniqueEmail('api-check'), password: 'a good password' }),
  });
  const { user_id: userId, token } = await signup.json();
  const res = await fetch(`${backendUrl}/api/${encodeURIComponent(userId)}/tasks?limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = await res.json();
  if (res.status !== 200 || !Array.isArray(body?.tasks) || !('next_cursor' in body))
    throw new Error(
      `the backend in ${BACKEND} answers GET /api/{user_id}/tasks with ${res.status} ` +
        `${JSON.stringify(body).slice(0, 200)}, not {tasks, next_cursor}: it predates the API ` +
        'this frontend uses (set TODO_BACKEND_DIR to a backend that has it)',
    );
}

/** Builds when needed, starts backend and frontend, launches Chromium. */
export async function startStack(): Promise<Stack> {
  buildApps();
  const backend = new Backend(await freePort());
  await backend.start();
  await checkBackendApi(backend.url).catch(async (error) => {
    await backend.stop();
    throw error;
  });
  const frontendPort = await freePort();
  const frontend = new Service('frontend', [join(FRONTEND, 'scripts', 'start.mjs')], FRONTEND, {
    PORT: String(frontendPort),
    HOSTNAME: '127.0.0.1',
    BACKEND_URL: backend.url,
  });
  const baseUrl = `http://127.0.0.1:${frontendPort}`;
  await frontend.waitUp(baseUrl);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    backend,
    frontend,
    baseUrl,
    browser,
    async close() {
      await browser.close();
      await frontend.stop('SIGTERM');
      await backend.stop();
    },
  };
}

/**
 * The stack for one test file: started before its first test, stopped after its
 * last. The object reads through to the running stack.
 */
export function stackForThisFile(): Stack {
  let running: Stack | undefined;
  before(async () => {
    if (!skip) running = await startStack();
  });
  after(() => running?.close());
  const get = () => {
    if (!running) throw new Error('the stack is not running (Chromium missing, or start-up failed)');
    return running;
  };
  return {
    get backend() {
      return get().backend;
    },
    get frontend() {
      return get().frontend;
    },
    get baseUrl() {
      return get().baseUrl;
    },
    get browser() {
      return get().browser;
    },
    close: () => get().close(),
  };
}

export const DESKTOP = { width: 1280, height: 760 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser context (own cookies) and page. */
export async function newPage(
  stack: Stack,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await stack.browser.newContext({ viewport });
  context.setDefaultTimeout(DEADLINE_MS);
  const page = await context.newPage();
  return { page, context };
}

export function uniqueEmail(name: string): string {
  return `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function signUp(page: Page, baseUrl: string, name: string): Promise<string> {
  const email = uniqueEmail(name);
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a good password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByLabel('Message').waitFor();
  return email;
}

/** Sends a chat message and resolves with the assistant's reply once it is shown. */
export async function send(page: Page, text: string): Promise<string> {
  const replies = page.locator('.message.assistant');
  const before = await replies.count();
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
  return (await replies.nth(before).locator('.bubble').textContent()) ?? '';
}

/** The session token from the httpOnly cookie (tests may read it; page scripts cannot). */
export async function sessionToken(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'todo_token');
  if (!cookie) throw new Error('no todo_token cookie: not signed in');
  return cookie.value;
}

/** The signed-in user's id (the backend's path parameter). */
export async function sessionUser(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'todo_user');
  if (!cookie) throw new Error('no todo_user cookie: not signed in');
  return decodeURIComponent(cookie.value);
}

/** Where an element is, and whether all of it lies inside the viewport. */
export async function placement(locator: Locator) {
  await locator.waitFor({ state: 'visible' });
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return {
      top: Math.round(r.top),
      bottom: Math.round(r.bottom),
      left: Math.round(r.left),
      right: Math.round(r.right),
      onScreen: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5,
    };
  });
}

/** The page is no wider than the window (nothing to scroll sideways). */
export async function pageWidth(page: Page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    viewport: innerWidth,
  }));
}

/** The app's alerts (Next.js adds an always-present, empty one of its own: its route announcer). */
export function alerts(page: Page): Locator {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)');
}

/**
 * The WCAG 2.x contrast ratio of each element matching `selector`: its computed text colour (with
 * its and its ancestors' opacity) against the first opaque background behind it. A string, not a
 * function: tsx would add helpers to a function that do not exist in the page.
 */
const CONTRAST_SOURCE = `(selector) => {
  const rgb = (css) => (css.match(/[\\d.]+/g) || []).map(Number);
  const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const [r, g, b, a = 1] = rgb(getComputedStyle(el).backgroundColor);
      if (a > 0) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const opacity = (el) => {
    let o = 1;
    for (; el; el = el.parentElement) o *= Number(getComputedStyle(el).opacity);
    return o;
  };
  return [...document.querySelectorAll(selector)].map((el) => {
    const bg = background(el);
    const [r, g, b, a = 1] = rgb(getComputedStyle(el).color);
    const alpha = a * opacity(el);
    const fg = [r, g, b].map((c, i) => c * alpha + bg[i] * (1 - alpha));
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    return { text: el.textContent.trim(), ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100 };
  });
}`;

export async function contrastRatios(
  page: Page,
  selector: string,
): Promise<{ text: string; ratio: number }[]> {
  return page.evaluate(`(${CONTRAST_SOURCE})(${JSON.stringify(selector)})`);
}
