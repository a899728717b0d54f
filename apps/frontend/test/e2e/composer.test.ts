/**
 * Long pastes: nothing is cut. Up to the backend's 4,000 characters a message is
 * sent whole; beyond, the text stays as pasted and a message says by how much it
 * is too long.
 */
import { expect } from 'expect';
import { test } from 'node:test';
import { alerts, newPage, signUp, skip, stackForThisFile, until } from './harness';

const stack = stackForThisFile();

test('a 5,000-character paste is kept whole and refused with a clear message', { skip }, async () => {
  const { page, context } = await newPage(stack);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
  await signUp(page, stack.baseUrl, 'paste');
  const pasted = 'word '.repeat(999) + 'end!!';
  expect(pasted).toHaveLength(5000);

  const box = page.getByLabel('Message');
  await page.evaluate((text) => navigator.clipboard.writeText(text), pasted);
  await box.focus();
  await page.keyboard.press('Control+V');
  await until('the paste in the message box', async () => (await box.inputValue()).length > 0);
  expect(await box.inputValue()).toBe(pasted);

  const alert = alerts(page);
  expect(await alert.textContent()).toBe(
    'Your message is 5,000 characters; the limit is 4,000. ' +
      'Shorten it by 1,000 to send it, or split it into several messages.',
  );
  expect(await page.getByText('5,000 / 4,000').count()).toBe(1);
  expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
  await box.press('Enter');
  expect(await page.locator('.message').count()).toBe(0);
  expect(await box.inputValue()).toBe(pasted);

  // Shortened to exactly the limit, it goes out whole.
  const exact = 'word '.repeat(799) + 'last!';
  expect(exact).toHaveLength(4000);
  await box.fill(exact);
  await alert.waitFor({ state: 'detached' });
  expect(await page.getByText('4,000 / 4,000').count()).toBe(1);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('.message.assistant').waitFor();
  expect(await page.locator('.message.user .bubble').textContent()).toBe(exact);
  await page.reload();
  await page.locator('.message.user').waitFor();
  expect(await page.locator('.message.user .bubble').textContent()).toBe(exact);
  await context.close();
});
