// `/` in the composer, in real Chromium against the real core: the menu lists
// the app's commands (the palette's list), filters as the name is typed, and runs
// the chosen one with what follows it (`/rename NAME`, `/model NAME`); nothing
// reaches the model. Escape closes the menu and keeps the text; a message that
// only starts with a slash is sent as a message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../tests/support/scriptedServer.js';
import { chromiumAvailable } from './support/browser.js';
import { send, startHarness, startThread, waitIdle, type Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const composer = () => h.page.getByLabel('Message', { exact: true });
const menu = () => h.page.getByRole('listbox', { name: 'Commands' });
const options = () => menu().getByRole('option').locator('.slash-name').allTextContents();
const activeId = () => h.page.locator('li.thread-row.active').getAttribute('data-thread-id');

describe.skipIf(!chromiumAvailable())('composer / commands in Chromium', () => {
  it('lists the app commands under / and filters them as the name is typed', async () => {
    await startThread(h.page, h.workspace);
    h.model.enqueue(R.text('first answer'));
    await send(h.page, 'first message');
    await waitIdle(h.page);
    await composer().fill('/');
    await menu().waitFor();
    const all = await options();
    for (const name of ['/new', '/settings', '/model [name]', '/fork', '/compact', '/rename [name]', '/edit', '/archive', '/delete'])
      expect(all).toContain(name);
    await composer().fill('/ren');
    await expect.poll(options).toEqual(['/rename [name]']);
    // Escape closes the menu and keeps what was typed.
    await composer().press('Escape');
    await menu().waitFor({ state: 'detached' });
    expect(await composer().inputValue()).toBe('/ren');
    expect(await h.page.getByRole('button', { name: 'Interrupt' }).count()).toBe(0);
  });

  it('/rename NAME renames the thread on disk; /model NAME picks the model of the next turn; nothing is sent to the model', async () => {
    const requests = h.model.requests.length;
    const id = (await activeId())!;
    await composer().fill('/rename Slash named thread');
    await composer().press('Enter');
    await expect.poll(() => h.page.getByTestId('conversation-title').textContent()).toBe('Slash named thread');
    expect(await composer().inputValue()).toBe('');
    expect(readFileSync(join(h.home, 'session_index.jsonl'), 'utf8')).toContain('Slash named thread');
    expect(readFileSync(join(h.home, 'session_index.jsonl'), 'utf8')).toContain(id);

    await composer().fill('/model gpt-5.4');
    await composer().press('Enter');
    await expect.poll(() => h.page.getByLabel('Model', { exact: true }).inputValue()).toBe('gpt-5.4');
    expect(h.model.requests.length).toBe(requests);
    h.model.enqueue(R.text('answered by the picked model'));
    await send(h.page, 'which model?');
    await expect.poll(() => h.page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('answered by the picked model');
    expect(h.model.requests.at(-1)!.body.model).toBe('gpt-5.4');
    await waitIdle(h.page);
  });

  it('runs the selected entry with Enter or Tab: /fork, and /settings chosen with the arrow keys', async () => {
    const before = (await activeId())!;
    await composer().fill('/fo');
    await expect.poll(options).toEqual(['/fork']);
    await composer().press('Enter');
    await expect.poll(activeId).not.toBe(before);
    await expect.poll(() => h.page.getByTestId('user-message').allTextContents()).toEqual(['first message', 'which model?']);

    await composer().fill('/se');
    await expect.poll(options).toEqual(['/settings']);
    await composer().fill('/');
    const all = await options();
    for (let i = 0; i < all.indexOf('/settings'); i++) await composer().press('ArrowDown');
    await h.page.screenshot({ path: '/tmp/codex-desktop-e2e-slash-menu.png' });
    await composer().press('Tab');
    await h.page.getByRole('dialog', { name: 'Settings' }).waitFor();
    await h.page.keyboard.press('Escape');
    await h.page.getByRole('dialog', { name: 'Settings' }).waitFor({ state: 'detached' });
  });

  it('sends a message that only starts with a slash', async () => {
    h.model.enqueue(R.text('paths are fine'));
    await composer().fill('/tmp/notes.txt: what is in it?');
    expect(await menu().count()).toBe(0);
    await h.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => h.page.getByTestId('user-message').last().textContent(), { timeout: 20_000 }).toBe('/tmp/notes.txt: what is in it?');
    await waitIdle(h.page);
    expect(h.pageErrors).toEqual([]);
    expect(h.model.unexpected).toEqual([]);
  });
});
