// The whole worktree review flow as a user does it, in Chromium against the
// real core on a real git repository: two Worktree threads of one repository
// run at once (the scripted model holds the first thread's answer until the
// second thread has asked, so their turns overlap), each patching a.txt in its
// own worktree while the user's dirty checkout stays byte for byte, the sidebar
// listing both under the repository; then in the first thread's review pane a
// hunk is staged, another reverted (confirmed, the file checked), a line
// commented on, the follow-up turn reaches the model with file and line and
// its edit lands, and a typed commit lands on the thread's codex/… branch with
// exactly the staged content, the other worktree untouched.
// Screenshots: /tmp/codex-desktop-e2e-worktree-review{,-dark}.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R, type RecordedRequest } from '../tests/support/scriptedServer.js';
import { chromiumAvailable } from './support/browser.js';
import { scriptedConfig, send, startHarness, startThread, threadRows, waitIdle, type Harness } from './support/harness.js';
import { sh, snapshot } from '../tests/support/gitRepo.js';

let h: Harness;
let repo: string;
const LINES = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
const text = (edits: Record<number, string>) => LINES.map((l, i) => edits[i + 1] ?? l).join('\n') + '\n';

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  // The first thread's answer is held until the second thread asks (worktree made, setup run): more than the usual 5 s idle limit on a busy machine.
  h = await startHarness({
    viewport: { width: 1500, height: 900 },
    config: (url) => scriptedConfig(url).replace('stream_idle_timeout_ms = 5000', 'stream_idle_timeout_ms = 120000'),
  });
  // git needs an identity to commit (HOME is the harness root).
  writeFileSync(join(h.root, '.gitconfig'), '[user]\n\tname = Pane User\n\temail = pane@example.com\n');
  repo = join(h.root, 'project');
  mkdirSync(repo);
  sh(repo, ['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, 'a.txt'), text({}));
  sh(repo, ['add', '-A']);
  sh(repo, ['commit', '-qm', 'init']);
  // The user's own work in progress, which nothing may touch.
  writeFileSync(join(repo, 'a.txt'), text({ 5: 'line 5 by the user' }));
  writeFileSync(join(repo, 'notes.txt'), 'user notes\n');
});
afterAll(async () => {
  await h?.close();
});

/** A patch replacing whole lines of a.txt (each its own hunk when far apart). */
function patch(edits: Record<number, [string, string]>): string {
  const body = Object.values(edits)
    .map(([from, to]) => `@@\n-${from}\n+${to}\n`)
    .join('');
  return `*** Begin Patch\n*** Update File: a.txt\n${body}*** End Patch\n`;
}

const lastUserText = (req: RecordedRequest): string =>
  (req.body.input as any[])
    .filter((i) => i.role === 'user')
    .at(-1)
    .content.map((c: any) => c.text ?? '')
    .join('');

/** Resolves when the second thread's first request has come (or after a minute, so a failure shows as an assertion). */
let betaAsked!: () => void;
const betaHasAsked = new Promise<void>((resolve) => {
  betaAsked = resolve;
  setTimeout(resolve, 60_000);
});

/** The model: a patch for each new request, a closing message after a tool's output. */
async function modelTurn(req: RecordedRequest) {
  const input: any[] = req.body.input;
  if (input.at(-1)?.type === 'custom_tool_call_output') return R.message('Done.');
  const asked = lastUserText(req);
  if (asked.includes('edit alpha')) {
    // Held: the first thread's turn is still running when the second one asks.
    await betaHasAsked;
    return R.customToolCall({
      name: 'apply_patch',
      callId: 'call-alpha',
      input: patch({ 2: ['line 2', 'line 2 ALPHA'], 15: ['line 15', 'line 15 ALPHA'], 28: ['line 28', 'line 28 ALPHA'] }),
    });
  }
  if (asked.includes('edit beta')) {
    betaAsked();
    return R.customToolCall({ name: 'apply_patch', callId: 'call-beta', input: patch({ 2: ['line 2', 'line 2 BETA'] }) });
  }
  // The review comment's follow-up turn.
  return R.customToolCall({ name: 'apply_patch', callId: 'call-gamma', input: patch({ 28: ['line 28 ALPHA', 'line 28 GAMMA'] }) });
}

async function worktreeThread(): Promise<string> {
  await startThread(h.page, repo, 'workspace-write', 'never', async (picker) => {
    await picker.getByLabel('Where').selectOption('worktree');
  });
  await h.page.getByTestId('workspace-kind').getByText('Worktree').waitFor({ timeout: 20_000 });
  return (await h.page.getByTestId('conversation-cwd').getAttribute('title'))!;
}

