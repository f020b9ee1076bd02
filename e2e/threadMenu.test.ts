// The thread menu in real Chromium against the real core: rename inline, fork
// (the last turn, and "Fork from here" on an earlier one), archive and Undo
// (the rollout moves to archived_sessions and back), delete after a
// confirmation naming the thread (the rollout leaves the disk), edit last
// message (thread/revert, the text back in the composer, resent), compact now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/** Every rollout file under a folder of CODEX_HOME, recursively. */
function rollouts(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? rollouts(p) : name.endsWith('.jsonl') ? [p] : [];
  });
}
const liveRollout = (id: string) => rollouts(join(h.home, 'sessions')).find((p) => p.includes(id));
const archivedRollout = (id: string) => rollouts(join(h.home, 'archived_sessions')).find((p) => p.includes(id));

const rows = () => h.page.getByRole('list', { name: 'Threads' }).locator('li.thread-row');
const row = (text: string | RegExp) => rows().filter({ hasText: text });
const activeId = () => h.page.locator('li.thread-row.active').getAttribute('data-thread-id');
const userMessages = () => h.page.getByTestId('user-message').allTextContents();

async function menuAction(scope: 'sidebar' | 'header', label: string, rowText?: string | RegExp): Promise<void> {
  const where = scope === 'header' ? h.page.locator('header.conv-head') : row(rowText!);
  if (scope === 'sidebar') await where.hover();
  await where.getByRole('button', { name: 'Thread actions' }).click();
  await h.page.getByRole('menu', { name: 'Thread actions' }).getByRole('menuitem', { name: label }).click();
}

