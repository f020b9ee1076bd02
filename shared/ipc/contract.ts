// The desktop IPC contract: a transport for the core's app-server protocol.
// Every channel the renderer may invoke, every channel the host pushes on, and
// their payload types live here, so the preload, the Electron host and the test
// bridge (WebSocket) agree by construction. Runtime-free apart from constants
// (the preload bundles it); validation lives in validate.ts.
import type {
  ClientRequestMethod,
  ClientRequestParams,
  ClientRequestResult,
  ServerNotification,
  ServerRequestMessage,
  ServerRequestMethod,
  ServerRequestResult,
} from '../protocol/types.js';

/**
 * Every client request method, at runtime: the protocol's method table
 * (protocol/clientRequests.ts) holds zod schemas, which the preload must not
 * bundle, so the names are repeated here and checked exhaustive below.
 */
export const CLIENT_REQUEST_METHODS = [
  'initialize',
  'thread/start',
  'thread/resume',
  'thread/list',
  'thread/unsubscribe',
  'turn/start',
  'turn/interrupt',
  'turn/steer',
  'thread/shellCommand',
  'config/read',
  'config/value/write',
  'config/batchWrite',
  'mcpServerStatus/list',
  'thread/read',
  'thread/name/set',
  'thread/archive',
  'thread/unarchive',
  'thread/delete',
  'thread/fork',
  'thread/revert',
  'thread/compact/start',
  'model/list',
  'skills/list',
  'skills/config/write',
  'account/read',
  'account/login/start',
  'account/login/cancel',
  'account/logout',
  'command/exec',
  'command/exec/write',
  'command/exec/resize',
  'command/exec/terminate',
  'fuzzyFileSearch',
  'fuzzyFileSearch/sessionStart',
  'fuzzyFileSearch/sessionUpdate',
  'fuzzyFileSearch/sessionStop',
  'review/start',
  'review/draftCommitMessage',
  'review/diff',
  'review/fileDiff',
  'review/stage',
  'review/unstage',
  'review/revert',
  'review/undoRevert',
  'review/comments',
  'review/commit',
  'review/push',
  'review/pullRequest',
  'worktree/list',
  'worktree/cleanupCandidates',
  'worktree/branches',
  'worktree/remove',
  'worktree/handoff',
  'environment/read',
  'environment/action/run',
  'environment/action/terminate',
] as const satisfies readonly ClientRequestMethod[];

// Compile-time: the list above names every method of the table, and nothing else (`satisfies`).
type Missing = Exclude<ClientRequestMethod, (typeof CLIENT_REQUEST_METHODS)[number]>;
const exhaustive: [Missing] extends [never] ? true : { missing: Missing } = true;
void exhaustive;

export const REQUEST_CHANNEL_PREFIX = 'codex:request:';
export type RequestChannel<M extends ClientRequestMethod = ClientRequestMethod> = `${typeof REQUEST_CHANNEL_PREFIX}${M}`;

/** renderer → host (invoke): one channel per client request, with its params and result. */
export type RequestChannels = {
  [M in ClientRequestMethod as RequestChannel<M>]: { method: M; params: ClientRequestParams<M>; result: ClientRequestResult<M> };
};

/** renderer → host (invoke): the answer to a server request (approval). */
export const RESPOND_CHANNEL = 'codex:respond';
/**
 * renderer → host (invoke): which thread the window shows and whether the page
 * has focus, so notifications skip the thread the user is looking at.
 */
export const VIEW_CHANNEL = 'codex:view';
/** renderer → host (invoke): the OS folder picker, for a new thread's working directory. */
export const PICK_FOLDER_CHANNEL = 'codex:pick-folder';
/**
 * renderer → host (invoke): the user clicked a link the model wrote. The host names
 * its real host in a confirmation and only then hands it to the OS; the renderer
 * never opens a link itself.
 */
