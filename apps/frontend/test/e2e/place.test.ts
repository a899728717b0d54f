/**
 * The place is kept in the address: a reload opens the conversation being viewed (not the most
 * recent one) and, on a phone, the pane that was shown. "New conversation" survives a reload as a
 * blank chat; an address naming a conversation that is not there opens the most recent one.
 */
import { expect } from 'expect';
import { test } from 'node:test';
import { Page } from 'playwright-core';
import { DESKTOP, newPage, PHONE, send, signUp, skip, stackForThisFile, until } from './harness';

const stack = stackForThisFile();

const current = (page: Page) => page.locator('.conversations button[aria-current="true"]');

/** Two conversations, "first…" (older) and "second…" (most recent). */
async function twoConversations(page: Page, viewport: typeof DESKTOP) {
  await send(page, 'add a task to buy the first stamps');
  if (viewport === PHONE) await page.getByRole('button', { name: 'Chat', exact: true }).click();
  await page.getByRole('button', { name: 'New conversation' }).click();
  await send(page, 'add a task to ring the second plumber');
  if (viewport === PHONE) await page.getByRole('button', { name: 'Conversations', exact: true }).click();
  await page.locator('.conversations button', { hasText: 'first stamps' }).click();
  await page.locator('.message.user', { hasText: 'first stamps' }).waitFor();
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test(`a reload keeps the conversation being viewed (${label})`, { skip }, async () => {
    const { page, context } = await newPage(stack, viewport);
    await signUp(page, stack.baseUrl, `place-${label}`);
    await twoConversations(page, viewport);
    await until('the address to name the conversation', () =>
      /[?&]conversation=\d+/.test(new URL(page.url()).search),
    );
    await page.reload();
    await page.locator('.message.user', { hasText: 'first stamps' }).waitFor();
    expect(await page.locator('.message.user', { hasText: 'second plumber' }).count()).toBe(0);
    expect(await current(page).textContent()).toMatch(/first stamps/);
    // The message box works there: the reply lands in the conversation shown.
    if (viewport === PHONE) expect(await page.getByLabel('Message').isVisible()).toBe(true);
    await send(page, 'show my tasks');
    await page.reload();
    await page.locator('.message.user', { hasText: 'show my tasks' }).waitFor();
    expect(await current(page).textContent()).toMatch(/first stamps/);
    await context.close();
  });

  test(
    `"New conversation" survives a reload; an unknown one opens the most recent (${label})`,
    { skip },
    async () => {
      const { page, context } = await newPage(stack, viewport);
      await signUp(page, stack.baseUrl, `place-new-${label}`);
      await send(page, 'add a task to oil the bike');
      await page.getByRole('button', { name: 'New conversation' }).click();
      await until(
        'the address to say "new"',
        () => new URL(page.url()).searchParams.get('conversation') === 'new',
      );
      await page.reload();
      await page.getByLabel('Message').waitFor();
      // Loaded (the task is listed), and still blank: no message of the old conversation.
      if (viewport === PHONE) await page.getByRole('button', { name: 'Tasks', exact: true }).click();
      await page.getByRole('button', { name: /Complete task \d+: oil the bike/ }).waitFor();
      expect(await page.locator('.message').count()).toBe(0);

      await page.goto(`${stack.baseUrl}/?conversation=999999`);
      await page.locator('.message.user', { hasText: 'oil the bike' }).waitFor({ state: 'attached' });
      await until(
        'the address to be corrected',
        () => new URL(page.url()).searchParams.get('conversation') !== '999999',
      );
      await context.close();
    },
  );
}

test('phone: a reload keeps the pane that was shown', { skip }, async () => {
  const { page, context } = await newPage(stack, PHONE);
  await signUp(page, stack.baseUrl, 'place-pane');
  await send(page, 'add a task to wash the car');
  for (const pane of ['Tasks', 'Conversations', 'Chat'] as const) {
    await page.getByRole('button', { name: pane, exact: true }).click();
    const view = pane === 'Chat' ? null : pane.toLowerCase();
    await until(
      `the ${pane} pane in the address`,
      () => new URL(page.url()).searchParams.get('view') === view,
    );
    await page.reload();
    const toggle = page.getByRole('button', { name: pane, exact: true });
    await until(
      `the ${pane} pane after a reload`,
      async () => (await toggle.getAttribute('aria-pressed')) === 'true',
    );
  }
  await page.getByRole('button', { name: 'Tasks', exact: true }).click();
  await until(
    'the Tasks pane in the address',
    () => new URL(page.url()).searchParams.get('view') === 'tasks',
  );
  await page.reload();
  await page.getByRole('button', { name: /Complete task \d+: wash the car/ }).waitFor();
  expect(await page.getByLabel('Message').isVisible()).toBe(false);
  // Opening a conversation from the list goes to the chat, and so does the address.
  await page.getByRole('button', { name: 'Conversations', exact: true }).click();
  await page.locator('.conversations button', { hasText: 'wash the car' }).click();
  await until('the chat pane in the address', () => !new URL(page.url()).searchParams.has('view'));
  await page.reload();
  await page.getByLabel('Message').waitFor();
  await page.locator('.message.user', { hasText: 'wash the car' }).waitFor();
  await context.close();
});
