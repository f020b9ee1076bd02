// The window's finish, in real Chromium against the real core: the welcome
// screen (recent projects, Choose folder…, first steps), the model picker fed by
// model/list, one SVG icon set (no emoji or symbol glyphs left in the text),
// diff headers relative to the project, and screenshots of each screen in light
// and dark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
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

const welcome = () => h.page.getByRole('region', { name: 'Welcome' });
const projects = () => h.page.getByRole('list', { name: 'Recent projects' }).getByRole('button');

/** Light and dark screenshots of what is on screen now. */
async function screenshots(name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await h.page.emulateMedia({ colorScheme: scheme });
    await h.page.screenshot({ path: `/tmp/codex-desktop-e2e-${name}-${scheme}.png` });
  }
  await h.page.emulateMedia({ colorScheme: 'light' });
}

describe.skipIf(!chromiumAvailable())('look and feel in Chromium', () => {
  it('welcomes with first steps and Choose folder…, then lists recent projects that start a thread in one click', async () => {
    await welcome().waitFor();
    expect(await projects().allTextContents()).toEqual(['Choose folder…Start a thread in another project']);
    expect(await welcome().textContent()).toContain('What to do first');
    await screenshots('welcome-empty');

    // Choose folder…: the OS picker (the test host's stand-in), then a thread there.
    const other = join(h.root, 'other-project');
    mkdirSync(other);
    h.host.folderPicker.answer = other;
    await projects().filter({ hasText: 'Choose folder…' }).click();
    await expect.poll(() => h.page.getByTestId('conversation-cwd').textContent(), { timeout: 20_000 }).toBe('~/other-project');
    await startThread(h.page, h.workspace);
    h.model.enqueue(R.text('hi'));
    await send(h.page, 'hello from ws');
    await waitIdle(h.page);

    await h.page.reload();
    await welcome().waitFor();
    await expect.poll(() => projects().count(), { timeout: 20_000 }).toBe(3);
    expect((await projects().allTextContents()).slice(0, 2)).toEqual(['ws~/ws', 'other-project~/other-project']);
    await screenshots('welcome');
    await projects().filter({ hasText: 'other-project' }).click();
    await expect.poll(() => h.page.getByTestId('conversation-cwd').textContent(), { timeout: 20_000 }).toBe('~/other-project');

    // Each project in the sidebar starts a thread of its own.
    const rows = h.page.locator('li.thread-row');
    const before = await rows.count();
    await h.page.getByRole('button', { name: 'New thread in ws' }).first().click();
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(before + 1);
    await expect.poll(() => h.page.getByTestId('conversation-cwd').textContent()).toBe('~/ws');
  });

  it("offers model/list's models in the Model picker and sends the one picked", async () => {
    const listed = await h.page.evaluate(() => (window as any).codex.request('model/list', {}));
    const picker = h.page.getByLabel('Model', { exact: true });
    const offered = await picker.locator('option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    expect(offered).toEqual(listed.data.map((m: any) => [m.model, m.displayName]));
    expect(await picker.inputValue()).toBe('gpt-5.5');
    const other = listed.data.find((m: any) => m.model !== 'gpt-5.5');
    await picker.selectOption(other.model);
    h.model.enqueue(R.text('picked'));
    const before = h.model.requests.length;
    await send(h.page, 'use the picked model');
    await expect.poll(() => h.model.requests.length, { timeout: 20_000 }).toBe(before + 1);
    expect(h.model.requests[before]!.body.model).toBe(other.model);
    await waitIdle(h.page);
  });

  it('draws its icons as SVG: no emoji or symbol glyphs in the window text', async () => {
    const glyphs = await h.page.evaluate(() => (document.body.innerText.match(/[\u2190-\u2BFF\u{1F000}-\u{1FFFF}]/gu) ?? []).join(''));
    expect(glyphs).toBe('');
    for (const title of ['Attach images', 'Refresh', 'Settings']) expect(await h.page.locator(`button[title="${title}"] svg.icon`).count()).toBe(1);
    expect(await h.page.locator('header.conv-head').getByRole('button', { name: 'Thread actions' }).locator('svg.icon').count()).toBe(1);
  });

  it('names changed files relative to the project in diff headers and highlights code and diffs', async () => {
    await startThread(h.page, h.workspace);
    mkdirSync(join(h.workspace, 'src'), { recursive: true });
    writeFileSync(join(h.workspace, 'src', 'app.ts'), 'const one = 1;\nlet two = "2";\n');
    const patch = [
      '*** Begin Patch',
      '*** Update File: src/app.ts',
      '@@',
      ' const one = 1;',
      '-let two = "2";',
      '+let two = "two"; // spelled out',
      '*** End Patch',
    ].join('\n');
    const answer = 'Patched:\n\n```ts\nconst two = "two"; // now\nreturn 2;\n```\n';
    h.model.enqueue(R.customToolCall({ input: patch, callId: 'p1' }), R.text(answer));
    await send(h.page, 'patch src/app.ts');
    await expect.poll(() => h.page.locator('pre.md-code').last().textContent(), { timeout: 20_000 }).toBe('const two = "two"; // now\nreturn 2;');
    const path = h.page.getByTestId('file-change-cell').last().getByTestId('file-path');
    expect(await path.textContent()).toBe('src/app.ts');
    expect(await path.getAttribute('title')).toBe(join(h.workspace, 'src', 'app.ts'));

    // Highlighted once settled: the code block and the diff's lines, text unchanged.
    const block = h.page.locator('pre.md-code[data-highlighted=true]').last();
    await block.waitFor({ timeout: 10_000 });
    expect(await block.locator('.tok-keyword').allTextContents()).toEqual(['const', 'return']);
    expect(await block.locator('.tok-string').allTextContents()).toEqual(['"two"']);
    expect(await block.locator('.tok-comment').allTextContents()).toEqual(['// now']);
    const diff = h.page.getByTestId('file-change-cell').last().locator('table.diff[data-highlighted=true]');
    await diff.waitFor({ timeout: 10_000 });
    expect(await diff.locator('tr.add .tok-comment').allTextContents()).toEqual(['// spelled out']);
    expect(await diff.locator('tr.del').allTextContents()).toEqual(['2-let two = "2";']);
    expect(await diff.locator('tr.del .tok-keyword').allTextContents()).toEqual(['let']);
    await screenshots('conversation');
    await h.page.locator('header.conv-head').getByRole('button', { name: 'Thread actions' }).click();
    await screenshots('thread-menu');
    // The keyboard walks the menu: the first entry has the focus, arrows move (and wrap).
    const focused = () => h.page.evaluate(() => document.activeElement?.textContent);
    expect(await focused()).toBe('Rename');
    await h.page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Fork');
    await h.page.keyboard.press('ArrowUp');
    await h.page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('Delete…');
    // Escape closes the menu (and interrupts nothing).
    await h.page.keyboard.press('Escape');
    await h.page.getByRole('menu', { name: 'Thread actions' }).waitFor({ state: 'detached' });
    await h.page.locator('header.conv-head').getByRole('button', { name: 'Thread actions' }).click();
    await h.page.getByRole('menuitem', { name: 'Delete…' }).click();
    await screenshots('delete-confirm');
    await h.page.getByRole('alertdialog', { name: 'Delete thread' }).getByRole('button', { name: 'Cancel' }).click();
    await h.page.getByLabel('Message', { exact: true }).fill('/');
    await screenshots('slash-menu');
    await h.page.getByLabel('Message', { exact: true }).fill('');
    await h.page.keyboard.press('Control+k');
    await h.page.getByRole('dialog', { name: 'Command palette' }).waitFor();
    await screenshots('palette');
    await h.page.keyboard.press('Escape');
    await h.page.getByRole('dialog', { name: 'Command palette' }).waitFor({ state: 'detached' });
    await h.page.keyboard.press('Control+,');
    await h.page.getByRole('dialog', { name: 'Settings' }).getByLabel('Default model').waitFor();
    await screenshots('settings');
    await h.page.keyboard.press('Escape');
    expect(h.pageErrors).toEqual([]);
    expect(h.model.unexpected).toEqual([]);
  });
});
