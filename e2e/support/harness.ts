// One renderer-in-Chromium session for an e2e file: a scripted model server, a
// temporary CODEX_HOME (HOME is its parent, so paths under it show as ~/…), the
// real AppServer behind the test host, and a Chromium page paired through its link.
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startScriptedServer, type ScriptedServer } from '../../tests/support/scriptedServer.js';
import { startTestHost, type TestHost, type TestHostOptions } from './testHost.js';
import { launchChromium } from './browser.js';
import { RENDERER_DIST } from './buildRenderer.js';

export interface Harness {
  model: ScriptedServer;
  host: TestHost;
  browser: Browser;
  page: Page;
  /** HOME of the core */
  root: string;
  /** CODEX_HOME */
  home: string;
  /** a git-looking project folder under HOME */
  workspace: string;
  configFile: string;
  pageErrors: string[];
  hostLog: string[];
  /**
   * Stops the host as a quit would and starts a fresh one on the same CODEX_HOME,
   * with a new page: `host` and `page` then point at the new ones.
   */
  restartHost(): Promise<void>;
  close(): Promise<void>;
}

/** config.toml for the scripted model; `extra` is inserted before the provider table. */
export function scriptedConfig(baseUrl: string, extra = ''): string {
  return `# Codex settings for the e2e run — this comment must survive edits
model = "gpt-5.5"   # the default model
model_provider = "mock"
${extra}
[model_providers.mock]
name = "mock"
base_url = "${baseUrl}"
env_key = "MOCK_API_KEY"
wire_api = "responses"
request_max_retries = 1
stream_max_retries = 1
stream_idle_timeout_ms = 5000
`;
}

export interface HarnessOptions {
  configExtra?: string;
  /** The whole config.toml instead of scriptedConfig() (e.g. the OpenAI provider, which needs a sign-in). */
  config?: (modelBaseUrl: string) => string;
  /** More environment for the core (e.g. CODEX_AUTH_ISSUER), given the scripted model's base URL. */
  env?: (modelBaseUrl: string) => NodeJS.ProcessEnv;
  viewport?: { width: number; height: number };
  chromiumArgs?: string[];
  /** The updater behind Settings › Updates (testHost's `updates`). */
  updates?: TestHostOptions['updates'];
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const model = await startScriptedServer();
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-desktop-e2e-')));
  const home = join(root, '.codex');
  const workspace = join(root, 'ws');
  mkdirSync(home);
  mkdirSync(join(workspace, '.git'), { recursive: true });
  const configFile = join(home, 'config.toml');
  writeFileSync(configFile, opts.config ? opts.config(model.baseUrl) : scriptedConfig(model.baseUrl, opts.configExtra));
  const hostLog: string[] = [];
  const pageErrors: string[] = [];
  const startHost = () =>
    startTestHost({
      rendererDir: RENDERER_DIST,
      codexHome: home,
      env: {
        PATH: process.env.PATH,
        HOME: root,
        SHELL: '/bin/bash',
        LANG: 'C.UTF-8',
        CODEX_HOME: home,
        MOCK_API_KEY: 'sk-test-key',
        ...opts.env?.(model.baseUrl),
      },
      log: (l) => hostLog.push(l),
      updates: opts.updates,
    });
  const openPage = async (host: TestHost) => {
    const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1200, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(host.pairingLink());
    // Paired once the host has traded the link for a session: a test that reloads
    // at once must not race that trade (the spent link cannot be used again).
    await page.waitForFunction(() => localStorage.getItem('codex.web.session') !== null, null, { timeout: 30_000 });
    return page;
  };
  const browser = await launchChromium(opts.chromiumArgs);
  const host = await startHost();
  const page = await openPage(host);
  const harness: Harness = {
    model,
    host,
    browser,
    page,
    root,
    home,
    workspace,
    configFile,
    pageErrors,
    hostLog,
    async restartHost() {
      await harness.page.close();
      await harness.host.close();
      harness.host = await startHost();
      harness.page = await openPage(harness.host);
    },
    async close() {
      await browser.close();
      await harness.host.close();
      await model.close();
    },
  };
  return harness;
}

/** The sidebar's thread rows (each holds the thread's button and its menu button). */
export function threadRows(page: Page) {
  return page.getByRole('list', { name: 'Threads' }).locator('li.thread-row');
}

/** The New-thread project picker (opened by the sidebar's New thread button). */
export function projectPicker(page: Page) {
  return page.getByRole('dialog', { name: 'New thread' });
}

/**
 * Opens the project picker, types `cwd` as the folder, sets the options, then
 * `more` (e.g. Where: Worktree) and starts the thread; waits for the conversation.
 */
export async function startThread(
  page: Page,
  cwd: string,
  sandbox = 'danger-full-access',
  approval = 'never',
  more?: (picker: ReturnType<typeof projectPicker>) => Promise<void>,
): Promise<void> {
  const before = await threadRows(page).count();
  await page.getByRole('button', { name: 'New thread', exact: true }).click();
  const picker = projectPicker(page);
  await picker.getByLabel('Project or folder').fill(cwd);
  await picker.getByLabel('Sandbox', { exact: true }).selectOption(sandbox);
  await picker.getByLabel('Approval', { exact: true }).selectOption(approval);
  await more?.(picker);
  await picker.getByRole('button', { name: 'Start thread' }).click();
  await threadRows(page).nth(before).waitFor();
  await page.getByRole('log', { name: 'Messages' }).waitFor();
}

export async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** Waits until no turn is running (the Send button is back). */
export async function waitIdle(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 20_000 });
}
