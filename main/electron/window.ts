// The one app window: isolated, sandboxed renderer without Node, loading only
// app://codex; navigation, new windows and permission requests are denied.
import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { APP_ORIGIN, APP_URL } from './appProtocol.js';
import { mainWindowOptions, navigationAllowed, windowOpenAction } from '../desktop/windowPolicy.js';

/** Saved bounds (x/y absent = centered); see windowState.ts. */
export interface InitialBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export function createMainWindow(preloadPath: string, log: (line: string) => void, bounds: InitialBounds = { width: 1280, height: 840 }): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath, bounds, !process.env.CODEX_DESKTOP_NO_DEVTOOLS));
  lockDown(win.webContents, log);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}

function lockDown(contents: WebContents, log: (line: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (navigationAllowed(url, APP_ORIGIN)) return;
    event.preventDefault();
    log(`window: blocked navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    if (navigationAllowed(url, APP_ORIGIN)) return;
    event.preventDefault();
    log(`window: blocked redirect to ${url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('window: blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (windowOpenAction(url).openExternally) void shell.openExternal(url);
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
