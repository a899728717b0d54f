/**
 * The chat path in a real browser: sign up, add a task by chat, see it in the
 * panel, complete it by chat, reload, and find the history.
 */
import { expect } from 'expect';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { newPage, PHONE, SCREENSHOT, send, signUp, skip, Stack, startStack, until } from './harness';

let stack: Stack;
before(async () => {
  if (!skip) stack = await startStack();
});
after(() => stack?.close());

test('sign up, add a task by chat, complete it by chat, reload and keep the history', { skip }, async () => {
  const { page, context } = await newPage(stack);
  await signUp(page, stack.baseUrl, 'e2e');

  // The token lives in an httpOnly cookie, invisible to page scripts.
  expect(await page.evaluate(() => document.cookie)).not.toMatch(/todo_token/);
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === 'todo_token')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  expect(await send(page, 'add a task to buy milk')).toMatch(/Added task #\d+: "buy milk"/);
  expect(await page.locator('.message.assistant .chip').first().textContent()).toMatch(/add_task #\d+/);
  const milk = page.getByRole('button', { name: /Complete task \d+: buy milk/ });
  await milk.waitFor();
  const id = (await milk.getAttribute('aria-label'))!.match(/task (\d+)/)![1];

  expect(await send(page, 'remind me to call mom')).toMatch(/Added task #\d+: "call mom"/);
  expect(await send(page, `mark task ${id} as complete`)).toMatch(
    new RegExp(`Marked task #${id} "buy milk" as complete`),
  );
  await page.locator('[data-testid="completed-task"]', { hasText: 'buy milk' }).waitFor();
  await page.getByRole('button', { name: /Complete task \d+: call mom/ }).waitFor();

  await page.reload();
  await page.locator('.message.user', { hasText: 'add a task to buy milk' }).waitFor();
  await until(
    'the six messages of the history after reload',
    async () => (await page.locator('.message').count()) === 6,
  );
  await page.locator('[data-testid="completed-task"]', { hasText: 'buy milk' }).waitFor();

  expect(await send(page, 'show me my pending tasks')).toMatch(/call mom/);
  mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  await context.close();
});

test('a phone-width screen keeps the chat usable, and a backend outage is explained', { skip }, async () => {
  const { page, context } = await newPage(stack, PHONE);
  await signUp(page, stack.baseUrl, 'phone');
  expect(await send(page, 'add a task to stretch')).toMatch(/Added task/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  await stack.backend.stop();
  await page.getByLabel('Message').fill('show my tasks');
  await page.getByLabel('Message').press('Enter');
  expect(await page.locator('.chat [role="alert"]').textContent()).toMatch(/unavailable/);
  await context.close();
});
