// The desktop shell around the renderer, in real Chromium against the real core:
// native notifications as the app decides them (the test host records what
// Electron would show), a notification click opening its thread, Approve on an
// approval notification, sessions made by `codex exec` in the sidebar, and
// resuming a thread after the host restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../tests/support/scriptedServer.js';
import { runCodex } from '../tests/support/cli.js';
import { chromiumAvailable } from './support/browser.js';
import { projectPicker, send, startHarness, startThread, threadRows, waitIdle, type Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const agentMessages = () => h.page.getByTestId('agent-message');
const threadIdTitled = (title: string) => h.host.tracker.list().find((t) => t.title === title)?.threadId;

describe.skipIf(!chromiumAvailable())('desktop shell in Chromium', () => {
  it('notifies when a turn ends in a thread out of view, and the click opens that thread', async () => {
    await startThread(h.page, h.workspace);
    // Thread A works slowly; the user moves on to thread B meanwhile.
    h.model.enqueue({ ...R.text('Finished the slow work in A.'), delayMs: 2_500 });
    await send(h.page, 'slow work in A');
    await expect.poll(() => threadIdTitled('slow work in A'), { timeout: 20_000 }).toBeTruthy();
    const threadA = threadIdTitled('slow work in A')!;
    const before = h.host.notifications.length;
    await startThread(h.page, h.workspace);

    await expect.poll(() => h.host.notifications.length, { timeout: 30_000 }).toBe(before + 1);
    const shown = h.host.notifications.at(-1)!;
    expect(shown.plan).toMatchObject({
      kind: 'turnCompleted',
      threadId: threadA,
      title: 'Codex finished: slow work in A',
      body: 'Finished the slow work in A.',
    });
    // B is in view: its conversation is empty.
    expect(await agentMessages().count()).toBe(0);

    h.host.clickNotification(shown.plan.tag);
    await expect.poll(() => agentMessages().last().textContent(), { timeout: 20_000 }).toBe('Finished the slow work in A.');
    await h.page.screenshot({ path: '/tmp/codex-desktop-e2e-notification-opened.png' });

    // A turn that ends in the thread in view, with the page focused, is not notified.
    h.model.enqueue(R.text('Quick answer while watching.'));
    await send(h.page, 'quick question in A');
    await expect.poll(() => agentMessages().last().textContent(), { timeout: 20_000 }).toBe('Quick answer while watching.');
    await waitIdle(h.page);
    const turnEndedInView = h.host.tracker.get(threadA)?.state;
    expect(turnEndedInView).toBe('done');
    // The notification center reads the setting before deciding; give it that round trip.
    await new Promise((r) => setTimeout(r, 500));
    expect(h.host.notifications.length).toBe(before + 1);
  });

  it('notifies an approval asked out of view, and Approve on the notification runs the command', async () => {
    await startThread(h.page, h.workspace, 'read-only', 'on-request');
    const marker = join(h.workspace, 'from-notification.txt');
    h.model.enqueue(
      {
        ...R.reply(
          R.functionCall({
            name: 'exec_command',
            arguments: { cmd: `echo yes > ${marker}`, sandbox_permissions: 'require_escalated', justification: 'write the marker' },
            callId: 'notif-1',
          }),
        ),
        delayMs: 2_000,
      },
      R.message('Marker written from the notification.'),
    );
    await send(h.page, 'approve from a notification');
    await expect.poll(() => threadIdTitled('approve from a notification'), { timeout: 20_000 }).toBeTruthy();
    const asking = threadIdTitled('approve from a notification')!;
    await startThread(h.page, h.workspace); // the user looks at another thread

    await expect.poll(() => h.host.notifications.find((n) => n.plan.kind === 'approval' && n.plan.threadId === asking), { timeout: 30_000 }).toBeTruthy();
    const toast = h.host.notifications.find((n) => n.plan.kind === 'approval' && n.plan.threadId === asking)!;
    expect(toast.plan.title).toBe('Approval needed: approve from a notification');
    expect(toast.plan.body).toContain(`echo yes > ${marker}`);
    expect(toast.plan.body).toContain('write the marker');
    expect(toast.plan.actions.map((a) => a.text)).toEqual(['Approve', 'Deny']);
    expect(h.host.tracker.get(asking)?.state).toBe('waitingForApproval');
    expect(existsSync(marker)).toBe(false);

    h.host.actOnNotification(toast.plan.tag, 'approve');
    await expect.poll(() => existsSync(marker) && readFileSync(marker, 'utf8'), { timeout: 20_000 }).toBe('yes\n');
    await expect.poll(() => h.host.tracker.get(asking)?.state, { timeout: 20_000 }).toBe('done');
    expect(toast.closed).toBe(true);
    // In its thread the prompt is gone and the turn finished.
    await h.page.getByRole('button', { name: /approve from a notification/ }).click();
    await expect.poll(() => agentMessages().last().textContent(), { timeout: 20_000 }).toBe('Marker written from the notification.');
    expect(await h.page.getByRole('dialog', { name: 'Approval request' }).count()).toBe(0);
  });

  it('does not notify an approval asked in the thread in view; Deny there leaves no trace', async () => {
    await startThread(h.page, h.workspace, 'read-only', 'on-request');
    const marker = join(h.workspace, 'denied.txt');
    h.model.enqueue(
      R.functionCall({
        name: 'exec_command',
        arguments: { cmd: `echo no > ${marker}`, sandbox_permissions: 'require_escalated', justification: 'deny me' },
        callId: 'notif-2',
      }),
      R.message('Understood, not written.'),
    );
    await send(h.page, 'ask while watched');
    const dialog = h.page.getByRole('dialog', { name: 'Approval request' });
    await dialog.waitFor({ timeout: 20_000 });
    const watched = threadIdTitled('ask while watched')!;
    await dialog.getByRole('button', { name: 'Deny' }).click();
    await expect.poll(() => agentMessages().last().textContent(), { timeout: 20_000 }).toBe('Understood, not written.');
    expect(existsSync(marker)).toBe(false);
    expect(h.host.notifications.some((n) => n.plan.threadId === watched)).toBe(false);
  });

  it('lists a session made by codex exec, and resumes a desktop thread after the host restarts', async () => {
    h.model.enqueue(R.text('Answer given to the CLI.'));
    const cli = await runCodex(['exec', '--skip-git-repo-check', 'made by the CLI'], {
      cwd: h.workspace,
      env: { PATH: process.env.PATH, HOME: h.root, SHELL: '/bin/bash', LANG: 'C.UTF-8', CODEX_HOME: h.home, MOCK_API_KEY: 'sk-test-key' },
    });
    expect(cli.code, cli.stderr).toBe(0);
    // Coming back to the window lists it, without a click on Refresh.
    await h.page.evaluate(() => window.dispatchEvent(new Event('focus')));
    const fromCli = h.page.getByRole('button', { name: /made by the CLI/ });
    await fromCli.waitFor({ timeout: 20_000 });
    expect(await fromCli.textContent()).toContain('exec');
    await fromCli.click();
    await expect.poll(() => agentMessages().last().textContent(), { timeout: 20_000 }).toBe('Answer given to the CLI.');

    await h.restartHost();
    const slow = h.page.getByRole('button', { name: /slow work in A/ });
    await slow.waitFor({ timeout: 20_000 });
    expect(await h.page.getByRole('button', { name: /made by the CLI/ }).count()).toBe(1);
    await slow.click();
    await expect.poll(() => agentMessages().last().textContent(), { timeout: 20_000 }).toBe('Quick answer while watching.');
    h.model.enqueue(R.text('Still remember the slow work.'));
    const requestsBefore = h.model.requests.length;
    await send(h.page, 'after the restart');
    await expect.poll(() => agentMessages().last().textContent(), { timeout: 20_000 }).toBe('Still remember the slow work.');
    // The resumed thread sent its whole history to the model.
    const input = JSON.stringify(h.model.requests[requestsBefore]!.body.input);
    expect(input).toContain('slow work in A');
    expect(input).toContain('Finished the slow work in A.');
    expect(input).toContain('after the restart');
    await h.page.screenshot({ path: '/tmp/codex-desktop-e2e-resumed-after-restart.png' });
    expect(h.pageErrors, h.pageErrors.join('\n')).toEqual([]);
  });
  it('starts a thread in the folder the OS dialog picks (Choose folder…), and a cancelled pick starts nothing', async () => {
    const page = h.page;
    const picked = join(h.root, 'picked project');
    mkdirSync(picked, { recursive: true });
    const threads = await threadRows(page).count();
    await page.getByRole('button', { name: 'New thread', exact: true }).click();
    const picker = projectPicker(page);
    await picker.getByLabel('Project or folder').fill('/typed/so/far');
    h.host.folderPicker.answer = null;
    await picker.getByRole('button', { name: 'Choose folder…' }).click();
    await expect.poll(() => h.host.folderPicker.askedAt.length).toBe(1);
    // The dialog opens where the typed folder points; Cancel leaves the picker as it was.
    expect(h.host.folderPicker.askedAt[0]).toBe('/typed/so/far');
    expect(await picker.getByLabel('Project or folder').inputValue()).toBe('/typed/so/far');
    expect(await threadRows(page).count()).toBe(threads);

    h.host.folderPicker.answer = picked;
    await picker.getByRole('button', { name: 'Choose folder…' }).click();
    await expect.poll(() => page.getByTestId('conversation-cwd').textContent(), { timeout: 20_000 }).toBe('~/picked project');
    expect(await picker.count()).toBe(0);
    await expect.poll(() => h.host.tracker.list().some((t) => t.cwd === picked), { timeout: 10_000 }).toBe(true);
  });
});
