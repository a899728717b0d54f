/**
 * Personal access tokens: created, copied, listed and revoked in the UI, and
 * used by the official MCP client through the frontend's /mcp. A revoked token
 * is refused at once (401).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'expect';
import { test } from 'node:test';
import { Page } from 'playwright-core';
import { alerts, DESKTOP, newPage, PHONE, sessionToken, signUp, skip, stackForThisFile } from './harness';

const stack = stackForThisFile();

/** An MCP client connected to the frontend's /mcp with the given headers. */
async function mcpClient(headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'e2e-pat-client', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${stack.baseUrl}/mcp`), { requestInit: { headers } }),
  );
  return client;
}

async function createToken(page: Page, name: string): Promise<string> {
  await page.getByLabel('Token name').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = page.getByLabel('New token');
  await secret.waitFor();
  return secret.inputValue();
}

test('create a token, copy it, use it with an MCP client, revoke it: 401', { skip }, async () => {
  const { page, context } = await newPage(stack);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
  await signUp(page, stack.baseUrl, 'pat');
  await page.getByRole('button', { name: 'Access tokens' }).click();
  const dialog = page.getByRole('dialog', { name: 'Access tokens' });
  await dialog.getByText('No tokens yet.').waitFor();

  const token = await createToken(page, 'Laptop assistant');
  expect(token).toMatch(/^todo_pat_\S{20,}$/);
  await dialog.getByText('It is shown only this once.').waitFor();
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await dialog.getByText('Copied to the clipboard.').waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  const list = dialog.getByRole('list', { name: 'Your tokens' });
  await list.getByText('Laptop assistant').waitFor();
  expect(await list.textContent()).toContain('never used');
  expect(await list.textContent()).not.toContain(token);

  // Closed and reopened, the secret is gone for good; the token is still listed.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Access tokens' }).click();
  await list.getByText('Laptop assistant').waitFor();
  expect(await dialog.getByLabel('New token').count()).toBe(0);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The official MCP client, through the frontend, with the token as its bearer.
  const client = await mcpClient({ Authorization: `Bearer ${token}` });
  const tools = (await client.listTools()).tools.map((t) => t.name).sort();
  expect(tools).toEqual(['add_task', 'complete_task', 'delete_task', 'list_tasks', 'update_task']);
  const added = await client.callTool({ name: 'add_task', arguments: { title: 'added over MCP' } });
  expect(added.isError).toBeFalsy();
  const listed = await client.callTool({ name: 'list_tasks', arguments: {} });
  expect(listed.structuredContent).toMatchObject({
    tasks: [expect.objectContaining({ id: 1, title: 'added over MCP', completed: false })],
    next_cursor: null,
  });
  await page.reload();
  await page.getByRole('button', { name: 'Complete task 1: added over MCP' }).waitFor();
  await page.getByRole('button', { name: 'Access tokens' }).click();
  await list.getByText(/last used/).waitFor();

  // "Keep" backs out of revoking; the token still works.
  const revoke = dialog.getByRole('button', { name: 'Revoke Laptop assistant' });
  await revoke.click();
  await dialog.getByText('Clients using it stop working at once.').waitFor();
  await dialog.getByRole('button', { name: 'Keep' }).click();
  await revoke.waitFor();
  expect((await client.callTool({ name: 'list_tasks', arguments: {} })).isError).toBeFalsy();

  // Revoked in the UI: the same client is refused at once, and so is a new one.
  await revoke.click();
  await dialog.getByRole('button', { name: 'Revoke “Laptop assistant”' }).click();
  await dialog.getByText('No tokens yet.').waitFor();
  const unauthorized = { code: 401, message: expect.stringMatching(/unauthorized/) };
  await expect(client.callTool({ name: 'list_tasks', arguments: {} })).rejects.toMatchObject(unauthorized);
  await expect(mcpClient({ Authorization: `Bearer ${token}` })).rejects.toMatchObject(unauthorized);
  await client.close();
  await context.close();
});

test('without an Authorization header, /mcp uses the session cookie', { skip }, async () => {
  const { page, context } = await newPage(stack);
  await signUp(page, stack.baseUrl, 'mcp-cookie');
  const client = await mcpClient({ Cookie: `todo_token=${await sessionToken(context)}` });
  await client.callTool({ name: 'add_task', arguments: { title: 'added with the session' } });
  const listed = await client.callTool({ name: 'list_tasks', arguments: {} });
  expect(listed.structuredContent).toMatchObject({
    tasks: [expect.objectContaining({ title: 'added with the session' })],
  });
  await client.close();
  await expect(mcpClient({})).rejects.toMatchObject({ code: 401 });
  await context.close();
});

test('token names are required, at most 100 characters; the dialog works on a phone', { skip }, async () => {
  const { page, context } = await newPage(stack, PHONE);
  await signUp(page, stack.baseUrl, 'pat-phone');
  await page.getByRole('button', { name: 'Access tokens' }).click();
  const dialog = page.getByRole('dialog', { name: 'Access tokens' });
  expect(await dialog.getByRole('button', { name: 'Create token' }).isDisabled()).toBe(true);
  await page.getByLabel('Token name').fill('   ');
  expect(await dialog.getByRole('button', { name: 'Create token' }).isDisabled()).toBe(true);
  // Too long: kept as typed, refused with the reason.
  await page.getByLabel('Token name').fill('n'.repeat(150));
  expect(await page.getByLabel('Token name').inputValue()).toHaveLength(150);
  await dialog.getByText('A name has at most 100 characters; this one has 150.').waitFor();
  expect(await dialog.getByRole('button', { name: 'Create token' }).isDisabled()).toBe(true);

  const token = await createToken(page, 'Phone client');
  const secret = await dialog.getByLabel('New token').boundingBox();
  expect(secret!.x).toBeGreaterThanOrEqual(0);
  expect(secret!.x + secret!.width).toBeLessThanOrEqual(PHONE.width);
  expect(token).toMatch(/^todo_pat_/);
  expect(await alerts(page).count()).toBe(0);

  // With the new token shown and not copied, Escape asks first (below); "Close without the token" closes.
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: 'Close without the token' }).click();
  await dialog.waitFor({ state: 'hidden' });
  // With nothing to lose, Escape closes the dialog at once, as any dialog.
  await page.getByRole('button', { name: 'Access tokens' }).click();
  await dialog.getByText('Phone client').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await context.close();
});

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test(`Escape or Close while a new token is shown asks first (${label})`, { skip }, async () => {
    const { page, context } = await newPage(stack, viewport);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    await signUp(page, stack.baseUrl, `pat-escape-${label}`);
    await page.getByRole('button', { name: 'Access tokens' }).click();
    const dialog = page.getByRole('dialog', { name: 'Access tokens' });
    const token = await createToken(page, 'Editor');
    const question = dialog.getByRole('alert').filter({ hasText: 'cannot be shown again' });

    // Escape: the dialog stays, the token is still there, and the question has the focus on "Keep it open".
    await page.keyboard.press('Escape');
    await question.waitFor();
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.getByLabel('New token').inputValue()).toBe(token);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep it open');
    await page.keyboard.press('Enter');
    await question.waitFor({ state: 'detached' });
    expect(await dialog.getByLabel('New token').inputValue()).toBe(token);

    // The Close button asks the same.
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await question.waitFor();
    await dialog.getByRole('button', { name: 'Keep it open' }).click();

    // Once copied with the button, nothing is at risk: Escape closes at once.
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await alerts(page).count()).toBe(0);
    await context.close();
  });
}
