// The one app window: isolated, sandboxed renderer without Node, loading only
// app://codex. Navigation, new windows, webviews and permissions are denied for
// it (and every other webContents) by lockdown.ts.
import { BrowserWindow } from 'electron';
import { APP_URL } from './appProtocol.js';
import { mainWindowOptions } from '../desktop/windowPolicy.js';

/** Saved bounds (x/y absent = centered); see windowState.ts. */
export interface InitialBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** `devTools`: development builds only (main/desktop/buildMode.ts). */
export function createMainWindow(preloadPath: string, devTools: boolean, bounds: InitialBounds = { width: 1280, height: 840 }): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath, bounds, devTools));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}
