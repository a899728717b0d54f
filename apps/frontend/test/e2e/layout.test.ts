/**
 * Layout: long unbroken text never widens the page, at desktop and phone widths
 * and after a reload; on a phone the message box stays on screen, the task panel
 * is one tap away, and the placeholder fits.
 */
import { expect } from 'expect';
import { test } from 'node:test';
import { Page } from 'playwright-core';
import {
  DESKTOP,
  newPage,
  pageWidth,
  PHONE,
  placement,
  send,
  signUp,
  skip,
  stackForThisFile,
} from './harness';

const stack = stackForThisFile();

const LONG_WORD = 'x'.repeat(4000);
const LONG_URL = `https://example.com/${'a'.repeat(250)}`;

async function expectOnScreen(page: Page, what: string, locator = page.getByRole('button', { name: what })) {
  const where = await placement(locator);
  if (!where.onScreen) throw new Error(`${what} is off screen: ${JSON.stringify(where)}`);
}

async function expectFits(page: Page, phone: boolean) {
  const { scrollWidth, viewport } = await pageWidth(page);
  expect(scrollWidth).toBeLessThanOrEqual(viewport);
  for (const name of ['Send', 'New conversation', 'Sign out']) await expectOnScreen(page, name);
  await expectOnScreen(page, 'message box', page.getByLabel('Message'));
  if (phone) await page.getByRole('button', { name: 'Tasks', exact: true }).click();
  await expectOnScreen(page, 'task panel', page.getByRole('complementary', { name: 'Your tasks' }));
  const task = page.getByRole('button', { name: /Complete task \d+: https:\/\/example\.com\/a+/ });
  const box = await placement(task);
  expect(box.left).toBeGreaterThanOrEqual(0);
  expect(box.right).toBeLessThanOrEqual(viewport);
  expect((await pageWidth(page)).scrollWidth).toBeLessThanOrEqual(viewport);
  if (phone) await page.getByRole('button', { name: 'Chat', exact: true }).click();
}

for (const [label, viewport] of [
  ['1280 px', DESKTOP],
  ['390 px', PHONE],
] as const) {
  test(
    `a 4,000-character word and a long URL keep the page ${label} wide, also after reload`,
    { skip },
    async () => {
      const { page, context } = await newPage(stack, viewport);
      await signUp(page, stack.baseUrl, 'wide');
      await send(page, LONG_WORD);
      expect(await send(page, `add a task to ${LONG_URL}`)).toMatch(/Added task/);
      await expectFits(page, viewport === PHONE);

      await page.reload();
      await page.locator('.message.user', { hasText: LONG_URL }).waitFor();
      await expectFits(page, viewport === PHONE);
      await context.close();
    },
  );
}

test('phone: the message box stays on screen after load and after every send', { skip }, async () => {
  const { page, context } = await newPage(stack, PHONE);
  await signUp(page, stack.baseUrl, 'phone');
  await expectOnScreen(page, 'message box', page.getByLabel('Message'));
  await expectOnScreen(page, 'Send');
  for (const text of [
    'add a task to stretch',
    'add a task to walk the dog',
    'show me my tasks',
    'help',
    'add a task to call the bank',
    'show me my pending tasks',
  ]) {
    await send(page, text);
    await expectOnScreen(page, `message box after "${text}"`, page.getByLabel('Message'));
    await expectOnScreen(page, 'Send');
  }
  // The newest reply is in view too: the conversation scrolls, not the page.
  await expectOnScreen(page, 'latest reply', page.locator('.message.assistant').last().locator('.bubble'));
  await page.reload();
  await page.locator('.message.user', { hasText: 'call the bank' }).waitFor();
  await expectOnScreen(page, 'message box after reload', page.getByLabel('Message'));
  await context.close();
});

test('phone: the task panel is one tap away, and back', { skip }, async () => {
  const { page, context } = await newPage(stack, PHONE);
  await signUp(page, stack.baseUrl, 'phone-tasks');
  await send(page, 'add a task to stretch');
  const panel = page.getByRole('complementary', { name: 'Your tasks' });
  expect(await panel.isVisible()).toBe(false);

  const tasksSwitch = page.getByRole('button', { name: 'Tasks', exact: true });
  await tasksSwitch.click();
  expect(await tasksSwitch.getAttribute('aria-pressed')).toBe('true');
  await expectOnScreen(page, 'task', page.getByRole('button', { name: /Complete task \d+: stretch/ }));
  expect(await page.getByLabel('Message').isVisible()).toBe(false);

  await page.getByRole('button', { name: 'Chat', exact: true }).click();
  await expectOnScreen(page, 'message box', page.getByLabel('Message'));
  expect(await panel.isVisible()).toBe(false);
  await context.close();
});

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test(`the placeholder fits in the message box (${label})`, { skip }, async () => {
    const { page, context } = await newPage(stack, viewport);
    await signUp(page, stack.baseUrl, 'placeholder');
    // Typed out as text, the placeholder must fit the box without scrolling either way.
    const fits = await page.getByLabel('Message').evaluate((el: HTMLTextAreaElement) => {
      el.value = el.placeholder;
      const result = {
        placeholder: el.placeholder,
        fits: el.scrollHeight <= el.clientHeight && el.scrollWidth <= el.clientWidth,
      };
      el.value = '';
      return result;
    });
    expect(fits).toEqual({ placeholder: expect.stringMatching(/add a task/), fits: true });
    await context.close();
  });
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test(
    `conversation titles show two lines, then an ellipsis with the full title on hover (${label})`,
    { skip },
    async () => {
      const { page, context } = await newPage(stack, viewport);
      await signUp(page, stack.baseUrl, `titles-${label}`);
      const medium = 'add a task to book the dentist for March';
      const long =
        'add a task to compare the three quotes for the new kitchen, then call whoever is cheapest';
      await send(page, medium);
      await page.getByRole('button', { name: 'New conversation' }).click();
      await send(page, long);
      if (viewport === PHONE) await page.getByRole('button', { name: 'Conversations', exact: true }).click();
      const button = (text: string) => page.locator('.conversations button', { hasText: text.slice(0, 30) });
      await button(long).waitFor();
      const shape = (text: string) =>
        button(text).evaluate((el) => ({
          title: el.getAttribute('title'),
          clipped: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1,
          lines: Math.round(
            (el.clientHeight -
              parseFloat(getComputedStyle(el).paddingTop) -
              parseFloat(getComputedStyle(el).paddingBottom)) /
              parseFloat(getComputedStyle(el).lineHeight),
          ),
          clamp: getComputedStyle(el).getPropertyValue('-webkit-line-clamp'),
        }));
      // A 40-character title is shown whole.
      expect(await shape(medium)).toMatchObject({ title: medium, clipped: false });
      // A longer one takes at most two lines, ends in an ellipsis, and carries its full text as its title.
      const longShape = await shape(long);
      expect(longShape).toMatchObject({ title: long.slice(0, 80), clamp: '2' });
      expect(longShape.lines).toBeLessThanOrEqual(2);
      expect(await pageWidth(page)).toEqual({ scrollWidth: viewport.width, viewport: viewport.width });
      await context.close();
    },
  );
}
