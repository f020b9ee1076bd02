// Electron main process: one window, one AppServer (source "desktop"), the IPC
// contract between them. Built with esbuild to dist/electron/main.mjs (see e2e/README.md).
import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'node:path';
import { AppServer } from '../core/server/appServer.js';
import { IpcRouter } from '../ipc/router.js';
import { NOTIFICATION_CHANNEL, SERVER_REQUEST_CHANNEL, type PushChannel, type PushPayloads } from '../ipc/contract.js';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './appProtocol.js';
import { createMainWindow, denyAllPermissions } from './window.js';
import { installIpcHost } from './ipcHost.js';

const log = (line: string) => process.stderr.write(`[codex-desktop] ${line}\n`);
const here = import.meta.dirname;
const RENDERER_DIR = process.env.CODEX_RENDERER_DIR ?? join(here, '..', '..', 'renderer', 'dist');
const PRELOAD = join(here, 'preload.cjs');

if (!app.requestSingleInstanceLock()) app.quit();
registerAppScheme();
app.enableSandbox();

let win: BrowserWindow | null = null;

const router = new IpcRouter({
  push: <C extends PushChannel>(channel: C, payload: PushPayloads[C]) => {
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

void app.whenReady().then(() => {
  denyAllPermissions(log);
  handleAppProtocol(RENDERER_DIR, log);
  installIpcHost({ ipcMain, router, window: () => win, appOrigin: APP_ORIGIN, log });
  win = createMainWindow(PRELOAD, log);
  // A reloaded renderer gets the approvals still waiting for an answer.
  win.webContents.on('did-finish-load', () => router.replayPending());
  win.on('closed', () => {
    win = null;
  });
});

app.on('second-instance', () => {
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});
app.on('activate', () => {
  if (!win && app.isReady()) win = createMainWindow(PRELOAD, log);
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  event.preventDefault();
  quitting = true;
  router.close();
  void server.shutdown().finally(() => app.quit());
});
