/**
 * The task panel: clicking a pending task completes it and clicking a completed
 * one reopens it, the keyboard focus stays in the list, completed tasks are
 * legible (WCAG AA contrast), each user's tasks carry that user's own numbers,
 * the headings count every task, and more than a thousand tasks page in with
 * "Show more".
 */
import { expect } from 'expect';
import { test } from 'node:test';
import { Request } from 'playwright-core';
import {
  alerts,
  contrastRatios,
  DESKTOP,
  newPage,
  PHONE,
  send,
  sessionToken,
  sessionUser,
  signUp,
  skip,
  stackForThisFile,
  until,
} from './harness';

const stack = stackForThisFile();
/** The pending list's task buttons (completed tasks are buttons too: they reopen). */
const PENDING_TASKS = '.tasks section[data-status="pending"] .task';

for (const [label, viewport] of [
  ['desktop', undefined],
  ['phone', PHONE],
] as const) {
  test(`clicking a pending task completes it (${label})`, { skip }, async () => {
    const { page, context } = await newPage(stack, viewport);
    await signUp(page, stack.baseUrl, `click-${label}`);
    await send(page, 'add a task to buy bread');
    const patches: Request[] = [];
    page.on('request', (r) => r.method() === 'PATCH' && patches.push(r));

    if (viewport) await page.getByRole('button', { name: 'Tasks', exact: true }).click();
    await page.getByRole('button', { name: /Complete task \d+: buy bread/ }).click();
    await page.locator('[data-testid="completed-task"]', { hasText: 'buy bread' }).waitFor();
    await page.getByRole('button', { name: /Complete task \d+: buy bread/ }).waitFor({ state: 'detached' });
    expect(await alerts(page).count()).toBe(0);
    // The request that did it: no body, so no JSON content type either.
    expect(patches).toHaveLength(1);
    expect(patches[0].postData()).toBeNull();
    expect(await patches[0].headerValue('content-type')).toBeNull();

    await page.reload();
    await page
      .locator('[data-testid="completed-task"]', { hasText: 'buy bread' })
      .waitFor({ state: 'attached' });
    await context.close();
  });
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test(`clicking a completed task reopens it (${label})`, { skip }, async () => {
    const { page, context } = await newPage(stack, viewport);
    await signUp(page, stack.baseUrl, `reopen-${label}`);
    await send(page, 'add a task to renew the passport');
    if (viewport === PHONE) await page.getByRole('button', { name: 'Tasks', exact: true }).click();
    const patches: string[] = [];
    page.on('request', (r) => r.method() === 'PATCH' && patches.push(new URL(r.url()).pathname));
    await page.getByRole('button', { name: 'Complete task 1: renew the passport' }).click();
    const reopen = page.getByRole('button', { name: 'Reopen task 1: renew the passport' });
    await reopen.click();
    await page.getByRole('button', { name: 'Complete task 1: renew the passport' }).waitFor();
    await reopen.waitFor({ state: 'detached' });
    await page.getByText('Nothing completed yet.').waitFor();
    expect(patches.map((p) => p.replace(/^\/api\/[^/]+/, ''))).toEqual([
      '/tasks/1/complete',
      '/tasks/1/reopen',
    ]);
    expect(await alerts(page).count()).toBe(0);
    await page.reload();
    await page
      .getByRole('button', { name: 'Complete task 1: renew the passport' })
      .waitFor({ state: 'attached' });
    await context.close();
  });

  test(
    `completing or reopening with the keyboard keeps the focus in the list (${label})`,
    { skip },
    async () => {
      const { page, context } = await newPage(stack, viewport);
      await signUp(page, stack.baseUrl, `focus-${label}`);
      for (const title of ['sort the mail', 'pay rent', 'call mum'])
        await send(page, `add a task to ${title}`);
      if (viewport === PHONE) await page.getByRole('button', { name: 'Tasks', exact: true }).click();
      const focused = () =>
        page.evaluate(
          () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName,
        );
      const pay = page.getByRole('button', { name: 'Complete task 2: pay rent' });
      await pay.focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="completed-task"]', { hasText: 'pay rent' }).waitFor();
      // The task now in its place has the focus, so Enter again goes on down the list.
      await until(
        'the focus on the next pending task',
        async () => (await focused()) === 'Complete task 3: call mum',
      );
      await page.keyboard.press('Space');
      await page.locator('[data-testid="completed-task"]', { hasText: 'call mum' }).waitFor();
      await until(
        'the focus on the last pending task',
        async () => (await focused()) === 'Complete task 1: sort the mail',
      );
      await page.keyboard.press('Enter');
      await page.getByText('Nothing pending.').waitFor();
      await until('the focus on the Pending heading', async () => (await focused()) === 'H2');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Pending/);
      // Reopening works the same way in the completed list.
      await page.getByRole('button', { name: 'Reopen task 1: sort the mail' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Complete task 1: sort the mail' }).waitFor();
      await until(
        'the focus on the next completed task',
        async () => (await focused()) === 'Reopen task 2: pay rent',
      );
      await context.close();
    },
  );

  test(`completed tasks and the counts meet WCAG AA contrast (${label})`, { skip }, async () => {
    const { page, context } = await newPage(stack, viewport);
    await signUp(page, stack.baseUrl, `contrast-${label}`);
    await send(page, 'add a task to water the plants');
    if (viewport === PHONE) await page.getByRole('button', { name: 'Tasks', exact: true }).click();
    await page.getByRole('button', { name: 'Complete task 1: water the plants' }).click();
    const done = page.locator('[data-testid="completed-task"]', { hasText: 'water the plants' });
    await done.waitFor();
    await page.mouse.move(0, 0); // no hover styles
    // Every piece of text in a completed task, and the counts in the headings: its computed colour
    // against the first opaque background behind it (WCAG 2.x relative luminance), with opacity.
    const ratios = await contrastRatios(
      page,
      '[data-testid="completed-task"] :is(.id, .title, .box), .tasks h2, .tasks .count',
    );
    expect(ratios.length).toBeGreaterThanOrEqual(6);
    for (const r of ratios) expect({ ...r, aa: r.ratio >= 4.5 }).toEqual({ ...r, aa: true });
    await context.close();
  });
}

