// `@` file mentions in the composer, in real Chromium against the real core
// on a real git repository: typing `@` and part of a name lists the thread
// folder's files (ignored ones never), arrows and Enter choose one, the path
// replaces the token as Codex's composer does, and the message the model gets
// carries it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { responses as R } from '../tests/support/scriptedServer.js';
import { chromiumAvailable } from './support/browser.js';
import { send, startHarness, startThread, waitIdle, type Harness } from './support/harness.js';

let h: Harness;
let project: string;
beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness();
  project = join(h.root, 'project');
  for (const f of ['src/main.ts', 'src/util/mainHelper.ts', 'docs/guide.md', 'ignored/main-secret.ts', 'notes with space.md']) {
    mkdirSync(dirname(join(project, f)), { recursive: true });
    writeFileSync(join(project, f), 'x\n');
  }
  writeFileSync(join(project, '.gitignore'), 'ignored/\n');
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: project,
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'init');
});
afterAll(async () => {
  await h?.close();
});

const message = () => h.page.getByLabel('Message', { exact: true });
const options = () => h.page.getByRole('listbox', { name: 'Files' }).getByRole('option');

describe.skipIf(!chromiumAvailable())('@ file mentions in Chromium', () => {
  it('lists matching files of the thread folder, inserts the chosen path, and the model gets it', async () => {
    const { page } = h;
    await startThread(page, project);
    await message().click();
    await page.keyboard.type('explain @mai');
    await expect.poll(() => options().allInnerTexts(), { timeout: 15_000 }).toEqual(['src/main.ts', 'src/util/mainHelper.ts']);
    // The matched letters are marked.
    expect(await options().first().locator('mark').allInnerTexts()).toEqual(['mai']);
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-mention-picker.png' });

    // A busy machine draws late: typing on right after a choice must still go after the inserted path.
    await page.evaluate(() => {
      const draw = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (cb) => draw(() => setTimeout(() => cb(performance.now()), 400));
    });
    // ↓ then Enter: the second file replaces the token, followed by one space.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await message().inputValue()).toBe('explain src/util/mainHelper.ts ');
    expect(await page.getByRole('listbox', { name: 'Files' }).count()).toBe(0);

    // Ignored files are never offered; a path with spaces goes in quoted.
    await page.keyboard.type('and @secret');
    // Past the slow frame: the cursor is still where the typing left it.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await message().evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.value.length])).toEqual([
      'explain src/util/mainHelper.ts and @secret'.length,
      'explain src/util/mainHelper.ts and @secret'.length,
    ]);
    await expect.poll(() => page.getByRole('listbox', { name: 'Files' }).innerText(), { timeout: 15_000 }).toBe('No matching files');
    for (let i = 0; i < 'secret'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('notes');
    await expect.poll(() => options().allInnerTexts(), { timeout: 15_000 }).toEqual(['notes with space.md']);
    await page.keyboard.press('Tab');
    expect(await message().inputValue()).toBe('explain src/util/mainHelper.ts and "notes with space.md" ');

    // Escape closes the picker without touching the text; Enter then sends.
    await page.keyboard.type('@gui');
    await expect.poll(() => options().allInnerTexts(), { timeout: 15_000 }).toEqual(['docs/guide.md']);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('listbox', { name: 'Files' }).count()).toBe(0);
    const before = h.model.requests.length;
    h.model.enqueue(R.text('Explained.'));
    await send(page, await message().inputValue());
    await waitIdle(page);
    const input = JSON.stringify(h.model.requests[before]!.body.input);
    expect(input).toContain('explain src/util/mainHelper.ts and \\"notes with space.md\\" @gui');
  });
});
