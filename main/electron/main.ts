// Electron main process: one window, one AppServer (source "desktop"), the IPC
// contract between them, plus the desktop shell around it (tray, badge,
// notifications, window state, crash recovery, quit guard), one module each.
// Built with esbuild to dist/electron/main.mjs (see e2e/README.md).
import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'node:path';
import { AppServer } from '../core/server/appServer.js';
import { IpcRouter } from '../ipc/router.js';
import { NOTIFICATION_CHANNEL, SERVER_REQUEST_CHANNEL, type NotificationPayload, type PushChannel, type PushPayloads, type ServerRequestPayload } from '../ipc/contract.js';
import { ActivityTracker } from '../desktop/activityTracker.js';
import { applyLoginShellEnv } from '../desktop/loginShellEnv.js';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './appProtocol.js';
import { createMainWindow, denyAllPermissions } from './window.js';
import { installIpcHost } from './ipcHost.js';
import { DesktopNotifier, setUpNotificationIdentity } from './notifications.js';
import { installTray } from './tray.js';
import { applyMaximized, restoreWindowState, trackWindowState } from './windowState.js';
import { installCrashRecovery } from './crashRecovery.js';
import { installQuitGuard } from './quitGuard.js';
import { claimSingleInstance } from './singleInstance.js';

const log = (line: string) => process.stderr.write(`[codex-desktop] ${line}\n`);
const here = import.meta.dirname;
const RENDERER_DIR = process.env.CODEX_RENDERER_DIR ?? join(here, '..', '..', 'renderer', 'dist');
const PRELOAD = join(here, 'preload.cjs');

let win: BrowserWindow | null = null;
const tracker = new ActivityTracker();
let notifier: DesktopNotifier | undefined;

const router = new IpcRouter({
  push: <C extends PushChannel>(channel: C, payload: PushPayloads[C]) => {
    observe(channel, payload);
    if (win && !win.isDestroyed()) win.webContents.mainFrame.send(channel, payload);
    else if (channel === SERVER_REQUEST_CHANNEL) log('no window for a server request; it stays pending');
    else if (channel !== NOTIFICATION_CHANNEL) log(`dropped push on ${channel}`);
  },
  log,
});
const server = new AppServer({
  source: 'desktop',
  originator: 'codex_desktop',
  version: app.getVersion(),
  host: router,
  onWarning: (m, threadId) => router.notify('thread/warning', { threadId, message: m }),
});
router.attach(server);

/** Everything main pushes also feeds the tray/badge tracker and the notifier. */
function observe<C extends PushChannel>(channel: C, payload: PushPayloads[C]): void {
  if (channel === NOTIFICATION_CHANNEL) {
    const n = payload as NotificationPayload;
    tracker.onNotification(n);
    notifier?.onNotification(n);
  } else {
    const request = payload as ServerRequestPayload;
    const isNew = !tracker.findApproval(request.id); // replays to a reloaded window are not new
    tracker.onServerRequest(request);
    if (isNew) notifier?.onServerRequest(request);
  }
}

/** Approvals answered (window or notification) leave the tray and badge. */
function syncPending(): void {
  tracker.syncPending(router.pendingRequests().map((p) => p.id));
}

function openWindow(): BrowserWindow {
  const userData = app.getPath('userData');
  const state = restoreWindowState(userData, log);
  const w = createMainWindow(PRELOAD, log, state.bounds);
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

/** Notification and tray clicks. Selecting the thread needs a push to the renderer (not in the contract yet). */
function openThread(_threadId: string): void {
  showWindow();
}

if (!claimSingleInstance(showWindow)) {
  app.quit();
} else {
  registerAppScheme();
  app.enableSandbox();
  setUpNotificationIdentity();
  installQuitGuard({ tracker, server, closeRouter: () => router.close(), window: () => win, log });

  void app.whenReady().then(async () => {
    // Before the IPC opens, so no thread or command starts with a launcher's bare PATH.
    await applyLoginShellEnv({ target: process.env, stdinIsTTY: Boolean(process.stdin.isTTY), log });
    denyAllPermissions(log);
    handleAppProtocol(RENDERER_DIR, log);
    installIpcHost({
      ipcMain,
      router,
      window: () => win,
      appOrigin: APP_ORIGIN,
      log,
      onInvoked: syncPending,
    });
    const answerer = {
      invoke: async (channel: unknown, payload: unknown) => {
        const reply = await router.invoke(channel, payload);
        syncPending();
        return reply;
      },
    };
    notifier = new DesktopNotifier({ tracker, router: answerer, server, window: () => win, openThread, log });
    installTray({ tracker, showWindow, openThread, quit: () => app.quit(), log });
    win = openWindow();
  });

  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
