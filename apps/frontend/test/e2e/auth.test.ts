/**
 * Signing in, up and out: errors belong to the attempt that caused them and sit
 * under the field they concern; the sign-in/sign-up switch; sign-out ends the
 * session on the server too (the old token is refused afterwards).
 */
import { expect } from 'expect';
import { test } from 'node:test';
import { Page } from 'playwright-core';
import {
  alerts,
  DESKTOP,
  newPage,
  PHONE,
  send,
  sessionToken,
  sessionUser,
  signUp,
  skip,
  stackForThisFile,
  uniqueEmail,
  until,
} from './harness';

const stack = stackForThisFile();

async function fillAndSubmit(page: Page, email: string, password: string, button: 'Sign in' | 'Sign up') {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: button }).click();
}

test('sign-in and sign-up switch back and forth', { skip }, async () => {
  const { page, context } = await newPage(stack);
  await page.goto(stack.baseUrl);
  await page.getByText('Sign in to manage your tasks by chatting.').waitFor();
  expect(await page.getByLabel('Password').getAttribute('autocomplete')).toBe('current-password');

  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByText('Create an account to get started.').waitFor();
  await page.getByRole('button', { name: 'Sign up' }).waitFor();
  await page.getByText('At least 8 characters.').waitFor();
  expect(await page.getByLabel('Password').getAttribute('autocomplete')).toBe('new-password');

  await page.getByRole('button', { name: 'Have an account? Sign in' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  expect(await page.getByText('At least 8 characters.').count()).toBe(0);
  await context.close();
});

test("an earlier attempt's error goes as soon as the form changes", { skip }, async () => {
  const { page, context } = await newPage(stack);
  await page.goto(stack.baseUrl);
  await fillAndSubmit(page, uniqueEmail('nobody'), 'wrong password', 'Sign in');
  const alert = alerts(page);
  expect(await alert.textContent()).toMatch(/email or password/i);

  // Typing again: the old message no longer describes what is in the form.
  await page.getByLabel('Password').fill('another try');
  expect(await alert.count()).toBe(0);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await alert.waitFor();

  // Switching to sign-up starts clean too.
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  expect(await alert.count()).toBe(0);
  await context.close();
});

test('server errors appear under the field they concern', { skip }, async () => {
  const { page, context } = await newPage(stack);
  const taken = await signUp(page, stack.baseUrl, 'taken');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'New here? Create an account' }).click();

  // a@b passes the browser's own check but not the server's.
  await fillAndSubmit(page, 'a@b', 'a good password', 'Sign up');
  const emailError = page.locator('#email-error');
  expect(await emailError.textContent()).toMatch(/email/i);
  expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel('Email').getAttribute('aria-describedby')).toContain('email-error');
  expect(await page.locator('#password-error').count()).toBe(0);

  await fillAndSubmit(page, taken, 'a good password', 'Sign up');
  expect(await emailError.textContent()).toMatch(/already/i);
  await page.getByLabel('Email').fill(uniqueEmail('fresh'));
  expect(await emailError.count()).toBe(0);
  expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBeNull();
  await context.close();
});

test('too many sign-in attempts: the message says when to try again', { skip }, async () => {
  const { page, context } = await newPage(stack);
  await page.goto(stack.baseUrl);
  const email = uniqueEmail('throttled');
  // Wrong passwords for one account until the backend stops taking attempts (a count, not a clock).
  let status = 0;
  let retryAfter: string | undefined;
  for (let attempt = 0; attempt < 30 && status !== 429; attempt++) {
    const res = await page.request.post(`${stack.baseUrl}/auth/login`, {
      data: { email, password: 'wrong password' },
    });
    [status, retryAfter] = [res.status(), res.headers()['retry-after']];
  }
  expect(status).toBe(429);
  expect(Number(retryAfter)).toBeGreaterThan(0);

  await fillAndSubmit(page, email, 'wrong password', 'Sign in');
  expect(await alerts(page).textContent()).toMatch(
    /too many sign-in attempts.*try again in \d+ (second|minute)/i,
  );
  await context.close();
});

