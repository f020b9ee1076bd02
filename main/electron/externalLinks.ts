// The link prompt in Electron: a native dialog over the window naming the real
// host and the full URL, then shell.openExternal. What it says and what may open
// are shared/externalLink.ts's decisions.
import { dialog, shell, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { ExternalLinkOpener, type LinkPrompt } from '../../shared/externalLink.js';

export function createLinkOpener(window: () => BrowserWindow | null, log: (line: string) => void): ExternalLinkOpener {
  return new ExternalLinkOpener({
    confirm: async (prompt: LinkPrompt) => {
      const options: MessageBoxOptions = {
        type: 'question',
        title: prompt.title,
        message: prompt.message,
        detail: prompt.detail,
        buttons: prompt.buttons,
        // Cancel is the default and what Escape or closing the dialog answers.
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const win = window();
      const { response } = win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      return response === 1;
    },
    open: (url) => shell.openExternal(url),
    log,
  });
}
