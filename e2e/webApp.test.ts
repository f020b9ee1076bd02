// `codex web` in Chromium: the real command (its own process), the browser build
// of the renderer behind its websocket bridge, the scripted model. A page pairs
// through the printed link, runs a turn, meets an approval, reloads (still
// paired, the approval shown again) and approves; the link does not pair twice,
// and the bridge refuses foreign pages and requests without a session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CodexApi } from '../shared/ipc/api.js';
import { startScriptedServer, responses as R, type ScriptedServer } from '../tests/support/scriptedServer.js';
import { makeSandbox, type Sandbox } from '../tests/support/cli.js';
import { startCodexWeb, tryBridge, type CodexWeb } from '../tests/support/codexWeb.js';
import { bridgeProtocols } from '../shared/ipc/bridgeCredentials.js';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { projectPicker, send, startThread, waitIdle } from './support/harness.js';

let model: ScriptedServer;
let sb: Sandbox;
let web: CodexWeb;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** Every websocket address a page of ours opened: none may carry a token (logs keep URLs). */
const socketUrls: string[] = [];

async function openPage(url: string): Promise<Page> {
  const p = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  p.on('pageerror', (e) => pageErrors.push(e.message));
  p.on('websocket', (ws) => socketUrls.push(ws.url()));
  await p.goto(url);
  return p;
}

beforeAll(async () => {
  model = await startScriptedServer();
  sb = makeSandbox(model.baseUrl);
  web = await startCodexWeb(['--listen', '127.0.0.1:0'], { cwd: sb.workspace, env: sb.env });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await model?.close();
});

