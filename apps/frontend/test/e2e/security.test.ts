/**
 * Security headers: every page has a nonce-based Content-Security-Policy that
 * forbids framing, plus X-Frame-Options and a Referrer-Policy; the app runs
 * under that policy without a single violation, and the policy does block what
 * it should (an injected inline script, framing by another origin).
 */
import { expect } from 'expect';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { BrowserContext } from 'playwright-core';
import { newPage, PHONE, send, signUp, skip, stackForThisFile, until } from './harness';

const stack = stackForThisFile();

/** Records every CSP violation the browser reports, from events and from console messages. */
async function watchViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`,
      ),
    ),
  );
  context.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  return violations;
}

test(
  'pages carry a nonce-based CSP, frame-ancestors none, X-Frame-Options and Referrer-Policy',
  { skip },
  async () => {
    const [first, second] = [await fetch(stack.baseUrl), await fetch(stack.baseUrl)];
    const csp = first.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');

    // A fresh nonce per response, and it is the one on the page's scripts.
    const nonceOf = (policy: string) => policy.match(/'nonce-([^']+)'/)![1];
    const nonce = nonceOf(csp);
    expect(nonceOf(second.headers.get('content-security-policy')!)).not.toBe(nonce);
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    // The JSON routes get the static headers too.
    const api = await fetch(`${stack.baseUrl}/auth/session`);
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('referrer-policy')).toBe('no-referrer');
  },
);

test(
  'using the app raises no CSP violation, while an injected inline handler is blocked',
  { skip },
  async () => {
    const { page, context } = await newPage(stack);
    const violations = await watchViolations(context);
    await signUp(page, stack.baseUrl, 'csp');
    await send(page, 'add a task to lock the door');
    await page.getByRole('button', { name: /Complete task \d+: lock the door/ }).click();
    await page.locator('[data-testid="completed-task"]', { hasText: 'lock the door' }).waitFor();
    await page.getByRole('button', { name: 'New conversation' }).click();
    await send(page, 'show my tasks');
    await page.reload();
    await page.locator('.message.user', { hasText: 'show my tasks' }).waitFor();
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Tasks', exact: true }).click();
    await page.getByRole('button', { name: 'Chat', exact: true }).click();
    await page.getByRole('button', { name: 'Access tokens' }).click();
    await page.getByLabel('Token name').fill('csp check');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByLabel('New token').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Close without the token' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(violations).toEqual([]);

    // The watcher does see violations: injected markup with an inline handler (the classic XSS) is refused.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML(
        'beforeend',
        '<img src="/no-such-image" onerror="window.injected = true">',
      );
    });
    await until('the blocked script to be reported', () => violations.length > 0);
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect(violations[0]).toMatch(/script-src/);
    await context.close();
  },
);

test('/favicon.ico is served as an icon, and the page links it', { skip }, async () => {
  const res = await fetch(`${stack.baseUrl}/favicon.ico`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  const body = Buffer.from(await res.arrayBuffer());
  // An ICO directory (reserved 0, type 1, one or more images), holding a PNG.
  expect([...body.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  expect(body.readUInt16LE(4)).toBeGreaterThanOrEqual(1);
  expect(body.includes(Buffer.from('\x89PNG', 'latin1'))).toBe(true);
  // The page links it, so browsers do not guess.
  expect(await (await fetch(stack.baseUrl)).text()).toMatch(/<link rel="icon" href="\/favicon\.ico/);
});

test('another site cannot frame the app', { skip }, async () => {
  // A page of another origin that embeds the app.
  const other = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe src="${stack.baseUrl}/"></iframe>`),
  );
  await new Promise<void>((resolve) => other.listen(0, 'localhost', resolve));
  const { page, context } = await newPage(stack);
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  try {
    await page.goto(`http://localhost:${(other.address() as AddressInfo).port}/`);
    await until('the browser to refuse the frame', () =>
      messages.find((m) =>
        m.includes('violates the following Content Security Policy directive: "frame-ancestors \'none\'"'),
      ),
    );
    await until('the frame to show the browser error page', () =>
      page.frames()[1]?.url().startsWith('chrome-error:'),
    );
  } finally {
    await context.close();
    other.close();
  }
});
