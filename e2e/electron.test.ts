// The app in real Electron (Playwright's Electron support): window security,
// navigation lock-down (also for a webContents made later), reloads, the link
// prompt before shell.openExternal, the preload's one API, a native notification when a turn
// ends out of view, and the tray menu listing the thread. Needs the Electron binary, which
// `electron` downloads from GitHub on first use; where it is missing (as on the
// CI machine, which reaches only the npm registry) the suite skips and says why.
// Run it where the binary exists: `npx electron --version` first, then `npm run test:e2e`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { startScriptedServer, responses as R, type ScriptedServer } from '../tests/support/scriptedServer.js';
import { REPO_ROOT, RENDERER_DIST } from './support/buildRenderer.js';
import { scriptedConfig } from './support/harness.js';

/** The Electron executable if it was downloaded, else why not (without triggering a download). */
function electronBinary(): { path: string } | { missing: string } {
  const pkg = join(REPO_ROOT, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return { path: join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron') };
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile))
    return { missing: 'node_modules/electron has no downloaded binary (path.txt missing; Electron fetches it from GitHub on first run)' };
  const bin = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? { path: bin } : { missing: `the Electron binary ${bin} is missing` };
}

const found = electronBinary();
const title = 'path' in found ? 'desktop app in Electron' : `desktop app in Electron — skipped: ${found.missing}`;

let model: ScriptedServer;
let app: ElectronApplication;
let page: Page;
let workspace: string;

