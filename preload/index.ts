// Electron preload (sandboxed, context-isolated): exposes exactly one API,
// `window.codex` (CodexApi), over the IPC contract. Bundled to CommonJS by esbuild
// (sandboxed preloads cannot load modules other than electron's).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { codexApi } from '../shared/ipc/codexApi.js';
import type { IpcEnvelope, PushChannel, PushPayloads } from '../shared/ipc/contract.js';

async function invoke<T>(channel: string, payload: unknown): Promise<T> {
  const envelope = (await ipcRenderer.invoke(channel, payload)) as IpcEnvelope<T>;
  if (envelope.ok) return envelope.result;
  // Code and data ride along so the renderer can tell, e.g., a config version conflict.
  throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code, data: envelope.error.data });
}

function subscribe<C extends PushChannel>(channel: C, cb: (payload: PushPayloads[C]) => void): () => void {
  const listener = (_event: IpcRendererEvent, payload: PushPayloads[C]) => cb(payload);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

contextBridge.exposeInMainWorld('codex', codexApi({ invoke, subscribe }));