describe.skipIf(!chromiumAvailable())('codex web in Chromium', () => {
  it('pairs through the printed link, which leaves the address bar', async () => {
    page = await openPage(web.link);
    await page.getByRole('button', { name: 'New thread', exact: true }).waitFor();
    expect(page.url()).toBe(web.url);
    expect(await page.evaluate(() => localStorage.getItem('codex.web.session'))).toMatch(/^[\w-]{20,}$/);
    expect(await page.locator('#codex-web-problem').count()).toBe(0);
    expect(socketUrls).toEqual([`${web.url.replace('http:', 'ws:')}__codex`]);
  });

  it('asks for a folder by name, the serving machine having no dialog to show here', async () => {
    const asked: string[] = [];
    page.once('dialog', (d) => void (asked.push(d.message()), d.accept(sb.workspace)));
    await page.getByRole('button', { name: 'New thread', exact: true }).click();
    await projectPicker(page).getByRole('button', { name: 'Choose folder…' }).click();
    // The thread starts in the folder typed at the prompt.
    await expect.poll(() => page.getByTestId('conversation-cwd').textContent(), { timeout: 20_000 }).toMatch(new RegExp(`/${basename(sb.workspace)}$`));
    expect(asked).toEqual(['Folder on the machine running codex web (127.0.0.1):']);
  });

  it('runs a turn against the model', async () => {
    await startThread(page, sb.workspace, 'read-only', 'on-request');
    model.enqueue(R.message('Hello from the browser build.'));
    await send(page, 'say hello');
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('Hello from the browser build.');
    await waitIdle(page);
    expect(model.requests.at(-1)!.headers['originator']).toBe('codex_desktop');
  });

  it('asks for approval, shows it again after a reload (still paired), and runs the command once approved', async () => {
    const marker = join(sb.workspace, 'approved-in-browser.txt');
    model.enqueue(
      R.functionCall({
        name: 'exec_command',
        arguments: { cmd: `echo approved > ${marker} && echo wrote-marker`, sandbox_permissions: 'require_escalated', justification: 'write the marker' },
        callId: 'web-esc1',
      }),
      R.message('Marker written.'),
    );
    await send(page, 'write the marker');
    const dialog = page.getByRole('dialog', { name: 'Approval request' });
    await dialog.waitFor({ timeout: 20_000 });
    expect(await dialog.textContent()).toContain('write the marker');

    await page.reload();
    // Still paired: no pairing link this time, the session token was kept.
    await page.getByRole('button', { name: 'New thread', exact: true }).waitFor();
    expect(await page.locator('#codex-web-problem').count()).toBe(0);
    await dialog.waitFor({ timeout: 20_000 });
    expect(await dialog.textContent()).toContain('write the marker');
    expect(existsSync(marker)).toBe(false);

    await dialog.getByRole('button', { name: 'Run once' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => existsSync(marker) && readFileSync(marker, 'utf8').trim(), { timeout: 20_000 }).toBe('approved');
    // The reloaded page shows no thread until one is picked.
    await page
      .getByRole('button', { name: /say hello/ })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('Marker written.');
  });

  it('opens a link the model wrote in this browser, only after a confirmation naming its host', async () => {
    const target = `${web.url}guide-from-the-model`;
    model.enqueue(R.message(`See [the guide](${target}).`));
    await send(page, 'where is the guide');
    const link = page.getByTestId('agent-message').last().getByRole('link', { name: 'the guide' });
    await link.waitFor({ timeout: 20_000 });
    const asked: string[] = [];
    page.once('dialog', (d) => void (asked.push(d.message()), d.dismiss()));
    await link.click();
    await expect.poll(() => asked.length, { timeout: 10_000 }).toBe(1);
    expect(asked[0]).toContain(`Open ${new URL(web.url).host} in your browser?`);
    expect(page.context().pages()).toHaveLength(1);
    page.once('dialog', (d) => void d.accept());
    const [opened] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await expect.poll(() => opened.url()).toBe(target);
    await opened.close();
    await waitIdle(page);
  });

  it('refuses a second use of the pairing link', async () => {
    const second = await openPage(web.link);
    const alert = second.locator('#codex-web-problem');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain('refused this page');
    expect(await second.evaluate(() => localStorage.getItem('codex.web.session'))).toBeNull();
    // Nothing reaches the core from it.
    const err = await second.evaluate(() =>
      (window as unknown as { codex: CodexApi }).codex.request('thread/list', {}).then(
        () => 'answered',
        (e: Error) => e.message,
      ),
    );
    expect(err).toContain('refused this page');
    expect(web.stderr()).toContain('pairing link was already used');
    await second.close();
  });

  it('refuses a websocket from a foreign origin and one without the session token', async () => {
    const session = await page.evaluate(() => localStorage.getItem('codex.web.session'));
    if (!session) throw new Error('the page kept no session token');
    const ws = `${web.url.replace('http:', 'ws:')}__codex`;
    const own = { Origin: web.url.replace(/\/$/, '') };
    // A page elsewhere, even one holding the session token.
    expect(await tryBridge(ws, { Origin: 'http://attacker.example' }, { session })).toMatchObject({ status: 403 });
    // The page's own origin without a token, or with a wrong one.
    expect(await tryBridge(ws, own)).toMatchObject({ status: 401 });
    expect(await tryBridge(ws, own, { session: 'not-a-session' })).toMatchObject({ status: 401 });
    // From a page of another origin in the browser itself: its socket never opens.
    const foreign = await browser.newPage();
    await foreign.goto('about:blank');
    const outcome = await foreign.evaluate(
      ([u, protocols]) =>
        new Promise<string>((resolve) => {
          const s = new WebSocket(u, protocols);
          s.onopen = () => resolve('open');
          s.onerror = () => resolve('refused');
        }),
      [ws, bridgeProtocols({ session })] as const,
    );
    expect(outcome).toBe('refused');
    await foreign.close();
    // The same token from the page itself still works.
    const mine = await tryBridge(ws, own, { session });
    expect('ws' in mine).toBe(true);
    if ('ws' in mine) mine.ws.close();
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
    expect(model.unexpected).toEqual([]);
  });
});
