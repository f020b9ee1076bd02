// The review pane on a large diff in real Chromium against the real core: a
// 2,000-file change opens as a file list at once, hunks are loaded only for
// the files on screen, scrolling to the end loads the last file's hunks, and
// a hunk of that lazily loaded file stages exactly into git's index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumAvailable } from './support/browser.js';
import { startHarness, startThread, type Harness } from './support/harness.js';

const FILES = 2000;
let h: Harness;
let repo: string;
const git = (...args: string[]) =>
  execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
  });
// Zero-padded so git's order (by path) is the numeric one.
const name = (i: number) => `src/f${String(i).padStart(4, '0')}.ts`;
const body = (i: number, tag: string) => `export const a${i} = '${tag}';\n// unchanged\n`;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness({ viewport: { width: 1500, height: 900 } });
  repo = join(h.root, 'large');
  mkdirSync(join(repo, 'src'), { recursive: true });
  git('init', '-q', '-b', 'main');
  for (let i = 0; i < FILES; i++) writeFileSync(join(repo, name(i)), body(i, 'old'));
  git('add', '-A');
  git('commit', '-qm', 'base');
  for (let i = 0; i < FILES; i++) writeFileSync(join(repo, name(i)), body(i, 'new'));
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe.skipIf(!chromiumAvailable())('review pane on a 2,000-file diff', () => {
  it('lists every file at once, loads hunks of the files on screen, and more as they scroll into view', async () => {
    const { page } = h;
    await startThread(page, repo);
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    const pane = page.getByRole('complementary', { name: 'Review' });
    const list = pane.getByTestId('virtual-list');
    // One section row, then a file row and a hunk (or pending) row per file.
    await expect.poll(() => list.getAttribute('data-count'), { timeout: 30_000 }).toBe(String(2 * FILES + 2));
    await expect.poll(() => pane.getByRole('heading', { name: /Unstaged · 2000 files/ }).count()).toBe(1);
    const hunkOf = (i: number) => pane.locator(`[data-testid="review-hunk"][data-path="${name(i)}"]`);
    await expect.poll(() => hunkOf(0).count(), { timeout: 20_000 }).toBe(1);
    expect(await hunkOf(0).textContent()).toContain(`export const a0 = 'new';`);
    // Only what is near the screen was loaded: the last file still waits for its hunks.
    const loaded = await pane.locator('[data-testid="review-file"] .review-stats').count();
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(100);

    // Scroll to the end: the last file's hunks load. Scrolled and read in one step: rows above that load
    // grow and can push the last row out of the window again until the list is scrolled once more.
    const last = name(FILES - 1);
    const atEnd = (click: string | null) =>
      page.evaluate(
        ({ path, click }) => {
          const el = document.querySelector('.review-rows') as HTMLElement;
          el.scrollTop = el.scrollHeight;
          const hunk = document.querySelector(`[data-testid="review-hunk"][data-path="${path}"]`);
          const row = document.querySelector(`[data-testid="review-file"][data-path="${path}"]`);
          if (hunk && click) (hunk.querySelector(`button[aria-label="${click}"]`) as HTMLElement | null)?.click();
          return hunk ? `${row?.textContent ?? ''}|${hunk.textContent ?? ''}` : '';
        },
        { path: last, click },
      );
    // One read must see both: a read between two loads can find the last row pushed out again.
    await expect
      .poll(
        async () => {
          const seen = await atEnd(null);
          return seen.includes(`export const a${FILES - 1} = 'new';`) && seen.includes('+1 −1');
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    // A hunk of that lazily loaded file stages: the index gets exactly it. The click happens only
    // in a read that finds the hunk on screen (a read that does not answers '' and is tried again).
    await expect.poll(() => atEnd(`Stage hunk 1 of ${last}`), { timeout: 30_000 }).not.toBe('');
    await expect.poll(() => git('diff', '--cached', '--name-only'), { timeout: 30_000 }).toBe(`${last}\n`);
    expect(git('diff', '--cached')).toContain(`+export const a${FILES - 1} = 'new';`);
    expect(h.pageErrors).toEqual([]);
  }, 180_000);
});
