// The review pane in real Chromium against the real core on a real git
// repository: the uncommitted diff (staged and unstaged apart), a hunk staged,
// another reverted after a confirmation and then undone, a line comment sent
// as a follow-up turn the scripted model receives, and an agent review whose
// finding shows next to its line and turns into a fix request, and a commit of
// what is staged with the pane's message. Screenshot:
// /tmp/codex-desktop-e2e-review.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../tests/support/scriptedServer.js';
import { chromiumAvailable } from './support/browser.js';
import { startHarness, startThread, waitIdle, type Harness } from './support/harness.js';

let h: Harness;
let repo: string;
const git = (...args: string[]) =>
  execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
  });
const LINES = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
const CHANGED = LINES.map((l, i) => (i === 1 ? 'line 2 CHANGED' : i === 27 ? 'line 28 CHANGED' : l)).join('\n') + '\n';

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness({ viewport: { width: 1500, height: 900 } });
  repo = join(h.root, 'project');
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'a.txt'), LINES.join('\n') + '\n');
  git('add', '-A');
  git('commit', '-qm', 'init');
  writeFileSync(join(repo, 'a.txt'), CHANGED);
  writeFileSync(join(repo, 'notes.md'), 'draft notes\n');
});
afterAll(async () => {
  await h?.close();
});

describe.skipIf(!chromiumAvailable())('review pane in Chromium', () => {
  it('stages a hunk, reverts another (confirmed, then undone), comments, fixes a finding and commits', async () => {
    const { page, model } = h;
    await startThread(page, repo);
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    const pane = page.getByRole('complementary', { name: 'Review' });
    const unstagedHunks = pane.locator('[data-testid="review-hunk"][data-section="unstaged"][data-path="a.txt"]');
    await expect.poll(() => unstagedHunks.count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => pane.locator('[data-testid="review-file"][data-path="notes.md"]').textContent()).toContain('untracked');

    // Stage the first hunk: git's index gets exactly it.
    await pane.getByRole('button', { name: 'Stage hunk 1 of a.txt' }).click();
    await expect.poll(() => pane.locator('[data-testid="review-hunk"][data-section="staged"][data-path="a.txt"]').count(), { timeout: 20_000 }).toBe(1);
    const cached = git('diff', '--cached');
    expect(cached).toContain('+line 2 CHANGED');
    expect(cached).not.toContain('line 28');
    await expect.poll(() => unstagedHunks.count(), { timeout: 20_000 }).toBe(1);

    // Revert the other: asked first; Cancel changes nothing.
    await pane.getByRole('button', { name: 'Revert hunk 1 of a.txt' }).click();
    const dialog = pane.getByRole('dialog', { name: 'Revert changes' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe(CHANGED);
    await pane.getByRole('button', { name: 'Revert hunk 1 of a.txt' }).click();
    await dialog.getByRole('button', { name: 'Revert' }).click();
    await expect.poll(() => readFileSync(join(repo, 'a.txt'), 'utf8'), { timeout: 20_000 }).not.toContain('line 28 CHANGED');
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toContain('line 2 CHANGED');
    await expect.poll(() => unstagedHunks.count(), { timeout: 20_000 }).toBe(0);
    // …and undone: the file is as it was, byte for byte.
    await pane.getByRole('list', { name: 'Reverted' }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => readFileSync(join(repo, 'a.txt'), 'utf8'), { timeout: 20_000 }).toBe(CHANGED);
    await expect.poll(() => unstagedHunks.count(), { timeout: 20_000 }).toBe(1);

    // A comment on line 28 goes to the thread as a follow-up turn.
    await unstagedHunks.first().getByRole('button', { name: 'Comment on line 28', exact: true }).click();
    await pane.getByLabel('Comment', { exact: true }).fill('Keep the old wording here.');
    await pane.getByRole('button', { name: 'Add comment' }).click();
    await expect.poll(() => pane.getByTestId('pending-comment').count()).toBe(1);
    const before = model.requests.length;
    model.enqueue(R.message('Changed the wording back.'));
    await pane.getByRole('button', { name: 'Submit 1 comment' }).click();
    await expect.poll(() => model.requests.length, { timeout: 20_000 }).toBe(before + 1);
    const sent = JSON.stringify(model.requests[before]!.body.input);
    expect(sent).toContain('a.txt:28');
    expect(sent).toContain('Keep the old wording here.');
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('Changed the wording back.');
    await waitIdle(page);

    // The agent's review: its finding shows next to line 28 and becomes a fix request.
    const finding = {
      title: '[P2] Changed line breaks the count',
      body: 'Line 28 no longer matches its number.',
      confidence_score: 0.6,
      priority: 2,
      code_location: { absolute_file_path: join(repo, 'a.txt'), line_range: { start: 28, end: 28 } },
    };
    model.enqueue(
      R.message(
        JSON.stringify({ findings: [finding], overall_correctness: 'patch is incorrect', overall_explanation: 'One issue.', overall_confidence_score: 0.6 }),
      ),
    );
    await pane.getByRole('button', { name: 'Review with agent' }).click();
    const inline = unstagedHunks.first().getByTestId('finding');
    await expect.poll(() => inline.count(), { timeout: 20_000 }).toBe(1);
    expect(await inline.textContent()).toContain('[P2] Changed line breaks the count');
    await waitIdle(page);
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-review.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-review-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });

    const beforeFix = model.requests.length;
    model.enqueue(R.message('Fixed.'));
    await inline.getByRole('button', { name: 'Fix this' }).click();
    await expect.poll(() => model.requests.length, { timeout: 20_000 }).toBe(beforeFix + 1);
    const fix = JSON.stringify(model.requests[beforeFix]!.body.input);
    expect(fix).toContain('Fix this review finding in a.txt:28');
    expect(fix).toContain('Line 28 no longer matches its number.');
    await waitIdle(page);

    // Commit what is staged (line 2) with the message written in the pane.
    git('config', 'user.name', 'Pane User');
    git('config', 'user.email', 'pane@example.com');
    await pane.getByLabel('Commit message').fill('Change line 2');
    await pane.getByRole('button', { name: 'Commit staged' }).click();
    await expect.poll(() => git('log', '-1', '--format=%s'), { timeout: 20_000 }).toBe('Change line 2\n');
    expect(git('show', '--format=', 'HEAD')).toContain('+line 2 CHANGED');
    expect(git('show', '--format=', 'HEAD')).not.toContain('line 28');
    await expect.poll(() => pane.locator('[data-testid="review-hunk"][data-section="staged"]').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => pane.getByRole('status').textContent()).toContain('Change line 2');
    expect(h.pageErrors).toEqual([]);
  });
});
