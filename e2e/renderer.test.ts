// The desktop renderer, end to end: the real build in real Chromium, `window.codex`
// from the browser build's websocket bridge, the real AppServer, and the scripted model
// server standing in for the Responses API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startScriptedServer, responses as R, type ScriptedServer } from '../tests/support/scriptedServer.js';
import { startTestHost, type TestHost } from './support/testHost.js';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { RENDERER_DIST } from './support/buildRenderer.js';

export const SCREENSHOT = '/tmp/codex-desktop-e2e.png';

let model: ScriptedServer;
let host: TestHost;
let browser: Browser;
let page: Page;
let workspace: string;
const hostLog: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  model = await startScriptedServer();
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-desktop-e2e-')));
  const home = join(root, 'home');
  workspace = join(root, 'ws');
  mkdirSync(home);
  mkdirSync(join(workspace, '.git'), { recursive: true });
  writeFileSync(
    join(home, 'config.toml'),
    `model = "gpt-5.5"
model_provider = "mock"

[model_providers.mock]
name = "mock"
base_url = "${model.baseUrl}"
env_key = "MOCK_API_KEY"
wire_api = "responses"
request_max_retries = 1
stream_max_retries = 1
stream_idle_timeout_ms = 5000
`,
  );
  host = await startTestHost({
    rendererDir: RENDERER_DIST,
    codexHome: home,
    env: { PATH: process.env.PATH, HOME: root, SHELL: '/bin/bash', LANG: 'C.UTF-8', CODEX_HOME: home, MOCK_API_KEY: 'sk-test-key' },
    log: (l) => hostLog.push(l),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(host.pairingLink());
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await model?.close();
});

async function startThread(sandbox: string, approval: string): Promise<void> {
  await page.getByRole('button', { name: 'New thread', exact: true }).click();
  const picker = page.getByRole('dialog', { name: 'New thread' });
  await picker.getByLabel('Project or folder').fill(workspace);
  await picker.getByLabel('Sandbox', { exact: true }).selectOption(sandbox);
  await picker.getByLabel('Approval', { exact: true }).selectOption(approval);
  await picker.getByRole('button', { name: 'Start thread' }).click();
  await page.getByText('Start a new thread').waitFor({ state: 'detached' });
}

async function send(text: string): Promise<void> {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

describe.skipIf(!chromiumAvailable())('desktop renderer in Chromium', () => {
  it('loads under its CSP with window.codex from the bridge', async () => {
    expect(await page.evaluate(() => typeof (window as any).codex?.request)).toBe('function');
    await page.getByRole('button', { name: 'New thread', exact: true }).waitFor();
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('starts a thread and streams the answer', async () => {
    await startThread('danger-full-access', 'never');
    const answer = 'Hello from the scripted model, streamed word by word.';
    model.enqueue({ ...R.reply(R.reasoning('Thinking about greetings'), R.message(answer)), frameDelayMs: 120 });
    await send('say hello');
    await expect.poll(() => page.getByTestId('user-message').last().textContent(), { timeout: 20_000 }).toBe('say hello');
    const agent = page.getByTestId('agent-message').last();
    // A partial answer shows before the full one: the deltas are rendered live.
    await expect
      .poll(
        async () => {
          const t = (await agent.textContent({ timeout: 100 }).catch(() => '')) ?? '';
          return t.length > 0 && t.length < answer.length && answer.startsWith(t);
        },
        { interval: 20, timeout: 20_000 },
      )
      .toBe(true);
    await expect.poll(() => agent.textContent(), { timeout: 20_000 }).toBe(answer);
    await expect.poll(() => page.getByRole('button', { name: 'Send' }).count(), { timeout: 20_000 }).toBe(1);
    // The reasoning summary is there, collapsed.
    const reasoning = page.locator('details.reasoning');
    expect(await reasoning.getAttribute('open')).toBeNull();
    await reasoning.locator('summary').click();
    expect(await reasoning.textContent()).toContain('Thinking about greetings');
    expect(model.requests[0]!.headers['originator']).toBe('codex_desktop');
  });

  it('runs a command turn and shows its output cell', async () => {
    model.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'echo cmd-output-42' }, callId: 'c1' }), R.message('Ran it.'));
    await send('run a command');
    const cell = page.getByTestId('command-cell').last();
    await expect.poll(() => cell.textContent(), { timeout: 20_000 }).toContain('cmd-output-42');
    await expect.poll(() => cell.getByTestId('command-status').textContent(), { timeout: 20_000 }).toBe('exit 0');
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('Ran it.');
  });

  it('asks for approval of an escalated command and runs it after "Run once"', async () => {
    await startThread('read-only', 'on-request');
    const marker = join(workspace, 'approved.txt');
    model.enqueue(
      R.functionCall({
        name: 'exec_command',
        arguments: {
          cmd: `echo approved > ${marker} && echo wrote-marker`,
          sandbox_permissions: 'require_escalated',
          justification: 'needs to write the marker',
        },
        callId: 'esc1',
      }),
      R.message('Marker written.'),
    );
    await send('write the marker');
    const dialog = page.getByRole('dialog', { name: 'Approval request' });
    await dialog.waitFor({ timeout: 20_000 });
    const text = await dialog.textContent();
    expect(text).toContain('approved.txt');
    // The cwd is shown under ~ (HOME is the test root), as everywhere else.
    expect(text).toContain('in ~/ws');
    expect(text).toContain('needs to write the marker');
    expect(existsSync(marker)).toBe(false);
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-approval.png' });
    await dialog.getByRole('button', { name: 'Run once' }).click();
    await dialog.waitFor({ state: 'detached' });
    const cell = page.getByTestId('command-cell').last();
    await expect.poll(() => cell.getByTestId('command-status').textContent(), { timeout: 20_000 }).toBe('exit 0');
    expect(await cell.textContent()).toContain('wrote-marker');
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('Marker written.');
    expect(readFileSync(marker, 'utf8').trim()).toBe('approved');
    await page.screenshot({ path: SCREENSHOT });
  });

  it('lists past sessions after a reload and reopens one', async () => {
    await page.reload();
    const items = page.getByRole('list', { name: 'Threads' }).locator('li.thread-row');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(2);
    expect(await items.first().textContent()).toContain('desktop');
    await page.getByRole('button', { name: /say hello/ }).click();
    await expect.poll(() => page.getByTestId('agent-message').first().textContent(), { timeout: 20_000 }).toContain('Hello from the scripted model');
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
    expect(model.unexpected).toEqual([]);
  });
});
