// Electron preload (sandboxed, context-isolated): exposes exactly one API,
// `window.codex` (CodexApi), over the IPC contract. Bundled to CommonJS by esbuild
// (sandboxed preloads cannot load modules other than electron's).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CodexApi } from '../shared/ipc/api.js';
import {
  NOTIFICATION_CHANNEL,
  OPEN_LINK_CHANNEL,
  OPEN_THREAD_CHANNEL,
  PICK_FOLDER_CHANNEL,
  RECENT_PROJECTS_CHANNEL,
  REPORT_PROBLEM_CHANNEL,
  requestChannel,
  RESPOND_CHANNEL,
  SERVER_REQUEST_CHANNEL,
  TERMINAL_EXITED_CHANNEL,
  TERMINAL_FORGET_CHANNEL,
  TERMINAL_LIST_CHANNEL,
  VIEW_CHANNEL,
  UPDATE_CHANNEL,
  UPDATE_STATUS_CHANNEL,
  type UpdateStatus,
  type IpcEnvelope,
  type TerminalListResult,
  type OpenLinkResult,
  type PickFolderResult,
  type RecentProjectsResult,
  type ReportProblemResult,
  type PushChannel,
  type PushPayloads,
} from '../shared/ipc/contract.js';

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

const api: CodexApi = {
  request: (method, params) => invoke(requestChannel(method), params),
  onNotification: (cb) => subscribe(NOTIFICATION_CHANNEL, cb),
  onServerRequest: (cb) => subscribe(SERVER_REQUEST_CHANNEL, cb),
  respond: (id, result) => invoke<unknown>(RESPOND_CHANNEL, { id, result }).then(() => undefined),
  setView: (view) => invoke<unknown>(VIEW_CHANNEL, view).then(() => undefined),
  recentProjects: () => invoke<RecentProjectsResult>(RECENT_PROJECTS_CHANNEL, {}).then((r) => r.projects),
  pickFolder: (defaultPath) => invoke<PickFolderResult>(PICK_FOLDER_CHANNEL, { defaultPath }).then((r) => r.path),
  openLink: (url, text) => invoke<OpenLinkResult>(OPEN_LINK_CHANNEL, { url, text }).then((r) => r.opened),
  reportProblem: () => invoke<ReportProblemResult>(REPORT_PROBLEM_CHANNEL, {}).then((r) => r.path),
  onOpenThread: (cb) => subscribe(OPEN_THREAD_CHANNEL, cb),
  listTerminals: () => invoke<TerminalListResult>(TERMINAL_LIST_CHANNEL, {}).then((r) => r.terminals),
  forgetTerminal: (processId) => invoke<unknown>(TERMINAL_FORGET_CHANNEL, { processId }).then(() => undefined),
  onTerminalExited: (cb) => subscribe(TERMINAL_EXITED_CHANNEL, cb),
  updateStatus: () => invoke<UpdateStatus>(UPDATE_CHANNEL, { action: 'status' }),
  checkForUpdates: () => invoke<UpdateStatus>(UPDATE_CHANNEL, { action: 'check' }),
  restartToUpdate: () => invoke<UpdateStatus>(UPDATE_CHANNEL, { action: 'restart' }),
  onUpdateStatus: (cb) => subscribe(UPDATE_STATUS_CHANNEL, cb),
};

contextBridge.exposeInMainWorld('codex', api);