test("each user's tasks are numbered 1, 2, 3 for that user", { skip }, async () => {
  for (const name of ['numbers-a', 'numbers-b']) {
    const { page, context } = await newPage(stack);
    await signUp(page, stack.baseUrl, name);
    expect(await send(page, 'add a task to sort the mail')).toMatch(/Added task #1: "sort the mail"/);
    expect(await send(page, 'add a task to pay rent')).toMatch(/Added task #2: "pay rent"/);
    await page.getByRole('button', { name: 'Complete task 2: pay rent' }).waitFor();
    expect(await page.locator(PENDING_TASKS).locator('.id').allTextContents()).toEqual(['#1', '#2']);
    await context.close();
  }
});

/** Adds `count` tasks straight through the backend's REST API, a few at a time. */
async function addTasks(backendUrl: string, userId: string, token: string, count: number) {
  let next = 1;
  const worker = async () => {
    while (next <= count) {
      const n = next++;
      const res = await fetch(`${backendUrl}/api/${encodeURIComponent(userId)}/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `bulk task ${n}` }),
      });
      if (res.status !== 201) throw new Error(`adding task ${n}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

/** Completes tasks 1..count through the REST API. */
async function completeTasks(backendUrl: string, userId: string, token: string, count: number) {
  for (let id = 1; id <= count; id++) {
    const res = await fetch(`${backendUrl}/api/${encodeURIComponent(userId)}/tasks/${id}/complete`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`completing task ${id}: ${res.status} ${await res.text()}`);
  }
}

test('1,050 tasks: the first page, then "Show more" until all are there', { skip }, async () => {
  const TOTAL = 1050;
  const { page, context } = await newPage(stack);
  await signUp(page, stack.baseUrl, 'paging');
  await addTasks(stack.backend.url, await sessionUser(context), await sessionToken(context), TOTAL);
  const limits: number[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith('/tasks')) limits.push(Number(url.searchParams.get('limit')));
  });

  await page.reload();
  const pending = page.locator(PENDING_TASKS);
  await until('the first page of pending tasks', async () => (await pending.count()) === 100);
  // The heading counts every task, not the page loaded so far.
  const heading = page.getByRole('heading', { name: /^Pending/ });
  await until(`"Pending ${TOTAL}"`, async () => (await heading.textContent()) === `Pending ${TOTAL}`);
  await page.getByText('Nothing completed yet.').waitFor();

  const more = page.getByRole('button', { name: 'Show more pending' });
  for (let shown = 100; shown < TOTAL; shown = Math.min(shown + 100, TOTAL)) {
    await more.click();
    await until(`${Math.min(shown + 100, TOTAL)} pending tasks`, async () => {
      const count = await pending.count();
      return count === Math.min(shown + 100, TOTAL);
    });
  }
  expect(await more.count()).toBe(0);
  expect(await heading.textContent()).toBe(`Pending ${TOTAL}`);
  const numbers = (await page.locator(PENDING_TASKS).locator('.id').allTextContents()).map((t) =>
    Number(t.slice(1)),
  );
  expect(numbers).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));

  // A task from the last page completes like any other, and the list keeps what was shown.
  // (Titles were added in parallel, so number and title need not match: look up the title.)
  const deep = page.getByRole('button', { name: new RegExp(`^Complete task ${TOTAL - 1}: `) });
  const title = (await deep.locator('.title').textContent())!;
  await deep.click();
  await page.locator('[data-testid="completed-task"]', { hasText: title }).waitFor();
  expect(await page.locator('[data-testid="completed-task"] .id').allTextContents()).toEqual([
    `#${TOTAL - 1}`,
  ]);
  await until('the rest still listed', async () => (await pending.count()) === TOTAL - 1);
  await until('the counts to follow', async () => (await heading.textContent()) === `Pending ${TOTAL - 1}`);
  const completedHeading = page.getByRole('heading', { name: /^Completed/ });
  await until('"Completed 1"', async () => (await completedHeading.textContent()) === 'Completed 1');
  expect(await page.getByRole('button', { name: new RegExp(`^Complete task ${TOTAL}: `) }).count()).toBe(1);
  expect(Math.max(...limits)).toBeLessThanOrEqual(200);
  await context.close();
});

test('more than a page of completed tasks: "Show more completed"', { skip }, async () => {
  const { page, context } = await newPage(stack);
  await signUp(page, stack.baseUrl, 'paging-done');
  const [userId, token] = [await sessionUser(context), await sessionToken(context)];
  await addTasks(stack.backend.url, userId, token, 130);
  await completeTasks(stack.backend.url, userId, token, 120);
  await page.reload();
  const done = page.locator('[data-testid="completed-task"]');
  await until('the first page of completed tasks', async () => (await done.count()) === 100);
  const completedHeading = page.getByRole('heading', { name: /^Completed/ });
  await until('"Completed 120"', async () => (await completedHeading.textContent()) === 'Completed 120');
  await page.getByRole('button', { name: 'Show more completed' }).click();
  await until('all 120 completed tasks', async () => (await done.count()) === 120);
  expect(await page.getByRole('button', { name: 'Show more completed' }).count()).toBe(0);
  const pending = page.getByRole('heading', { name: /^Pending/ });
  await until('ten pending tasks', async () => (await pending.textContent()) === 'Pending 10');
  await context.close();
});
