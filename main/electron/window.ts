// The one app window: isolated, sandboxed renderer without Node, loading only
// app://codex; navigation, new windows and permission requests are denied.
import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { APP_ORIGIN, APP_URL } from './appProtocol.js';
import { originOf } from '../ipc/guard.js';

/** Saved bounds (x/y absent = centered); see windowState.ts. */
export interface InitialBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export function createMainWindow(preloadPath: string, log: (line: string) => void, bounds: InitialBounds = { width: 1280, height: 840 }): BrowserWindow {
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 760,
    minHeight: 480,
    title: 'Codex',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !process.env.CODEX_DESKTOP_NO_DEVTOOLS,
    },
  });
  lockDown(win.webContents, log);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}

function lockDown(contents: WebContents, log: (line: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (originOf(url) === APP_ORIGIN) return;
    event.preventDefault();
    log(`window: blocked navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    if (originOf(url) === APP_ORIGIN) return;
    event.preventDefault();
    log(`window: blocked redirect to ${url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('window: blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser; the app never gets a second window.
    if (/^https:\/\//i.test(url)) void shell.openExternal(url);
    else log(`window: blocked window.open(${url})`);
    return { action: 'deny' };
  });
}

/** Denies every permission (camera, notifications, geolocation...) for every session. */
export function denyAllPermissions(log: (line: string) => void): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => {
    log(`permissions: denied ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}