describe.skipIf(!chromiumAvailable())('two worktree threads, then review, stage, revert, comment and commit', () => {
  it('runs both at once, each in its own worktree, and commits exactly the staged hunk on the first thread’s branch', async () => {
    const { page, model } = h;
    for (let i = 0; i < 8; i++) model.enqueue(modelTurn);
    const userCheckout = snapshot(repo);

    const alpha = await worktreeThread();
    await send(page, 'edit alpha');
    await model.waitForRequests(1);
    const beta = await worktreeThread();
    await send(page, 'edit beta');
    expect(alpha).not.toBe(beta);

    // Each patched a.txt in its own worktree.
    await expect
      .poll(() => readFileSync(join(alpha, 'a.txt'), 'utf8'), { timeout: 60_000 })
      .toBe(text({ 2: 'line 2 ALPHA', 15: 'line 15 ALPHA', 28: 'line 28 ALPHA' }));
    await expect.poll(() => readFileSync(join(beta, 'a.txt'), 'utf8'), { timeout: 60_000 }).toBe(text({ 2: 'line 2 BETA' }));
    // They overlapped: the second thread asked before the first one's patch had run.
    const patchedAt = (callId: string) =>
      model.requests.findIndex((r) => (r.body.input as any[]).some((i) => i.type === 'custom_tool_call_output' && i.call_id === callId));
    await expect.poll(() => patchedAt('call-alpha'), { timeout: 60_000 }).toBeGreaterThan(-1);
    const betaFirst = model.requests.findIndex((r) => lastUserText(r).includes('edit beta'));
    expect(betaFirst).toBeGreaterThan(0);
    expect(patchedAt('call-alpha')).toBeGreaterThan(betaFirst);
    expect(model.requests.findIndex((r) => lastUserText(r).includes('edit alpha'))).toBeLessThan(betaFirst);
    await waitIdle(page);
    expect(snapshot(repo)).toEqual(userCheckout);
    const betaState = snapshot(beta);
    // The sidebar lists both under their repository (in whichever status section each is), not a project per worktree.
    const projectHeads = () =>
      page
        .getByRole('list', { name: 'Threads' })
        .locator('.project-head')
        .evaluateAll((els) => els.map((e) => e.getAttribute('title')));
    await expect.poll(projectHeads, { timeout: 20_000 }).toEqual(expect.arrayContaining([repo]));
    await expect.poll(async () => new Set(await projectHeads()), { timeout: 20_000 }).toEqual(new Set([repo]));
    expect(await threadRows(page).count()).toBe(2);

    // Back to the first thread; its review pane shows its three hunks.
    await threadRows(page).filter({ hasText: 'edit alpha' }).getByRole('button').first().click();
    await expect.poll(() => page.getByTestId('conversation-cwd').getAttribute('title')).toBe(alpha);
    await waitIdle(page);
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    const pane = page.getByRole('complementary', { name: 'Review' });
    const unstaged = pane.locator('[data-testid="review-hunk"][data-section="unstaged"][data-path="a.txt"]');
    const staged = pane.locator('[data-testid="review-hunk"][data-section="staged"][data-path="a.txt"]');
    await expect.poll(() => unstaged.count(), { timeout: 20_000 }).toBe(3);

    // Stage the first hunk (line 2): the index gets exactly it.
    await pane.getByRole('button', { name: 'Stage hunk 1 of a.txt' }).click();
    await expect.poll(() => staged.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => unstaged.count(), { timeout: 20_000 }).toBe(2);
    expect(sh(alpha, ['show', ':a.txt']) + '\n').toBe(text({ 2: 'line 2 ALPHA' }));

    // Revert the next (line 15), after the confirmation; the file has line 15 back and the rest kept.
    await pane.getByRole('button', { name: 'Revert hunk 1 of a.txt' }).click();
    await pane.getByRole('dialog', { name: 'Revert changes' }).getByRole('button', { name: 'Revert' }).click();
    await expect.poll(() => readFileSync(join(alpha, 'a.txt'), 'utf8'), { timeout: 20_000 }).toBe(text({ 2: 'line 2 ALPHA', 28: 'line 28 ALPHA' }));
    await expect.poll(() => unstaged.count(), { timeout: 20_000 }).toBe(1);

    // A comment on line 28 becomes the follow-up turn: the model gets file and line, and its edit lands.
    await unstaged.first().getByRole('button', { name: 'Comment on line 28', exact: true }).click();
    await pane.getByLabel('Comment', { exact: true }).fill('Say GAMMA here instead.');
    await pane.getByRole('button', { name: 'Add comment' }).click();
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-worktree-review.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-worktree-review-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });
    const before = model.requests.length;
    await pane.getByRole('button', { name: 'Submit 1 comment' }).click();
    await expect.poll(() => model.requests.length, { timeout: 20_000 }).toBeGreaterThan(before);
    const followUp = lastUserText(model.requests[before]!);
    expect(followUp).toContain('a.txt:28');
    expect(followUp).toContain('Say GAMMA here instead.');
    await expect.poll(() => readFileSync(join(alpha, 'a.txt'), 'utf8'), { timeout: 60_000 }).toBe(text({ 2: 'line 2 ALPHA', 28: 'line 28 GAMMA' }));
    await waitIdle(page);
    await expect.poll(() => unstaged.first().textContent(), { timeout: 20_000 }).toContain('line 28 GAMMA');

    // Commit with a typed message: on the thread's codex/… branch, exactly the staged line.
    const branch = sh(alpha, ['branch', '--show-current']);
    expect(branch).toMatch(/^codex\/[0-9a-f]{4}$/);
    await pane.getByLabel('Commit message').fill('Change line 2');
    await pane.getByRole('button', { name: 'Commit staged' }).click();
    await expect.poll(() => sh(repo, ['log', '-1', '--format=%s', branch]), { timeout: 20_000 }).toBe('Change line 2');
    expect(sh(repo, ['show', `${branch}:a.txt`]) + '\n').toBe(text({ 2: 'line 2 ALPHA' }));
    expect(sh(repo, ['log', '--format=%s', branch]).split('\n')).toEqual(['Change line 2', 'init']);
    expect(sh(alpha, ['status', '--porcelain'])).toBe(' M a.txt');
    await expect.poll(() => staged.count(), { timeout: 20_000 }).toBe(0);
    // Nothing else moved: the other worktree and the user's checkout are as they were, main did not move.
    expect(snapshot(beta)).toEqual(betaState);
    expect(sh(beta, ['log', '--format=%s'])).toBe('init');
    expect(snapshot(repo)).toEqual(userCheckout);
    expect(sh(repo, ['log', '--format=%s', 'main'])).toBe('init');
    expect(h.pageErrors).toEqual([]);
  });
});
