// The sidebar as a status board, in real Chromium against the real core: a
// thread out of view moves Working → Needs you (approval) → Working → Ready, and
// to the rest once opened; a failed turn lands under Failed. At every step the
// tray menu and the dock badge, built by the host from its own tracker, agree
// with the sidebar's sections and counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { responses as R, faults as F } from '../tests/support/scriptedServer.js';
import { activityStatus } from '../main/desktop/activityTracker.js';
import { badgeState, buildTrayMenu } from '../main/desktop/trayMenu.js';
import { chromiumAvailable } from './support/browser.js';
import { send, startHarness, startThread, waitIdle, type Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness();
  // The model replies below wait for the test (gates): give the stream time to stay quiet that long.
  const config = readFileSync(h.configFile, 'utf8');
  writeFileSync(h.configFile, config.replace('stream_idle_timeout_ms = 5000', 'stream_idle_timeout_ms = 120000'));
});
afterAll(async () => {
  await h?.close();
});

/** A promise the test resolves when it is ready for the next step. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** The sidebar section a thread's row sits in (its status class), or null when not listed. */
async function sectionOf(threadId: string): Promise<string | null> {
  const row = h.page.locator(`li.thread-row[data-thread-id="${threadId}"]`);
  if ((await row.count()) === 0) return null;
  return row.evaluate((el) => el.closest('li.board-section')?.className.replace('board-section ', '') ?? null);
}
const count = (status: string) =>
  h.page
    .getByTestId(`count-${status}`)
    .textContent({ timeout: 1000 })
    .catch(() => null);
const trayStatus = (threadId: string) => {
  const t = h.host.tracker.get(threadId);
  return t ? activityStatus(t) : null;
};
const activeId = () => h.page.locator('li.thread-row.active').getAttribute('data-thread-id');

/** Sidebar section, tray status and badge count of one thread, at once. */
async function board(threadId: string) {
  return { section: await sectionOf(threadId), tray: trayStatus(threadId), needsYou: await count('needsYou'), badge: badgeState(h.host.tracker.list()).count };
}

describe.skipIf(!chromiumAvailable())('sidebar status board in Chromium', () => {
  it('moves a thread Working → Needs you → Working → Ready, with the tray and badge in step', async () => {
    await startThread(h.page, h.workspace, 'read-only', 'on-request');
    const marker = join(h.workspace, 'board.txt');
    // Each model reply waits for the test to release it, so every state is seen however slow the machine is.
    const askApproval = gate();
    const finish = gate();
    h.model.enqueue(
      async () => {
        await askApproval.promise;
        return R.reply(
          R.functionCall({
            name: 'exec_command',
            arguments: { cmd: `echo ok > ${marker}`, sandbox_permissions: 'require_escalated', justification: 'write the marker' },
            callId: 'b1',
          }),
        );
      },
      async () => {
        await finish.promise;
        return R.reply(R.message('Board flow finished.'));
      },
    );
    await send(h.page, 'board flow');
    const a = (await activeId())!;
    // The user moves on to another thread: A is out of view.
    await startThread(h.page, h.workspace);
    expect(await activeId()).not.toBe(a);

    await expect.poll(() => board(a), { timeout: 10_000 }).toEqual({ section: 'status-working', tray: 'working', needsYou: null, badge: 0 });
    expect(await count('working')).toBe('1');
    // A reload of the window keeps the board as the host sees it (thread/list reports the running turn).
    await h.page.reload();
    await expect.poll(() => board(a), { timeout: 20_000 }).toEqual({ section: 'status-working', tray: 'working', needsYou: null, badge: 0 });

    askApproval.open();
    await expect.poll(() => board(a), { timeout: 20_000 }).toEqual({ section: 'status-needsYou', tray: 'needsYou', needsYou: '1', badge: 1 });
    expect(buildTrayMenu(h.host.tracker.list())[0]).toMatchObject({ kind: 'thread', threadId: a, status: 'needsYou' });
    await h.page.screenshot({ path: '/tmp/codex-desktop-e2e-board-needs-you.png' });

    const dialog = h.page.getByRole('dialog', { name: 'Approval request' });
    // Asked by a thread not in view: the prompt says which.
    expect(await dialog.getByTestId('approval-thread').textContent()).toContain('Asked by “board flow”');
    await dialog.getByRole('button', { name: 'Run once' }).click();
    await expect.poll(() => board(a), { timeout: 10_000 }).toEqual({ section: 'status-working', tray: 'working', needsYou: null, badge: 0 });

    finish.open();
    await expect.poll(() => board(a), { timeout: 20_000 }).toEqual({ section: 'status-ready', tray: 'ready', needsYou: null, badge: 0 });
    expect(await count('ready')).toBe('1');
    expect(readFileSync(marker, 'utf8').trim()).toBe('ok');
    expect(badgeState(h.host.tracker.list()).tooltip).toBe('Codex — 1 ready');
    await h.page.screenshot({ path: '/tmp/codex-desktop-e2e-board-ready.png' });
    await h.page.reload();
    await expect.poll(() => board(a), { timeout: 20_000 }).toEqual({ section: 'status-ready', tray: 'ready', needsYou: null, badge: 0 });

    // Opened: seen, so it joins the rest, and leaves the tray.
    await h.page.locator(`li.thread-row[data-thread-id="${a}"] button.thread`).click();
    await expect.poll(() => board(a), { timeout: 10_000 }).toEqual({ section: 'status-idle', tray: 'idle', needsYou: null, badge: 0 });
    expect(buildTrayMenu(h.host.tracker.list()).some((i) => i.kind === 'thread')).toBe(false);
    await expect.poll(() => h.page.getByTestId('agent-message').last().textContent()).toBe('Board flow finished.');
  });

  it('puts a thread whose turn failed under Failed, in the sidebar and the tray', async () => {
    const a = (await activeId())!;
    await waitIdle(h.page);
    h.model.enqueue(F.failed('insufficient_quota', 'You exceeded your current quota.'));
    await send(h.page, 'this one fails');
    await expect.poll(() => board(a), { timeout: 20_000 }).toEqual({ section: 'status-failed', tray: 'failed', needsYou: null, badge: 0 });
    expect(await count('failed')).toBe('1');
    expect(h.pageErrors).toEqual([]);
    expect(h.model.unexpected).toEqual([]);
  });
});
