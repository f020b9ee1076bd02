// App-wide lock-down: every webContents the app ever creates (the main window,
// any later window, DevTools, a <webview> or popup that slipped through) gets the
// same rules, installed from 'web-contents-created' before the first window
// exists. The rules are main/desktop/contentsLockdown.ts's (decisions in windowPolicy.ts).
import { app, session } from 'electron';
import { lockDownContents, lockDownSession, type ContentsLockdownOptions } from '../desktop/contentsLockdown.js';

export function installLockdown(opts: ContentsLockdownOptions): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, opts));
  void app.whenReady().then(() => lockDownSession(session.defaultSession, opts.log));
}
