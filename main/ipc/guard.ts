// Decides whether an IPC message from a renderer is accepted: a known channel,
// sent by the main frame of our own window, whose document comes from our app
// protocol. Pure (plain data in, verdict out) so it is unit tested without Electron.
import { isInvokeChannel } from '../../shared/ipc/contract.js';

export interface IpcSender {
  channel: unknown;
  /** webContents.id of the sender. */
  webContentsId: number;
  /** true when the sending frame is its webContents' main frame (not an iframe). */
  isMainFrame: boolean;
  /** URL of the sending frame's document; null when the frame is gone. */
  frameUrl: string | null;
}

export interface IpcTrust {
  /** webContents.id of our window. */
  webContentsId: number;
  /** Origin of our app protocol, e.g. "app://codex". */
  appOrigin: string;
}

export type GuardVerdict = { ok: true } | { ok: false; code: number; reason: string };

export function guardIpcMessage(msg: IpcSender, trust: IpcTrust): GuardVerdict {
  if (!isInvokeChannel(msg.channel)) return { ok: false, code: -32601, reason: `unknown channel: ${String(msg.channel)}` };
  if (msg.webContentsId !== trust.webContentsId) return { ok: false, code: -32600, reason: `foreign sender (webContents ${msg.webContentsId})` };
  if (!msg.isMainFrame) return { ok: false, code: -32600, reason: 'sender is not the main frame' };
  const origin = originOf(msg.frameUrl);
  if (origin === null || origin !== trust.appOrigin) return { ok: false, code: -32600, reason: `untrusted origin: ${origin ?? String(msg.frameUrl)}` };
  return { ok: true };
}

/** scheme://host[:port] of a URL, lower-cased; null when it does not parse or has no host. */
export function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return null;
  }
}
