// What the app window is allowed to be and do, as plain data and pure decisions
// (main/electron/window.ts applies them), so the security settings are tested
// without Electron: an isolated, sandboxed renderer without Node that stays on
// the app's own origin. main/electron/lockdown.ts applies the navigation, window-open,
// webview and permission decisions to every webContents the app ever creates.
import { originOf } from '../ipc/guard.js';
import { linkTarget } from '../../shared/externalLink.js';

/** The BrowserWindow options that matter for security and layout (a subset of Electron's type). */
export function mainWindowOptions(preloadPath: string, bounds: { x?: number; y?: number; width: number; height: number }, devTools: boolean) {
  return {
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
      devTools,
    },
  } as const;
}

/** Navigation (links, redirects, location changes) stays on the app's origin. */
export function navigationAllowed(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

/**
 * window.open / target=_blank / middle click, from any webContents: never a new
 * window. Web and mail links go to the link prompt (externalLink.ts), which names
 * the real host before the OS browser or mail program opens them; anything else
 * (file:, custom schemes, app://) is dropped.
 */
export function windowOpenAction(url: string): { action: 'deny'; askToOpenExternally: boolean } {
  return { action: 'deny', askToOpenExternally: linkTarget(url).ok };
}

/** No webContents gets a permission (camera, microphone, notifications, geolocation, HID, USB, serial...). */
export function permissionAllowed(_permission: string): false {
  return false;
}

/** <webview> guests are never attached, whichever webContents asks. */
export const WEBVIEWS_ALLOWED = false;
