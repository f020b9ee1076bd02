// What the app window is allowed to be and do, as plain data and pure decisions
// (main/electron/window.ts applies them), so the security settings are tested
// without Electron: an isolated, sandboxed renderer without Node that stays on
// the app's own origin.
import { originOf } from '../ipc/guard.js';

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
 * window.open / target=_blank: never a second app window. Web links (http(s),
 * e.g. a dev server on localhost the agent started, and mailto) go to the user's
 * own browser or mail program; anything else (file:, custom schemes) is dropped.
 */
export function windowOpenAction(url: string): { openExternally: boolean } {
  return { openExternally: /^(https?:\/\/|mailto:)/i.test(url) };
}