/** A thread with two finished turns; returns its id. */
async function twoTurnThread(first: string, second: string): Promise<string> {
  await startThread(h.page, h.workspace);
  h.model.enqueue(R.text(`answer to ${first}`));
  await send(h.page, first);
  await expect.poll(() => h.page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe(`answer to ${first}`);
  await waitIdle(h.page);
  h.model.enqueue(R.text(`answer to ${second}`));
  await send(h.page, second);
  await expect.poll(() => h.page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe(`answer to ${second}`);
  await waitIdle(h.page);
  return (await activeId())!;
}

describe.skipIf(!chromiumAvailable())('thread menu in Chromium', () => {
  let first: string;

  it('renames a thread inline from the sidebar and from the header; the name survives a reload', async () => {
    first = await twoTurnThread('alpha question', 'beta question');
    await menuAction('sidebar', 'Rename', 'alpha question');
    const field = h.page.getByRole('textbox', { name: 'Thread name' });
    await field.fill('Release notes');
    await field.press('Enter');
    await expect.poll(() => row('Release notes').count()).toBe(1);
    await expect.poll(() => h.page.getByTestId('conversation-title').textContent()).toBe('Release notes');
    // Escape leaves the name as it was.
    await menuAction('header', 'Rename');
    await h.page.getByRole('textbox', { name: 'Thread name' }).fill('Not this');
    await h.page.getByRole('textbox', { name: 'Thread name' }).press('Escape');
    expect(await h.page.getByTestId('conversation-title').textContent()).toBe('Release notes');
    await h.page.reload();
    await expect.poll(() => row('Release notes').getAttribute('data-thread-id'), { timeout: 20_000 }).toBe(first);
  });

  it('forks from the last turn and from an earlier user turn; each fork is a new rollout naming its parent', async () => {
    await row('Release notes')
      .getByRole('button', { name: /Release notes/ })
      .click();
    await expect.poll(userMessages, { timeout: 20_000 }).toEqual(['alpha question', 'beta question']);
    await menuAction('header', 'Fork');
    await expect.poll(activeId).not.toBe(first);
    const fork = (await activeId())!;
    await expect.poll(userMessages).toEqual(['alpha question', 'beta question']);
    const forkFile = liveRollout(fork)!;
    expect(JSON.parse(readFileSync(forkFile, 'utf8').split('\n')[0]!).payload.forked_from_id).toBe(first);

    // "Fork from here" on the first message: only that turn is carried over.
    await h.page.getByTestId('user-message').first().hover();
    await h.page.getByRole('button', { name: 'Fork from here' }).first().click();
    await expect.poll(activeId).not.toBe(fork);
    const partial = (await activeId())!;
    expect(partial).not.toBe(first);
    await expect.poll(userMessages).toEqual(['alpha question']);
    const text = readFileSync(liveRollout(partial)!, 'utf8');
    expect(text).toContain('answer to alpha question');
    expect(text).not.toContain('beta question');
    expect(h.pageErrors).toEqual([]);
  });

  it('archives a thread (its rollout moves to archived_sessions) and Undo brings it back', async () => {
    const id = await twoTurnThread('to be archived', 'second of archived');
    const before = liveRollout(id)!;
    await menuAction('sidebar', 'Archive', 'to be archived');
    await expect.poll(() => row('to be archived').count()).toBe(0);
    expect(existsSync(before)).toBe(false);
    expect(archivedRollout(id)).toBeTruthy();
    const toast = h.page.getByRole('status').filter({ hasText: 'Archived “to be archived”' });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => row('to be archived').count(), { timeout: 20_000 }).toBe(1);
    expect(liveRollout(id)).toBeTruthy();
    expect(archivedRollout(id)).toBeUndefined();
    // It opens again with its history.
    await row('to be archived')
      .getByRole('button', { name: /to be archived/ })
      .click();
    await expect.poll(userMessages, { timeout: 20_000 }).toEqual(['to be archived', 'second of archived']);
  });

  it('deletes only after a confirmation naming the thread; the rollout leaves the disk', async () => {
    const id = await twoTurnThread('doomed thread', 'last words');
    const file = liveRollout(id)!;
    await menuAction('sidebar', 'Delete…', 'doomed thread');
    const dialog = h.page.getByRole('alertdialog', { name: 'Delete thread' });
    expect(await dialog.getByRole('heading').textContent()).toBe('Delete “doomed thread”?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(existsSync(file)).toBe(true);
    expect(await row('doomed thread').count()).toBe(1);

    await menuAction('header', 'Delete…');
    await h.page.getByRole('alertdialog', { name: 'Delete thread' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => row('doomed thread').count()).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(archivedRollout(id)).toBeUndefined();
    // The deleted thread was in view: the window shows no conversation now.
    await h.page.getByText('Start a new thread or pick one from the list.').waitFor();
    await h.page.reload();
    await rows().first().waitFor({ timeout: 20_000 });
    expect(await row('doomed thread').count()).toBe(0);
  });

  it('edit last message: the last turn leaves the history, its text returns to the composer and is resent', async () => {
    const id = await twoTurnThread('keep this turn', 'fix this typo pls');
    await menuAction('header', 'Edit last message');
    await expect.poll(() => h.page.getByLabel('Message', { exact: true }).inputValue()).toBe('fix this typo pls');
    await expect.poll(userMessages).toEqual(['keep this turn']);
    expect(readFileSync(liveRollout(id)!, 'utf8')).not.toContain('fix this typo pls');

    const requestsBefore = h.model.requests.length;
    h.model.enqueue(R.text('answer to the fixed message'));
    await h.page.getByLabel('Message', { exact: true }).fill('fix this typo please');
    await h.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => h.page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('answer to the fixed message');
    const sent = JSON.stringify(h.model.requests[requestsBefore]!.body.input);
    expect(sent).toContain('fix this typo please');
    expect(sent).toContain('keep this turn');
    expect(sent).not.toContain('fix this typo pls');
    await expect.poll(userMessages).toEqual(['keep this turn', 'fix this typo please']);
  });

  it('compact now: the model is asked for a summary and the conversation shows the compaction', async () => {
    await waitIdle(h.page);
    const requestsBefore = h.model.requests.length;
    h.model.enqueue(R.text('Summary: the user fixed a typo.'));
    await menuAction('header', 'Compact now');
    await h.page.getByText('Context compacted').waitFor({ timeout: 20_000 });
    await waitIdle(h.page);
    expect(h.model.requests.length).toBe(requestsBefore + 1);
    const active = (await activeId())!;
    const records = readFileSync(liveRollout(active)!, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(records.some((r) => r.type === 'compacted' && r.payload.message === 'Summary: the user fixed a typo.')).toBe(true);
    await h.page.screenshot({ path: '/tmp/codex-desktop-e2e-thread-menu.png' });
    expect(h.pageErrors).toEqual([]);
    expect(h.model.unexpected).toEqual([]);
  });
});
