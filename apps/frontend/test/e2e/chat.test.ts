/**
 * The chat path in a real browser: sign up, add a task by chat, see it in the
 * panel, complete it by chat, reload, and find the history; tool chips in plain
 * words; new conversations and switching between them, on a desktop and a phone.
 */
import { expect } from 'expect';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Page } from 'playwright-core';
import { newPage, PHONE, SCREENSHOT, send, signUp, skip, stackForThisFile, until } from './harness';

const stack = stackForThisFile();

test('sign up, add a task by chat, complete it by chat, reload and keep the history', { skip }, async () => {
  const { page, context } = await newPage(stack);
  await signUp(page, stack.baseUrl, 'e2e');

  // The token lives in an httpOnly cookie, invisible to page scripts.
  expect(await page.evaluate(() => document.cookie)).not.toMatch(/todo_token/);
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === 'todo_token')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  expect(await send(page, 'add a task to buy milk')).toMatch(/Added task #\d+: "buy milk"/);
  const milk = page.getByRole('button', { name: /Complete task \d+: buy milk/ });
  await milk.waitFor();
  const id = (await milk.getAttribute('aria-label'))!.match(/task (\d+)/)![1];

  // The Send button works as well as Enter.
  await page.getByLabel('Message').fill('remind me to call mom');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('.message.assistant .bubble', { hasText: 'Added task' }).nth(1).waitFor();
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

test('tool chips say what was done in words, never raw JSON or user ids', { skip }, async () => {
  const { page, context } = await newPage(stack);
  await signUp(page, stack.baseUrl, 'chips');
  await send(page, 'add a task to buy milk');
  const milk = page.getByRole('button', { name: /Complete task \d+: buy milk/ });
  const id = (await milk.getAttribute('aria-label'))!.match(/task (\d+)/)![1];
  await send(page, `mark task ${id} as complete`);
  await send(page, 'show me my completed tasks');
  await send(page, `delete task ${id}`);

  const chips = page.locator('.chip');
  await until('four chips', async () => (await chips.count()) === 4);
  const shown = await chips.evaluateAll((els) =>
    els.map((el) => ({ text: el.textContent, title: (el as HTMLElement).title })),
  );
  expect(shown.map((c) => c.text)).toEqual([
    `Added task ${id}: buy milk`,
    `Completed task ${id}: buy milk`,
    'Listed 1 completed task',
    `Deleted task ${id}: buy milk`,
  ]);
  for (const chip of shown) {
    expect(chip.title).toBe(chip.text);
    expect(`${chip.text} ${chip.title}`).not.toMatch(/user_id|[{}"]/);
  }
  await context.close();
});

/** Starts two conversations and returns to the first; on a phone, `panes` switch between list and chat. */
async function newAndSwitch(page: Page, panes = { list: async () => {}, chat: async () => {} }) {
  const pane = panes.list;
  await send(page, 'add a task to water the plants');
  await page.getByRole('button', { name: 'New conversation' }).click();
  await until('an empty conversation', async () => (await page.locator('.message').count()) === 0);
  expect(await page.getByLabel('Message').evaluate((el) => el === document.activeElement)).toBe(true);
  await send(page, 'add a task to feed the cat');

  await pane();
  const list = page.getByRole('navigation', { name: 'Conversations' });
  const first = list.getByRole('button', { name: 'add a task to water the plants' });
  const second = list.getByRole('button', { name: 'add a task to feed the cat' });
  expect(await second.getAttribute('aria-current')).toBe('true');
  await first.click();
  await page.locator('.message.user', { hasText: 'water the plants' }).waitFor();
  await until(
    'only the first conversation on screen',
    async () => (await page.locator('.message').count()) === 2,
  );
  await pane();
  expect(await first.getAttribute('aria-current')).toBe('true');
  expect(await second.getAttribute('aria-current')).toBeNull();
  await panes.chat();

  // A message now continues the conversation that was switched to.
  await send(page, 'show my tasks');
  await page.reload();
  await page.locator('.message.user', { hasText: 'show my tasks' }).waitFor();
  expect(await page.locator('.message.user').allTextContents()).toEqual([
    expect.stringContaining('water the plants'),
    expect.stringContaining('show my tasks'),
  ]);
}

test('new conversation and switching conversations (desktop)', { skip }, async () => {
  const { page, context } = await newPage(stack);
  await signUp(page, stack.baseUrl, 'switch');
  await newAndSwitch(page);
  await context.close();
});

test('new conversation and switching conversations (phone)', { skip }, async () => {
  const { page, context } = await newPage(stack, PHONE);
  await signUp(page, stack.baseUrl, 'switch-phone');
  const show = (name: string) => () => page.getByRole('button', { name, exact: true }).click();
  await newAndSwitch(page, { list: show('Conversations'), chat: show('Chat') });
  await context.close();
});
