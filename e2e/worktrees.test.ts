// Worktree threads in Chromium against the real core, on a real git repository:
// two Worktree threads of one repository run at once and each edits (and
// commits) in its own worktree while the user's dirty checkout stays byte for
// byte; the sidebar shows Worktree badges with branch and ahead/behind; a
// thread is handed off to Local, its work following; a conflicting handoff is
// refused with the reason shown; an environment action runs from the header;
// removing a worktree names what would be lost and needs the confirmation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R, type RecordedRequest } from '../tests/support/scriptedServer.js';
import { chromiumAvailable } from './support/browser.js';
import { projectPicker, send, startHarness, type Harness } from './support/harness.js';
import { sh, snapshot } from '../tests/support/gitRepo.js';

let h: Harness;
let repo: string;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness({ configExtra: 'approval_policy = "never"\n' });
  // git needs an identity to commit (HOME is the harness root).
  writeFileSync(join(h.root, '.gitconfig'), '[user]\n\tname = Agent\n\temail = agent@example.com\n');
  repo = join(h.root, 'project');
  mkdirSync(repo);
  sh(repo, ['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, 'a.txt'), 'one\n');
  mkdirSync(join(repo, '.codex', 'environments'), { recursive: true });
  writeFileSync(
    join(repo, '.codex', 'environments', 'environment.toml'),
    'version = 1\nname = "project"\n[setup]\nscript = "echo preparing $CODEX_WORKTREE_PATH"\n[[actions]]\nname = "Show branch"\ncommand = "git branch --show-current"\n',
  );
  sh(repo, ['add', '-A']);
  sh(repo, ['commit', '-qm', 'init']);
  sh(repo, ['branch', 'release']);
  // The user's own work in progress, which nothing may touch.
  writeFileSync(join(repo, 'a.txt'), 'one\nuser edit\n');
  writeFileSync(join(repo, 'notes.txt'), 'user notes\n');
});
afterAll(async () => {
  await h?.close();
});

/** The model's part for a request: a command for a new user message, a closing message after the command's output. */
function modelTurn(req: RecordedRequest) {
  const input: any[] = req.body.input;
  if (input.at(-1)?.type === 'function_call_output') return R.message('Edited and committed.');
  const text: string = input
    .filter((i) => i.role === 'user')
    .at(-1)
    .content.map((c: any) => c.text ?? '')
    .join('');
  const name = /write (\w+)/.exec(text)![1]!;
  // alpha goes on only once beta's command is running (the two run at once, or alpha never commits); beta marks that.
  const marker = join(h.root, 'beta-running');
  const sync = name === 'alpha' ? `for i in $(seq 600); do [ -e ${marker} ] && break; sleep 0.1; done; [ -e ${marker} ]` : `touch ${marker}`;
  return R.functionCall({
    name: 'exec_command',
    arguments: { cmd: `echo ${name} > ${name}.txt && ${sync} && git add ${name}.txt && git commit -qm ${name} && echo DONE-${name}`, yield_time_ms: 120000 },
    callId: `call-${name}`,
  });
}

async function newWorktreeThread(base: string | null): Promise<void> {
  const { page } = h;
  const before = await page.getByRole('list', { name: 'Threads' }).getByRole('button').count();
  await page.getByRole('button', { name: 'New thread', exact: true }).click();
  const picker = projectPicker(page);
  await picker.getByLabel('Project or folder').fill(repo);
  await picker.getByLabel('Sandbox', { exact: true }).selectOption('workspace-write');
  await picker.getByLabel('Where').selectOption('worktree');
  if (base) {
    await expect.poll(() => picker.getByLabel('Base').locator('option').allTextContents(), { timeout: 20_000 }).toContain(base);
    await picker.getByLabel('Base').selectOption(base);
  }
  await picker.getByRole('button', { name: 'Start thread' }).click();
  await page
    .getByRole('list', { name: 'Threads' })
    .getByRole('button')
    .nth(before)
    .waitFor({ timeout: 20_000 })
    .catch(async (err) => {
      await page.screenshot({ path: '/tmp/wtt-fail.png' });
      throw new Error(`no new thread: ${(await page.getByRole('alert').allTextContents()).join(' | ')} ${h.hostLog.join('\n')} ${h.pageErrors.join('\n')}`, {
        cause: err,
      });
    });
  await page.getByTestId('workspace-kind').getByText('Worktree').waitFor({ timeout: 20_000 });
}

