// The composer while a turn runs, in real Chromium against the real core: it
// stays live, Enter steers the running turn (turn/steer), Tab queues a
// follow-up that is shown above the composer, can be removed, and starts as
// its own turn when the running one ends; `!cmd` runs a shell command, and one
// that never ends is stopped by Interrupt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../tests/support/scriptedServer.js';
import { chromiumAvailable } from './support/browser.js';
import { send, startHarness, startThread, waitIdle, type Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness({ configExtra: 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n' });
});
afterAll(async () => {
  await h?.close();
});

const textOf = (item: any): string => (Array.isArray(item?.content) ? item.content.map((c: any) => c.text ?? '').join('') : '');
/** A command that runs until the test creates `file` in the workspace. */
const waitFor = (file: string) => ({ cmd: `while [ ! -f ${file} ]; do sleep 0.05; done; echo released`, yield_time_ms: 20000 });

describe.skipIf(!chromiumAvailable())('composer while a turn runs', () => {
  it('Enter steers the running turn: the text reaches the model with its next request', async () => {
    const { page, model, workspace } = h;
    await startThread(page, workspace);
    model.enqueue(R.functionCall({ name: 'exec_command', arguments: waitFor('go-steer'), callId: 's1' }), R.message('Done, with the README too.'));
    await send(page, 'start the job');
    await page.getByTestId('command-cell').last().waitFor({ timeout: 20_000 });
    const box = page.getByLabel('Message', { exact: true });
    expect(await box.isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Steer' }).waitFor();
    await box.fill('also update the README');
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('');
    writeFileSync(join(workspace, 'go-steer'), '');
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('Done, with the README too.');
    await waitIdle(page);
    expect(model.requests).toHaveLength(2);
    const input = model.requests[1]!.body.input;
    const at = input.findIndex((i: any) => i.type === 'function_call_output' && i.call_id === 's1');
    expect(textOf(input[at + 1])).toBe('also update the README');
    expect(await page.getByTestId('user-message').allTextContents()).toEqual(['start the job', 'also update the README']);
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-steer.png' });
    expect(h.pageErrors, h.pageErrors.join('\n')).toEqual([]);
  });

  it('Tab queues follow-ups above the composer; a removed one is never sent, the other starts when the turn ends', async () => {
    const { page, model, workspace } = h;
    model.reset();
    model.enqueue(
      R.functionCall({ name: 'exec_command', arguments: waitFor('go-queue'), callId: 'q1' }),
      R.message('First done.'),
      R.message('Follow-up done.'),
    );
    await send(page, 'first task');
    await page.getByTestId('command-cell').last().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Queue' }).waitFor();
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('queued follow-up');
    await box.press('Tab');
    await box.fill('changed my mind');
    await box.press('Tab');
    await box.fill('!echo queued-shell-ran');
    await box.press('Tab');
    const queued = page.getByTestId('queued-message');
    await expect.poll(() => queued.count()).toBe(3);
    expect(await box.inputValue()).toBe('');
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-queue.png' });
    await page.getByRole('button', { name: 'Remove queued message: changed my mind' }).click();
    await expect.poll(() => queued.allTextContents()).toEqual([expect.stringContaining('queued follow-up'), expect.stringContaining('!echo queued-shell-ran')]);
    // Nothing queued reached the running turn.
    expect(model.requests).toHaveLength(1);

    writeFileSync(join(workspace, 'go-queue'), '');
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 30_000 }).toBe('Follow-up done.');
    // Then the queued `!cmd` runs as a shell command, not as a message to the model.
    const shellCell = page.locator('[data-testid="command-cell"][data-source="userShell"]').last();
    await expect.poll(() => shellCell.textContent(), { timeout: 20_000 }).toContain('queued-shell-ran');
    await waitIdle(page);
    expect(await queued.count()).toBe(0);
    expect(model.requests).toHaveLength(3);
    // The follow-up is a turn of its own: its request ends with it; the removed one was never sent.
    expect(textOf(model.requests[2]!.body.input.at(-1))).toBe('queued follow-up');
    expect(JSON.stringify(model.requests.map((r) => r.body.input))).not.toContain('changed my mind');
    expect((await page.getByTestId('user-message').allTextContents()).slice(-2)).toEqual(['first task', 'queued follow-up']);
    expect(h.pageErrors, h.pageErrors.join('\n')).toEqual([]);
  });

  it('!cmd runs in the thread folder, shows as a command cell, and the model reads its output with the next message', async () => {
    const { page, model, workspace } = h;
    model.reset();
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('!echo bang-output; echo made > bang.txt');
    await box.press('Enter');
    const cell = page.locator('[data-testid="command-cell"][data-source="userShell"]').last();
    await expect.poll(() => cell.textContent(), { timeout: 20_000 }).toContain('bang-output');
    await expect.poll(() => cell.getByTestId('command-status').textContent(), { timeout: 20_000 }).toBe('exit 0');
    expect(await cell.textContent()).toContain('you ran');
    expect(readFileSync(join(workspace, 'bang.txt'), 'utf8')).toBe('made\n');
    await waitIdle(page);
    // No model request for the command itself, and no user message bubble for it.
    expect(model.requests).toHaveLength(0);
    expect(await page.getByTestId('user-message').allTextContents()).not.toContain('!echo bang-output; echo made > bang.txt');
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-bang.png' });

    model.enqueue(R.message('You printed bang-output.'));
    await send(page, 'what did I run?');
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('You printed bang-output.');
    const texts = model.requests[0]!.body.input.map(textOf);
    expect(
      texts.some(
        (t: string) => t.startsWith('<user_shell_command>\n<command>\necho bang-output; echo made > bang.txt\n</command>') && t.includes('bang-output\n'),
      ),
    ).toBe(true);
    expect(h.pageErrors, h.pageErrors.join('\n')).toEqual([]);
  });

  it('a !command that never ends: Interrupt kills it, the cell says so, and the thread takes the next message', async () => {
    const { page, model, workspace } = h;
    model.reset();
    const pidFile = join(workspace, 'never.pid');
    const box = page.getByLabel('Message', { exact: true });
    await box.fill(`!sleep 300 & echo $! > ${pidFile}; wait`);
    await box.press('Enter');
    const cell = page.locator('[data-testid="command-cell"][data-source="userShell"]').last();
    await expect.poll(() => cell.getByTestId('command-status').textContent(), { timeout: 20_000 }).toBe('running');
    await expect.poll(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', { timeout: 20_000 }).toBe(true);
    const sleeper = Number(readFileSync(pidFile, 'utf8').trim());
    expect(alive(sleeper)).toBe(true);
    await page.getByRole('button', { name: 'Interrupt' }).click();
    await expect.poll(() => cell.getByTestId('command-status').textContent(), { timeout: 20_000 }).toBe('exit -1');
    expect(await cell.textContent()).toContain('command aborted by user');
    await expect.poll(() => alive(sleeper), { timeout: 5000 }).toBe(false);
    await waitIdle(page);
    expect(await page.getByRole('alert').count()).toBe(0);

    model.enqueue(R.message('Still here.'));
    await send(page, 'are you there?');
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('Still here.');
    expect(JSON.stringify(model.requests[0]!.body.input)).toContain('command aborted by user');
    expect(h.pageErrors, h.pageErrors.join('\n')).toEqual([]);
  });

  it('after an interrupt the queue waits: Start now starts it', async () => {
    const { page, model } = h;
    model.reset();
    model.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 30', yield_time_ms: 30000 }, callId: 'slow' }),
      R.message('Started on request.'),
    );
    await send(page, 'long task');
    await page.getByTestId('command-cell').last().waitFor({ timeout: 20_000 });
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('later please');
    await box.press('Tab');
    await page.getByRole('button', { name: 'Interrupt' }).click();
    await waitIdle(page);
    const queued = page.getByTestId('queued-message');
    expect(await queued.count()).toBe(1);
    expect(model.requests).toHaveLength(1);
    await queued.getByRole('button', { name: 'Start now' }).click();
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('Started on request.');
    expect(await queued.count()).toBe(0);
    expect(textOf(model.requests[1]!.body.input.at(-1))).toBe('later please');
    expect(h.pageErrors, h.pageErrors.join('\n')).toEqual([]);
  });
});

/** Running (a zombie not yet reaped counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
