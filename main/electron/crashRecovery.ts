// The renderer crashed or hangs: offer a reload. Threads live in main (the
// AppServer), so a reload loses nothing; pending approvals are re-sent on load.
import { dialog, type BrowserWindow } from 'electron';

export function installCrashRecovery(win: BrowserWindow, log: (line: string) => void): void {
  let asking = false;
  const offerReload = async (message: string, detail: string, otherButton: string) => {
    if (asking || win.isDestroyed()) return;
    asking = true;
    try {
      const { response } = await dialog.showMessageBox(win, {
        type: 'warning',
        message,
        detail: `${detail}\n\nYour threads keep running in the background; reloading only redraws the window.`,
        buttons: ['Reload', otherButton],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      });
      if (response === 0 && !win.isDestroyed()) win.webContents.reload();
    } finally {
      asking = false;
    }
  };
  win.webContents.on('render-process-gone', (_event, details) => {
    log(`window: renderer gone (${details.reason}, exit ${details.exitCode})`);
    if (details.reason === 'clean-exit') return;
    void offerReload('The Codex window stopped working.', `Reason: ${details.reason}.`, 'Close');
  });
  win.on('unresponsive', () => {
    log('window: renderer unresponsive');
    void offerReload('The Codex window is not responding.', 'It may recover on its own.', 'Keep waiting');
  });
  win.on('responsive', () => log('window: renderer responsive again'));
}
