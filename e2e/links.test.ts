// Links the model writes, in real Chromium against the real core: the renderer
// never opens one itself; a click asks the host, whose link prompt (recorded by
// the test host where Electron shows a dialog) names the real host (punycode for
// an IDN lookalike) and the full URL, and nothing opens when the user declines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responses as R } from '../tests/support/scriptedServer.js';
import { chromiumAvailable } from './support/browser.js';
import { send, startHarness, startThread, waitIdle, type Harness } from './support/harness.js';
import type { CodexApi } from '../shared/ipc/api.js';

let h: Harness;
/** Requests the page made to anything but the test host (a link that opened would show here). */
const foreignRequests: string[] = [];

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness({ configExtra: 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n' });
  const own = new URL(h.host.url).host;
  h.page.context().on('request', (r) => {
    if (new URL(r.url()).host !== own) foreignRequests.push(r.url());
  });
});
afterAll(async () => {
  await h?.close();
});

// "аpple.com" starts with a Cyrillic а; the second link's text names apple.com but goes elsewhere.
const MESSAGE = [
  'Sign in at [the Apple login](https://\u0430pple.com/login).',
  'Or use [https://apple.com/login](https://apple.com.evil.example/login).',
  'Docs: https://example.com/guide',
  'Questions: [support@apple.com](mailto:phish@evil.example)',
].join('\n\n');

describe.skipIf(!chromiumAvailable())('model-written links in Chromium', () => {
  it("shows each link's real host, asks naming it before anything opens, and opens nothing when declined", async () => {
    const { page, host } = h;
    await startThread(page, h.workspace);
    h.model.enqueue(R.text(MESSAGE));
    await send(page, 'where do I sign in?');
    await waitIdle(page);
    const message = page.getByTestId('agent-message').last();
    await expect.poll(() => message.textContent(), { timeout: 20_000 }).toContain('Docs:');
    const startUrl = page.url();
    const pages = () => page.context().pages().length;
    expect(pages()).toBe(1);

    // The real host follows every link whose text does not show it.
    const text = (await message.textContent())!;
    expect(text).toContain('the Apple login (xn--pple-43d.com)');
    expect(text).toContain('https://apple.com/login (apple.com.evil.example)');
    expect(text).toContain('support@apple.com (evil.example)');
    expect(text).toContain('https://example.com/guide');
    expect(text).not.toContain('guide (example.com)');
    expect(await message.getByRole('link', { name: 'the Apple login' }).getAttribute('href')).toBe('https://xn--pple-43d.com/login');

    host.links.answer = false;
    await message.getByRole('link', { name: 'the Apple login' }).click();
    await expect.poll(() => host.links.prompts.length, { timeout: 10_000 }).toBe(1);
    expect(host.links.prompts[0]).toMatchObject({ message: 'Open xn--pple-43d.com in your browser?', buttons: ['Cancel', 'Open'] });
    expect(host.links.prompts[0]!.detail).toContain('https://xn--pple-43d.com/login');
    expect(host.links.prompts[0]!.detail).toContain('international domain name');

    // The lookalike text: the prompt says the text names another site.
    await message.getByRole('link', { name: 'https://apple.com/login' }).click();
    await expect.poll(() => host.links.prompts.length, { timeout: 10_000 }).toBe(2);
    expect(host.links.prompts[1]!.message).toBe('Open apple.com.evil.example in your browser?');
    expect(host.links.prompts[1]!.detail).toContain('Its text shows apple.com, but it goes to apple.com.evil.example.');

    // Mail: the real recipient, not the one in the text.
    await message.getByRole('link', { name: 'support@apple.com' }).click();
    await expect.poll(() => host.links.prompts.length, { timeout: 10_000 }).toBe(3);
    expect(host.links.prompts[2]!.message).toBe('Write an email to phish@evil.example?');

    // Keyboard activation and a middle click go the same way, or nowhere: never a new tab.
    await message.getByRole('link', { name: 'the Apple login' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => host.links.prompts.length, { timeout: 10_000 }).toBe(4);
    await message.getByRole('link', { name: 'https://example.com/guide' }).click({ button: 'middle' });
    await page.waitForTimeout(500);

    expect(host.links.opened).toEqual([]);
    expect(page.url()).toBe(startUrl);
    expect(pages()).toBe(1);
    expect(foreignRequests).toEqual([]);
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-links.png' });
  });

  it('opens exactly the URL that was shown once the user agrees, still without leaving the app', async () => {
    const { page, host } = h;
    const message = page.getByTestId('agent-message').last();
    const before = host.links.prompts.length;
    host.links.answer = true;
    await message.getByRole('link', { name: 'the Apple login' }).click();
    await expect.poll(() => host.links.opened, { timeout: 10_000 }).toEqual(['https://xn--pple-43d.com/login']);
    expect(host.links.prompts).toHaveLength(before + 1);
    expect(page.context().pages()).toHaveLength(1);
    expect(foreignRequests).toEqual([]);
    host.links.answer = false;
  });

  it('refuses a link that may not open, even asked for directly, without a prompt', async () => {
    const { page, host } = h;
    const before = host.links.prompts.length;
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://share/x']) {
      const err = await page.evaluate(
        (u) =>
          (window as unknown as { codex: CodexApi }).codex.openLink(u, 'x').then(
            () => 'opened',
            (e: Error) => e.message,
          ),
        url,
      );
      expect(err, url).toContain(`not ${url.slice(0, url.indexOf(':') + 1)}`);
    }
    expect(host.links.prompts).toHaveLength(before);
    expect(host.links.opened).toEqual(['https://xn--pple-43d.com/login']);
  });
});
