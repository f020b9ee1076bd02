// Quitting while turns run asks first; then it interrupts them, declines pending
// approvals and waits for AppServer.shutdown so every rollout is flushed whole.
import { app, dialog, type BrowserWindow } from 'electron';
import type { ActivityTracker } from '../desktop/activityTracker.js';
import type { RequestHandler } from '../ipc/router.js';

export interface QuitGuardOptions {
  tracker: ActivityTracker;
  server: RequestHandler & { shutdown(): Promise<void> };
  /** Declines what still waits for the renderer (IpcRouter.close). */
  closeRouter: () => void;
  window: () => BrowserWindow | null;
  log: (line: string) => void;
  /** The user chose Cancel: the app keeps running (e.g. "Restart to update" is off again). */
  onCancelled?: () => void;
}

export function installQuitGuard(opts: QuitGuardOptions): void {
  let phase: 'running' | 'asking' | 'stopping' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    if (phase !== 'running') return;
    phase = 'asking';
    void (async () => {
      const running = opts.tracker.runningTurns();
      if (running.length > 0 && !(await confirmQuit(running.length, opts.window()))) {
        phase = 'running';
        opts.onCancelled?.();
        return;
      }
      phase = 'stopping';
      await Promise.all(
        running.map(({ threadId, turnId }) =>
          opts.server.handle('turn/interrupt', { threadId, turnId }).catch((err: Error) => opts.log(`quit: interrupt ${threadId} failed: ${err.message}`)),
        ),
      );
      opts.closeRouter();
      await opts.server.shutdown().catch((err: Error) => opts.log(`quit: shutdown failed: ${err.message}`));
      phase = 'done';
      app.quit();
    })();
  });
}

async function confirmQuit(count: number, win: BrowserWindow | null): Promise<boolean> {
  const options = {
    type: 'question' as const,
    message: count === 1 ? 'A turn is still running.' : `${count} turns are still running.`,
    detail: 'Quitting stops them; their threads are saved and can be resumed later.',
    buttons: ['Quit', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
  const { response } = win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return response === 0;
}
