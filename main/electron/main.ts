// Electron main process: one window, one AppServer (source {custom: "desktop"}), the IPC
// contract between them, plus the desktop shell around it (tray, badge,
// notifications, window state, crash recovery, quit guard), one module each.
// Built with esbuild to dist/electron/main.mjs (see e2e/README.md).
import { app, type BrowserWindow, dialog, ipcMain } from 'electron';
import { join } from 'node:path';
import { AppServer } from '../core/server/appServer.js';
import { IpcRouter } from '../ipc/router.js';
import { NOTIFICATION_CHANNEL, SERVER_REQUEST_CHANNEL, UPDATE_STATUS_CHANNEL, type PushChannel, type PushPayloads } from '../../shared/ipc/contract.js';
import { ActivityTracker } from '../desktop/activityTracker.js';
import { applyLoginShellEnv } from '../desktop/loginShellEnv.js';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './appProtocol.js';
import { createMainWindow } from './window.js';
import { installLockdown } from './lockdown.js';
import { createLinkOpener } from './externalLinks.js';
import { buildMode, refusedDebugSwitches } from '../desktop/buildMode.js';
import { installIpcHost } from './ipcHost.js';
import { NativeNotificationSink, setUpNotificationIdentity } from './notifications.js';
import { NotificationCenter } from '../desktop/notificationCenter.js';
import { feedShell, forgetClosedThread, markViewedSeen } from '../desktop/trayAndNotificationFeed.js';
import { installTray } from './tray.js';
import { applyMaximized, restoreWindowState, trackWindowState } from './windowState.js';
import { installCrashRecovery } from './crashRecovery.js';
import { installQuitGuard } from './quitGuard.js';
import { claimSingleInstance } from './singleInstance.js';
import { installAppMenu } from './appMenu.js';
import { exportProblemReport } from '../desktop/problemReport.js';
import { RecentProjects, recentProjectsPath } from '../desktop/recentProjects.js';
import { installAutoUpdate } from './autoUpdate.js';

/** The last lines of the app's log, for "Report a problem". */
const recentLog: string[] = [];
const log = (line: string) => {
  recentLog.push(`${new Date().toISOString()} ${line}`);
  if (recentLog.length > 500) recentLog.shift();
  process.stderr.write(`[codex-desktop] ${line}\n`);
};
const here = import.meta.dirname;
// DevTools and CODEX_RENDERER_DIR exist only in development builds.
const mode = buildMode({ isPackaged: app.isPackaged, env: process.env, bundledRendererDir: join(here, '..', '..', 'renderer', 'dist') });
for (const setting of mode.ignored) log(`ignored ${setting}`);
const PRELOAD = join(here, 'preload.cjs');

let win: BrowserWindow | null = null;
const tracker = new ActivityTracker();
let notifier: NotificationCenter | undefined;
const links = createLinkOpener(() => win, log);
/** Next to window-state.json in the app's data folder (made on first use, after the app knows that folder). */
let recentProjects: RecentProjects | undefined;

const updates = installAutoUpdate({
  onStatus: (status) => {
    if (win && !win.isDestroyed()) win.webContents.mainFrame.send(UPDATE_STATUS_CHANNEL, status);
  },
  log,
});

const router = new IpcRouter({
  push: <C extends PushChannel>(channel: C, payload: PushPayloads[C]) => {
    feedShell(tracker, notifier, channel, payload, router.viewState());
    if (win && !win.isDestroyed()) win.webContents.mainFrame.send(channel, payload);
    else if (channel === SERVER_REQUEST_CHANNEL) log('no window for a server request; it stays pending');
    else if (channel !== NOTIFICATION_CHANNEL) log(`dropped push on ${channel}`);
  },
  log,
  onRequestServed: (method, params) => forgetClosedThread(tracker, method, params),
  onView: (view) => markViewedSeen(tracker, view),
  pickFolder: async (defaultPath, purpose = 'thread') => {
    const options = {
      title: purpose === 'report' ? 'Where to save the problem report' : 'Working directory for the new thread',
      defaultPath: defaultPath ?? undefined,
      properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
    };
    const r = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
  openLink: (url, text) => links.request(url, text),
  openSignInPage: (url) => links.openSignInPage(url),
  exportProblemReport: async (destDir) => exportProblemReport({ codexHome: server.codexHome(), destDir, version: app.getVersion(), appLog: recentLog }).dir,
  updates,
  recentProjects: () => (recentProjects ??= new RecentProjects(recentProjectsPath(app.getPath('userData')), log)),
});
const server = new AppServer({
  source: { custom: 'desktop' },
  originator: 'codex_desktop',
  version: app.getVersion(),
  host: router,
  onWarning: (m, threadId) => router.notify('thread/warning', { threadId, message: m }),
});
router.attach(server);

function openWindow(): BrowserWindow {
  const userData = app.getPath('userData');
  const state = restoreWindowState(userData, log);
  const w = createMainWindow(PRELOAD, mode.devTools, state.bounds);
  applyMaximized(w, state);
  trackWindowState(w, userData, log);
  installCrashRecovery(w, log);
  // A reloaded renderer gets the approvals still waiting for an answer.
  w.webContents.on('did-finish-load', () => router.replayPending());
  w.on('closed', () => {
    if (win === w) win = null;
  });
  return w;
}

function showWindow(): void {
  if (!win && app.isReady()) win = openWindow();
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** Notification and tray clicks: the window comes up showing that thread. */
function openThread(threadId: string): void {
  const fresh = !win;
  showWindow();
  // A window made just now has no renderer listening yet.
  if (fresh && win) win.webContents.once('did-finish-load', () => router.openThread(threadId));
  else router.openThread(threadId);
}

/** What the user sees: the window's focus from Electron, the thread from the renderer. */
function currentView() {
  const w = win;
  const windowFocused = Boolean(w && !w.isDestroyed() && w.isVisible() && !w.isMinimized() && w.isFocused());
  return { windowFocused, viewedThreadId: router.viewState()?.threadId };
}

const debugSwitches = refusedDebugSwitches(mode, (name) => app.commandLine.hasSwitch(name));
if (debugSwitches.length > 0) {
  // A debugger attached to a packaged app could drive it past every check here.
  log(`refusing to start: debugging switches in a packaged app: ${debugSwitches.map((s) => `--${s}`).join(' ')}`);
  app.exit(1);
} else if (!claimSingleInstance(showWindow)) {
  app.quit();
} else {
  registerAppScheme();
  installLockdown({ appOrigin: APP_ORIGIN, devTools: mode.devTools, askToOpenExternally: (url) => void links.request(url, ''), log });
  app.enableSandbox();
  setUpNotificationIdentity();
  installQuitGuard({ tracker, server, closeRouter: () => router.close(), window: () => win, log, onCancelled: () => updates.quitCancelled() });

  void app.whenReady().then(async () => {
    // Before the IPC opens, so no thread or command starts with a launcher's bare PATH.
    await applyLoginShellEnv({ target: process.env, stdinIsTTY: Boolean(process.stdin.isTTY), log });
    handleAppProtocol(mode.rendererDir, log);
    installIpcHost({
      ipcMain,
      router,
      window: () => win,
      appOrigin: APP_ORIGIN,
      log,
    });
    notifier = new NotificationCenter({ tracker, router, server, sink: new NativeNotificationSink(), view: currentView, openThread, log });
    installTray({ tracker, showWindow, openThread, quit: () => app.quit(), log });
    installAppMenu(mode, () => win, log);
    win = openWindow();
  });

  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