test('sign out ends the session on the server: the old token is refused', { skip }, async () => {
  const { page, context } = await newPage(stack);
  const email = await signUp(page, stack.baseUrl, 'signout');
  await send(page, 'add a task to return the keys');
  const [token, userId] = [await sessionToken(context), await sessionUser(context)];
  const tasksWith = (t: string) =>
    fetch(`${stack.backend.url}/api/${encodeURIComponent(userId)}/tasks`, {
      headers: { authorization: `Bearer ${t}` },
    });
  expect((await tasksWith(token)).status).toBe(200);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  expect((await context.cookies()).map((c) => c.name)).not.toContain('todo_token');
  expect((await tasksWith(token)).status).toBe(401);
  await page.reload();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();

  // Signing in again starts a new session, with everything where it was.
  await fillAndSubmit(page, email, 'a good password', 'Sign in');
  await page.locator('.message.user', { hasText: 'return the keys' }).waitFor();
  await page.getByRole('button', { name: 'Complete task 1: return the keys' }).waitFor();
  expect(await sessionToken(context)).not.toBe(token);
  expect((await tasksWith(await sessionToken(context))).status).toBe(200);
  await context.close();
});

test('a session ended elsewhere sends the page back to sign-in with a notice', { skip }, async () => {
  const { page, context } = await newPage(stack);
  await signUp(page, stack.baseUrl, 'expired');
  // Everything loaded: from here on, only the message below talks to the backend.
  await page.getByText('None yet.').waitFor();
  await page.getByText('Nothing completed yet.').waitFor();
  const logout = await fetch(`${stack.backend.url}/api/auth/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await sessionToken(context)}` },
  });
  expect(logout.status).toBe(204);
  await page.getByLabel('Message').fill('show my tasks');
  await page.getByLabel('Message').press('Enter');
  expect(await page.getByRole('status').textContent()).toBe(
    'Your session has expired. Please sign in again.',
  );
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await context.close();
});

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test(`the unsent draft survives an expired session and a reload (${label})`, { skip }, async () => {
    const { page, context } = await newPage(stack, viewport);
    const email = await signUp(page, stack.baseUrl, `draft-${label}`);
    await page.getByText('None yet.').waitFor({ state: 'attached' });
    const draft = 'add a task to water the plants\nand the ones on the balcony';
    await page.getByLabel('Message').fill(draft);
    await page.reload();
    await until(
      'the draft after a reload',
      async () => (await page.getByLabel('Message').inputValue()) === draft,
    );
    // The reloaded page's own requests (lists, counts) finish first: one still in flight when the
    // session ends would meet the 401 itself and take the message box away before Enter.
    await page.waitForLoadState('networkidle');

    // The session ends elsewhere; sending it meets the 401 and the sign-in form.
    const logout = await fetch(`${stack.backend.url}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await sessionToken(context)}` },
    });
    expect(logout.status).toBe(204);
    await page.getByLabel('Message').press('Enter');
    await page.getByText('Your session has expired. Please sign in again.').waitFor();
    await fillAndSubmit(page, email, 'a good password', 'Sign in');
    await until(
      'the draft back in the message box',
      async () => (await page.getByLabel('Message').inputValue()) === draft,
    );
    expect(await page.locator('.message').count()).toBe(0);

    // Sent, it is gone for good; signing out on purpose leaves no draft behind either.
    expect(await send(page, 'add a task to water the plants')).toMatch(/water the plants/);
    await page.reload();
    await page.locator('.message.user', { hasText: 'water the plants' }).waitFor();
    expect(await page.getByLabel('Message').inputValue()).toBe('');
    await page.getByLabel('Message').fill('a private note');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await fillAndSubmit(page, email, 'a good password', 'Sign in');
    await page.locator('.message.user', { hasText: 'water the plants' }).waitFor();
    expect(await page.getByLabel('Message').inputValue()).toBe('');
    await context.close();
  });
}