describe.skipIf(!('path' in found))(title, () => {
  beforeAll(async () => {
    if (!('path' in found)) return;
    execFileSync('npm', ['run', '--silent', 'build:electron'], { cwd: REPO_ROOT, stdio: 'inherit' });
    model = await startScriptedServer();
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-electron-e2e-')));
    const home = join(root, '.codex');
    workspace = join(root, 'ws');
    mkdirSync(home);
    mkdirSync(join(workspace, '.git'), { recursive: true });
    writeFileSync(join(home, 'config.toml'), scriptedConfig(model.baseUrl, 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n'));
    app = await electron.launch({
      executablePath: found.path,
      args: [join(REPO_ROOT, 'dist', 'electron', 'main.mjs')],
      env: { ...process.env, HOME: root, CODEX_HOME: home, MOCK_API_KEY: 'sk-test-key', CODEX_RENDERER_DIR: RENDERER_DIST, CODEX_DESKTOP_NO_DEVTOOLS: '1' },
    });
    page = await app.firstWindow();
    await page.getByRole('button', { name: 'New thread', exact: true }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
    await model?.close();
  });

  it('runs the renderer sandboxed and isolated, without Node, from app://codex', async () => {
    // The options themselves are unit-tested (main/desktop/windowPolicy.test.ts); here, their effect.
    expect(page.url()).toBe('app://codex/index.html');
    expect(await page.evaluate(() => [typeof (globalThis as any).require, typeof (globalThis as any).process, typeof (window as any).codex?.request])).toEqual([
      'undefined',
      'undefined',
      'function',
    ]);
  });

  it('stays on its origin and opens no second window', async () => {
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://codex/index.html');
    expect(await page.evaluate(() => window.open('file:///etc/passwd'))).toBeNull();
    expect(app.windows()).toHaveLength(1);
  });

  it('keeps reloads and in-app navigation working under the lock-down', async () => {
    await page.reload();
    await page.getByRole('button', { name: 'New thread', exact: true }).waitFor();
    expect(page.url()).toBe('app://codex/index.html');
    // A renderer-initiated reload and a navigation to the app itself pass will-navigate.
    await Promise.all([page.waitForEvent('load'), page.evaluate(() => location.reload())]);
    await page.getByRole('button', { name: 'New thread', exact: true }).waitFor();
    await Promise.all([page.waitForEvent('load'), page.evaluate(() => (location.href = 'app://codex/index.html?again=1'))]);
    expect(page.url()).toBe('app://codex/index.html?again=1');
    await page.getByRole('button', { name: 'New thread', exact: true }).waitFor();
  });

  it('locks down a webContents made after the main window too', async () => {
    const result = await app.evaluate(async ({ BrowserWindow }) => {
      const w = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true } });
      await w.loadURL('app://codex/index.html');
      await w.webContents.executeJavaScript("location.href = 'https://example.com/'; window.open('file:///etc/passwd') === null");
      await new Promise((r) => setTimeout(r, 500));
      const url = w.webContents.getURL();
      const devToolsBlocked = (w.webContents.openDevTools(), await new Promise((r) => setTimeout(r, 500)), !w.webContents.isDevToolsOpened());
      w.destroy();
      return { url, devToolsBlocked, windows: BrowserWindow.getAllWindows().length };
    });
    expect(result).toEqual({ url: 'app://codex/index.html', devToolsBlocked: true, windows: 1 });
  });

  it('asks, naming the real host, before a model-written link opens, and opens nothing when declined', async () => {
    await app.evaluate(({ dialog, shell }) => {
      const g = globalThis as any;
      g.__linkDialogs = [];
      g.__opened = [];
      g.__answer = 0;
      dialog.showMessageBox = (async (...args: unknown[]) => {
        g.__linkDialogs.push(args.find((a) => a && typeof a === 'object' && 'message' in (a as object)));
        return { response: g.__answer, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
      shell.openExternal = async (url: string) => void g.__opened.push(url);
    });
    await page.getByRole('button', { name: 'New thread', exact: true }).click();
    await page.getByLabel('Project or folder').fill(workspace);
    await page.getByRole('button', { name: 'Start thread' }).click();
    model.enqueue(R.text('Sign in at [the Apple login](https://\u0430pple.com/login).'));
    await page.getByLabel('Message', { exact: true }).fill('where do I sign in?');
    await page.getByRole('button', { name: 'Send' }).click();
    const link = page.getByTestId('agent-message').last().getByRole('link', { name: 'the Apple login' });
    await link.waitFor({ timeout: 20_000 });
    await link.click();
    await expect.poll(() => app.evaluate(() => (globalThis as any).__linkDialogs.length), { timeout: 10_000 }).toBe(1);
    const shown = await app.evaluate(() => (globalThis as any).__linkDialogs[0] as { message: string; detail: string; cancelId: number; defaultId: number });
    expect(shown).toMatchObject({ message: 'Open xn--pple-43d.com in your browser?', cancelId: 0, defaultId: 0 });
    expect(shown.detail).toContain('https://xn--pple-43d.com/login');
    // target=_blank or window.open goes through the same prompt, never a window.
    expect(await page.evaluate(() => window.open('https://example.com/x'))).toBeNull();
    await expect.poll(() => app.evaluate(() => (globalThis as any).__linkDialogs.length), { timeout: 10_000 }).toBe(2);
    expect(await app.evaluate(() => (globalThis as any).__opened)).toEqual([]);
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toBe('app://codex/index.html?again=1');

    await app.evaluate(() => void ((globalThis as any).__answer = 1));
    await link.click();
    await expect.poll(() => app.evaluate(() => (globalThis as any).__opened), { timeout: 10_000 }).toEqual(['https://xn--pple-43d.com/login']);
  });

  it('shows a native notification when a turn ends while the window is not focused, and lists the thread in the tray', async () => {
    await app.evaluate(({ Menu }) => {
      // The tray redraws its menu from the activity tracker on every change: keep the last one's labels.
      const build = Menu.buildFromTemplate;
      Menu.buildFromTemplate = function (template) {
        (globalThis as any).__lastTrayMenu = template.map((item) => item.label ?? item.type);
        return build.call(Menu, template);
      };
    });
    await app.evaluate(({ Notification }) => {
      const shown: string[] = ((globalThis as any).__shownNotifications = []);
      const show = Notification.prototype.show;
      Notification.prototype.show = function (this: { title: string }) {
        shown.push(this.title);
        return show.call(this);
      };
    });
    await page.getByRole('button', { name: 'New thread', exact: true }).click();
    await page.getByLabel('Project or folder').fill(workspace);
    await page.getByRole('button', { name: 'Start thread' }).click();
    model.enqueue({ ...R.text('Done while you were away.'), delayMs: 1_500 });
    await page.getByLabel('Message', { exact: true }).fill('work while unfocused');
    await page.getByRole('button', { name: 'Send' }).click();
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.blur());
    await expect
      .poll(() => app.evaluate(() => (globalThis as any).__shownNotifications as string[]), { timeout: 20_000 })
      .toContain('Codex finished: work while unfocused');
    const tray = await app.evaluate(() => (globalThis as any).__lastTrayMenu as string[]);
    expect(tray).toContain('work while unfocused — done');
    expect(tray).toContain('Quit Codex Desktop');
  });
});