describe.skipIf(!chromiumAvailable())('worktree threads in Chromium', () => {
  it('runs two worktree threads of one repository at once, hands one off to Local, and removes a worktree only after naming the loss', async () => {
    const { page } = h;
    for (let i = 0; i < 8; i++) h.model.enqueue(modelTurn);
    const userCheckout = snapshot(repo);

    await newWorktreeThread(null);
    const first = await page.getByTestId('conversation-cwd').getAttribute('title');
    // The setup script ran in the new worktree, its output shown in the thread header.
    await expect.poll(() => page.getByLabel('Setup output').textContent(), { timeout: 20_000 }).toBe(`preparing ${first}\n`);
    await send(page, 'write alpha');
    // The second starts while the first is still working.
    await newWorktreeThread('release');
    const second = await page.getByTestId('conversation-cwd').getAttribute('title');
    await send(page, 'write beta');
    expect(first).not.toBe(second);
    expect(first).toMatch(new RegExp(`^${h.home}/worktrees/[0-9a-f]{4}/project$`));

    // Both finish: each edited and committed in its own worktree, nothing in the user's checkout.
    await expect.poll(() => existsSync(join(first!, 'alpha.txt')) && existsSync(join(second!, 'beta.txt')), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Send' }).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => sh(first!, ['log', '-1', '--format=%s']), { timeout: 30_000 }).toBe('alpha');
    await expect.poll(() => sh(second!, ['log', '-1', '--format=%s']), { timeout: 30_000 }).toBe('beta');
    expect(sh(second!, ['log', '-2', '--format=%s']).split('\n')).toEqual(['beta', 'init']);
    // The two ran at once: the second thread's first request came while the first thread's command still ran.
    const betaAsked = h.model.requests.findIndex((r) => JSON.stringify(r.body.input).includes('write beta'));
    const alphaCommandDone = h.model.requests.findIndex((r) => r.body.input.some((i: any) => i.type === 'function_call_output' && i.call_id === 'call-alpha'));
    expect(betaAsked).toBeGreaterThan(-1);
    expect(betaAsked).toBeLessThan(alphaCommandDone);
    expect(JSON.stringify(h.model.requests[alphaCommandDone]!.body.input)).toContain('DONE-alpha');
    expect(snapshot(repo)).toEqual(userCheckout);

    // Sidebar: two Worktree badges with branch and ahead/behind.
    const badges = page.getByTestId('worktree-badge');
    await expect
      .poll(() => badges.allTextContents(), { timeout: 20_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Worktree · codex\/[0-9a-f]{4} ↑1 ↓0$/),
          expect.stringMatching(/^Worktree · codex\/[0-9a-f]{4} ↑1 ↓0$/),
        ]),
      );
    expect(await badges.count()).toBe(2);

    // An environment action from the header runs in the thread's worktree.
    await page.getByRole('button', { name: 'Show branch' }).click();
    await expect.poll(() => page.getByLabel('Action output').textContent(), { timeout: 20_000 }).toMatch(/Show branch · exited 0codex\/[0-9a-f]{4}/);

    // Handoff of the second (beta) to Local: its uncommitted edit follows it; then the thread runs in the Local checkout.
    writeFileSync(join(second!, 'handoff.txt'), 'moved by handoff\n');
    await page.locator('header.conv-head').getByRole('button', { name: 'Thread actions' }).click();
    await page.getByRole('menuitem', { name: 'Hand off to Local' }).click();
    await page.getByTestId('workspace-kind').getByText('Local · main').waitFor({ timeout: 20_000 });
    // Confirmed where it runs now; the menu then offers the way back.
    expect(await page.getByRole('status').filter({ hasText: 'Handed off' }).textContent()).toBe('Handed off to Local: the thread now runs in ~/project');
    await page.locator('header.conv-head').getByRole('button', { name: 'Thread actions' }).click();
    expect(await page.getByRole('menu', { name: 'Thread actions' }).getByRole('menuitem').allTextContents()).toContain('Hand off to Worktree');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('conversation-cwd').getAttribute('title')).toBe(repo);
    expect(readFileSync(join(repo, 'handoff.txt'), 'utf8')).toBe('moved by handoff\n');
    expect(existsSync(join(second!, 'handoff.txt'))).toBe(false);
    // The user's own edits are still there, untouched.
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('one\nuser edit\n');

    // The first thread commits a handoff.txt of its own (used for the refused handoff below).
    writeFileSync(join(first!, 'handoff.txt'), 'the first thread has its own\n');
    sh(first!, ['add', 'handoff.txt']);
    sh(first!, ['commit', '-qm', 'own handoff file']);

    // Remove the second worktree from the panel: it has an unmerged commit (beta), so removal names it first.
    await page.getByRole('button', { name: 'Worktrees…' }).click();
    const panel = page.getByRole('dialog', { name: 'Worktrees' });
    await panel.getByRole('listitem').nth(1).waitFor();
    const secondBranch = sh(second!, ['branch', '--show-current']);
    await panel.getByRole('button', { name: `Remove ${secondBranch}` }).click();
    const confirm = panel.getByRole('alertdialog', { name: 'Confirm removal' });
    await expect.poll(() => confirm.textContent(), { timeout: 20_000 }).toContain(`1 commit on ${secondBranch} not merged into release nor pushed`);
    expect(existsSync(second!)).toBe(true);
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-worktrees.png' });
    await confirm.getByRole('button', { name: 'Remove anyway' }).click();
    await expect.poll(() => existsSync(second!), { timeout: 20_000 }).toBe(false);
    await expect.poll(() => panel.getByRole('listitem').count(), { timeout: 20_000 }).toBe(1);

    // The first worktree is in use by its thread: removal is refused and says so.
    const firstBranch = sh(first!, ['branch', '--show-current']);
    await panel.getByRole('button', { name: `Remove ${firstBranch}` }).click();
    await expect.poll(() => panel.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('is in use by thread');
    expect(existsSync(join(first!, 'alpha.txt'))).toBe(true);
    await panel.getByRole('button', { name: 'Close' }).click();

    // Handing the first thread to Local is refused: the Local checkout has its own uncommitted handoff.txt.
    // From the sidebar row's menu while another thread is in view: the thread comes into view with the refusal in its header.
    writeFileSync(join(first!, 'handoff.txt'), 'the first thread edits it again\n');
    const alphaRow = page.getByRole('list', { name: 'Threads' }).locator('li.thread-row').filter({ hasText: 'write alpha' });
    await alphaRow.hover();
    await alphaRow.getByRole('button', { name: 'Thread actions' }).click();
    await alphaRow.getByRole('menuitem', { name: 'Hand off to Local' }).click();
    await page.getByTestId('workspace-kind').getByText('Worktree').waitFor();
    await expect.poll(() => page.locator('.conv-head').getByRole('alert').textContent(), { timeout: 20_000 }).toContain('handoff refused, nothing was moved');
    expect(readFileSync(join(repo, 'handoff.txt'), 'utf8')).toBe('moved by handoff\n');
    expect(readFileSync(join(first!, 'handoff.txt'), 'utf8')).toBe('the first thread edits it again\n');
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-handoff-refused.png' });
    expect(h.pageErrors).toEqual([]);
  });
});
