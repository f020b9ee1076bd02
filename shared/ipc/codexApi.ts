// `window.codex` from a transport: the one table mapping each CodexApi method to
// its contract channel, shared by the Electron preload (ipcRenderer) and the
// browser build's websocket bridge, so a new method is wired once for both.
import type { CodexApi } from './api.js';
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
  UPDATE_CHANNEL,
  UPDATE_STATUS_CHANNEL,
  VIEW_CHANNEL,
  type OpenLinkResult,
  type PickFolderResult,
  type PushChannel,
  type PushPayloads,
  type RecentProjectsResult,
  type ReportProblemResult,
  type TerminalListResult,
  type UpdateStatus,
} from './contract.js';

/** How a host is reached: invoke rejects with an Error carrying the envelope's code and data. */
export interface CodexTransport {
  invoke<T>(channel: string, payload: unknown): Promise<T>;
  subscribe<C extends PushChannel>(channel: C, cb: (payload: PushPayloads[C]) => void): () => void;
}

/** The API over `t`; `overrides` replace methods a host answers differently (the browser's folder prompt). */
export function codexApi(t: CodexTransport, overrides: Partial<CodexApi> = {}): CodexApi {
  return {
    request: (method, params) => t.invoke(requestChannel(method), params),
    onNotification: (cb) => t.subscribe(NOTIFICATION_CHANNEL, cb),
    onServerRequest: (cb) => t.subscribe(SERVER_REQUEST_CHANNEL, cb),
    respond: (id, result) => t.invoke<unknown>(RESPOND_CHANNEL, { id, result }).then(() => undefined),
    setView: (view) => t.invoke<unknown>(VIEW_CHANNEL, view).then(() => undefined),
    recentProjects: () => t.invoke<RecentProjectsResult>(RECENT_PROJECTS_CHANNEL, {}).then((r) => r.projects),
    pickFolder: (defaultPath) => t.invoke<PickFolderResult>(PICK_FOLDER_CHANNEL, { defaultPath }).then((r) => r.path),
    openLink: (url, text) => t.invoke<OpenLinkResult>(OPEN_LINK_CHANNEL, { url, text }).then((r) => r.opened),
    reportProblem: () => t.invoke<ReportProblemResult>(REPORT_PROBLEM_CHANNEL, {}).then((r) => r.path),
    onOpenThread: (cb) => t.subscribe(OPEN_THREAD_CHANNEL, cb),
    listTerminals: () => t.invoke<TerminalListResult>(TERMINAL_LIST_CHANNEL, {}).then((r) => r.terminals),
    forgetTerminal: (processId) => t.invoke<unknown>(TERMINAL_FORGET_CHANNEL, { processId }).then(() => undefined),
    onTerminalExited: (cb) => t.subscribe(TERMINAL_EXITED_CHANNEL, cb),
    updateStatus: () => t.invoke<UpdateStatus>(UPDATE_CHANNEL, { action: 'status' }),
    checkForUpdates: () => t.invoke<UpdateStatus>(UPDATE_CHANNEL, { action: 'check' }),
    restartToUpdate: () => t.invoke<UpdateStatus>(UPDATE_CHANNEL, { action: 'restart' }),
    onUpdateStatus: (cb) => t.subscribe(UPDATE_STATUS_CHANNEL, cb),
    ...overrides,
  };
}
