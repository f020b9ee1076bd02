// Restores the main window's last bounds and maximized state, and saves them
// (debounced while moving/resizing, and on close). Validation and the atomic
// file write live in main/desktop/windowStateStore.ts.
import { screen, type BrowserWindow } from 'electron';
import { loadWindowState, saveWindowState, windowStatePath, type WindowState } from '../desktop/windowStateStore.js';

const SAVE_DELAY_MS = 500;

export function restoreWindowState(userDataDir: string, log: (line: string) => void): WindowState {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  return loadWindowState(windowStatePath(userDataDir), displays, log);
}

export function trackWindowState(win: BrowserWindow, userDataDir: string, log: (line: string) => void): void {
  const file = windowStatePath(userDataDir);
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (win.isDestroyed()) return;
    // Normal bounds, so un-maximizing after a restart goes back to the user's size.
    const b = win.getNormalBounds();
    try {
      saveWindowState(file, { bounds: { x: b.x, y: b.y, width: b.width, height: b.height }, maximized: win.isMaximized() });
    } catch (err) {
      log(`window state: cannot save ${file}: ${(err as Error).message}`);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event as 'resize', later);
  win.on('close', save);
}

export function applyMaximized(win: BrowserWindow, state: WindowState): void {
  if (state.maximized) win.maximize();
}
