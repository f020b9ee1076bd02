// Web searches the model ran, in Chromium against the real core: each
// `web_search_call` becomes a cell saying what was searched or opened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responses as R } from '../tests/support/scriptedServer.js';
import { chromiumAvailable } from './support/browser.js';
import { send, startHarness, startThread, waitIdle, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness({ configExtra: 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\nweb_search = "live"\n' });
});
afterAll(async () => {
  await h?.close();
});

describe.skipIf(!chromiumAvailable())('web search cells in Chromium', () => {
  it('shows each search with its query, and the live web_search tool was offered', async () => {
    const { page, model } = h;
    await startThread(page, h.workspace);
    model.enqueue(
      R.reply(
        R.webSearchCall({ type: 'search', query: 'codex desktop release notes' }),
        R.webSearchCall({ type: 'open_page', url: 'https://example.com/notes' }),
        R.message('Here is what I found.'),
      ),
    );
    await send(page, 'what changed?');
    await waitIdle(page);
    const cells = page.getByTestId('web-search');
    await expect.poll(() => cells.count(), { timeout: 20_000 }).toBe(2);
    expect(await cells.nth(0).textContent()).toBe('Searched the web codex desktop release notes');
    expect(await cells.nth(1).textContent()).toBe('Searched the web https://example.com/notes');
    expect(model.requests[0]!.body.tools.at(-1)).toEqual({ type: 'web_search', external_web_access: true, search_content_types: ['text', 'image'] });
    expect(h.pageErrors).toEqual([]);
  });
});
