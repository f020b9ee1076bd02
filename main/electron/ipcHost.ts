// The one ipcMain wrapper: every contract channel goes through the guard (known
// channel, our window's main frame, app:// origin), then the router (payload
// validation, AppServer). Replies are envelopes; nothing here throws into Electron.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS, type IpcEnvelope } from '../../shared/ipc/contract.js';
import { guardIpcMessage } from '../ipc/guard.js';
import type { IpcRouter } from '../ipc/router.js';

export interface IpcHostOptions {
  ipcMain: IpcMain;
  router: IpcRouter;
  /** The window whose main frame may talk to us; null until it exists. */
  window: () => BrowserWindow | null;
  appOrigin: string;
  log: (line: string) => void;
}

export function installIpcHost(opts: IpcHostOptions): () => void {
  const handler =
    (channel: string) =>
    async (event: IpcMainInvokeEvent, payload: unknown): Promise<IpcEnvelope<unknown>> => {
      try {
        const win = opts.window();
        const frame = event.senderFrame;
        const verdict = guardIpcMessage(
          {
            channel,
            webContentsId: event.sender.id,
            isMainFrame: frame !== null && frame.parent === null && frame.frameTreeNodeId === event.sender.mainFrame.frameTreeNodeId,
            frameUrl: frame?.url ?? null,
          },
          { webContentsId: win && !win.isDestroyed() ? win.webContents.id : -1, appOrigin: opts.appOrigin },
        );
        if (!verdict.ok) {
          opts.log(`ipc: rejected ${channel}: ${verdict.reason}`);
          return { ok: false, error: { code: verdict.code, message: `rejected: ${verdict.reason}` } };
        }
        return await opts.router.invoke(channel, payload);
      } catch (err) {
        opts.log(`ipc: ${channel} crashed: ${(err as Error)?.stack ?? String(err)}`);
        return { ok: false, error: { code: -32603, message: 'internal error' } };
      }
    };
  for (const channel of INVOKE_CHANNELS) opts.ipcMain.handle(channel, handler(channel));
  return () => {
    for (const channel of INVOKE_CHANNELS) opts.ipcMain.removeHandler(channel);
  };
}