export const OPEN_LINK_CHANNEL = 'codex:open-link';
/**
 * renderer → host (invoke): the terminals (PTY command/exec) the host still
 * holds, each with the tail of its output, so a reloaded window re-attaches.
 */
export const TERMINAL_LIST_CHANNEL = 'codex:terminal-list';
/** renderer → host (invoke): a terminal tab was closed; the host drops its record. */
export const TERMINAL_FORGET_CHANNEL = 'codex:terminal-forget';
/** host → renderer (push): a terminal's process ended (its command/exec answer may have gone to a page since reloaded). */
export const TERMINAL_EXITED_CHANNEL = 'codex:terminal-exited';
/**
 * renderer → host (invoke): the folders threads were started in, newest first
 * (the host records each thread/start's folder), for the project picker and the sidebar.
 */
export const RECENT_PROJECTS_CHANNEL = 'codex:recent-projects';
/**
 * renderer → host (invoke): "Report a problem". The host asks where to save (OS
 * folder dialog; the renderer never names a path) and writes the redacted report there.
 */
export const REPORT_PROBLEM_CHANNEL = 'codex:report-problem';
/**
 * renderer → host (invoke): the app's updates (Settings). `{action}`: "status" answers
 * the current UpdateStatus, "check" checks the signed feed (and downloads a newer
 * version), "restart" quits to install a downloaded update and starts again.
 */
export const UPDATE_CHANNEL = 'codex:update';
/** host → renderer (push): the update status changed (checking, download progress, ready...). */
export const UPDATE_STATUS_CHANNEL = 'codex:update-status';
/** host → renderer (push): bring a thread into view (a notification or tray click). */
export const OPEN_THREAD_CHANNEL = 'codex:open-thread';
/** host → renderer (push): a core notification `{method, params}`. */
export const NOTIFICATION_CHANNEL = 'codex:notification';
/** host → renderer (push): a server request `{id, method, params}` awaiting RESPOND_CHANNEL. */
export const SERVER_REQUEST_CHANNEL = 'codex:server-request';

export function requestChannel<M extends ClientRequestMethod>(method: M): RequestChannel<M> {
  return `${REQUEST_CHANNEL_PREFIX}${method}`;
}

/** The client request a channel carries, or null for anything else. */
export function methodOfChannel(channel: string): ClientRequestMethod | null {
  if (!channel.startsWith(REQUEST_CHANNEL_PREFIX)) return null;
  const method = channel.slice(REQUEST_CHANNEL_PREFIX.length);
  return CLIENT_REQUEST_METHODS.find((m) => m === method) ?? null;
}

/** Every channel the renderer may send on. */
export const INVOKE_CHANNELS: readonly string[] = [
  ...CLIENT_REQUEST_METHODS.map((m) => requestChannel(m)),
  RESPOND_CHANNEL,
  VIEW_CHANNEL,
  PICK_FOLDER_CHANNEL,
  OPEN_LINK_CHANNEL,
  REPORT_PROBLEM_CHANNEL,
  UPDATE_CHANNEL,
  TERMINAL_LIST_CHANNEL,
  TERMINAL_FORGET_CHANNEL,
  RECENT_PROJECTS_CHANNEL,
];
/** Every channel the host pushes on. */
export const PUSH_CHANNELS = [NOTIFICATION_CHANNEL, SERVER_REQUEST_CHANNEL, OPEN_THREAD_CHANNEL, TERMINAL_EXITED_CHANNEL, UPDATE_STATUS_CHANNEL] as const;
export type PushChannel = (typeof PUSH_CHANNELS)[number];

export function isInvokeChannel(channel: unknown): channel is string {
  return typeof channel === 'string' && INVOKE_CHANNELS.includes(channel);
}

export type NotificationPayload = ServerNotification;

export type ServerRequestPayload = ServerRequestMessage;

export interface RespondPayload<M extends ServerRequestMethod = ServerRequestMethod> {
  id: string;
  result: ServerRequestResult<M>;
}
export type RespondResult = Record<string, never>;

