// History at scale in the sidebar, in real Chromium against the real core:
// the sidebar lists the newest page of threads, "Show older threads" brings the
// next page from thread/list's cursor, and a search finds a thread that is not
// listed yet through the server's search over every session.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from './support/browser.js';
import { startHarness, type Harness } from './support/harness.js';
import { writeLongSession } from './support/longSession.js';

/** More than one sidebar page (200). */
const SESSIONS = 230;
let h: Harness;
const title = (i: number) => `history thread ${String(i).padStart(3, '0')}`;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness();
  const start = Date.now() - SESSIONS * 60_000;
  // Thread i is i minutes newer than thread 0.
  for (let i = 0; i < SESSIONS; i++) writeLongSession(h.home, h.workspace, { id: randomUUID(), title: title(i), count: 0, at: new Date(start + i * 60_000) });
  await h.page.getByRole('button', { name: 'Refresh threads' }).click();
  await h.page
    .getByText(title(SESSIONS - 1), { exact: true })
    .first()
    .waitFor();
});
afterAll(async () => {
  await h?.close();
});

const rows = () => h.page.locator('li.thread-row');
const row = (i: number) => h.page.locator('li.thread-row', { hasText: title(i) });

describe.skipIf(!chromiumAvailable())('thread history beyond the first page', () => {
  it('lists the newest 200 and brings the older ones on request', async () => {
    await expect.poll(() => rows().count()).toBe(200);
    expect(await row(SESSIONS - 200).count()).toBe(1); // the oldest of the first page
    expect(await row(SESSIONS - 201).count()).toBe(0);

    await h.page.getByRole('button', { name: 'Show older threads' }).click();
    await expect.poll(() => rows().count()).toBe(SESSIONS);
    expect(await row(0).count()).toBe(1);
    // Everything is listed: nothing older to offer.
    expect(await h.page.getByRole('button', { name: 'Show older threads' }).count()).toBe(0);

    // A refresh (window focus does the same) keeps what the user opened.
    await h.page.getByRole('button', { name: 'Refresh threads' }).click();
    await h.page.waitForTimeout(300);
    expect(await rows().count()).toBe(SESSIONS);
  });

  it('finds a thread that is not listed yet through the server’s search', async () => {
    await h.page.reload();
    await expect.poll(() => rows().count()).toBe(200);
    expect(await row(3).count()).toBe(0);

    await h.page.getByRole('searchbox', { name: 'Search threads' }).fill(title(3));
    await expect.poll(() => row(3).count(), { timeout: 10_000 }).toBe(1);
    expect(await rows().count()).toBe(1);

    // It opens like any listed thread.
    await row(3).click();
    await h.page.locator('li.thread-row.active', { hasText: title(3) }).waitFor();
    expect(h.pageErrors).toEqual([]);

    // An empty box shows the listed page again.
    await h.page.getByRole('searchbox', { name: 'Search threads' }).fill('');
    await expect.poll(() => rows().count()).toBeGreaterThanOrEqual(200);
  });
});