/** What the window shows: the open thread (null: none) and whether the page has focus. */
export interface ViewPayload {
  threadId: string | null;
  focused: boolean;
}

export interface PickFolderPayload {
  /** Where the picker opens (the folder typed so far); null = the OS default. */
  defaultPath: string | null;
}
/** The chosen folder, or null when the user cancelled. */
export interface PickFolderResult {
  path: string | null;
}

export interface OpenLinkPayload {
  /** The link's href (http, https or mailto). */
  url: string;
  /** Its visible text, so the prompt can say when the text names another site. */
  text: string;
}
/** opened: the user confirmed and the OS was asked to open it. */
export interface OpenLinkResult {
  opened: boolean;
}

/** Newest first; empty when the host keeps none. */
export interface RecentProjectsResult {
  projects: string[];
}

/** The report's folder, or null when the user cancelled the folder dialog. */
export interface ReportProblemResult {
  path: string | null;
}

export const UPDATE_ACTIONS = ['status', 'check', 'restart'] as const;
export interface UpdatePayload {
  action: (typeof UPDATE_ACTIONS)[number];
}
/**
 * idle: not checked yet; unavailable: this copy cannot update itself (message says
 * why); ready: a verified update installs at the next quit or "Restart to update".
 */
export type UpdateState = 'idle' | 'unavailable' | 'checking' | 'up-to-date' | 'downloading' | 'ready' | 'error';
export interface UpdateStatus {
  currentVersion: string;
  state: UpdateState;
  /** The version being downloaded or ready to install. */
  version: string | null;
  progress: { transferred: number; total: number } | null;
  /** Why it failed or is unavailable, or "Updated to X" after an install. */
  message: string | null;
}

export interface OpenThreadPayload {
  threadId: string;
}

/** A terminal the host holds (main/desktop/terminalSessions.ts), for a re-attaching window. */
export interface TerminalSnapshot {
  processId: string;
  /** The tail of its output (TERMINAL_REPLAY_BYTES at most), base64. */
  outputBase64: string;
  /** null while it runs, or when it ended without an exit code (refused). */
  exitCode: number | null;
  exited: boolean;
}
export interface TerminalListResult {
  terminals: TerminalSnapshot[];
}
export interface TerminalForgetPayload {
  processId: string;
}
export interface TerminalExitedPayload {
  processId: string;
  /** null when the command/exec failed instead of answering an exit code. */
  exitCode: number | null;
}

export interface PushPayloads {
  [NOTIFICATION_CHANNEL]: NotificationPayload;
  [SERVER_REQUEST_CHANNEL]: ServerRequestPayload;
  [OPEN_THREAD_CHANNEL]: OpenThreadPayload;
  [TERMINAL_EXITED_CHANNEL]: TerminalExitedPayload;
  [UPDATE_STATUS_CHANNEL]: UpdateStatus;
}

export interface IpcErrorBody {
  /** JSON-RPC style code (-32600 rejected sender, -32601 unknown channel, -32602 bad payload...). */
  code: number;
  message: string;
  /** The server's structured detail, as JSON-RPC `data` (e.g. `config_write_error_code`). */
  data?: unknown;
}
/** Every invoke resolves to an envelope; hosts never throw across the boundary. */
export type IpcEnvelope<T> = { ok: true; result: T } | { ok: false; error: IpcErrorBody };

// ---------- the browser bridge's framing (WebSocket, one JSON object per message) ----------

/** Where the web UI's host (main/web/webHost.ts) takes the bridge's websocket. */
export const BRIDGE_PATH = '/__codex';

/** browser → host */
export interface BridgeInvoke {
  seq: number;
  channel: string;
  payload: unknown;
}
/**
 * host → browser: an invoke's reply, a push, or (first, once, on a connection
 * opened with a pairing token) the session token the page keeps for reloads.
 */
export type BridgeMessage = { seq: number; reply: IpcEnvelope<unknown> } | { push: PushChannel; payload: unknown } | { session: string };
