// The one API the renderer sees: `window.codex`, exposed by the preload (Electron)
// or the browser build's websocket bridge (renderer/web/bridge.ts). Types only: the renderer imports it, never electron.
import type { ClientRequestMethod, ClientRequestParams, ClientRequestResult, ServerRequestMethod, ServerRequestResult } from '../protocol/types.js';
import type {
  NotificationPayload,
  OpenThreadPayload,
  ServerRequestPayload,
  TerminalExitedPayload,
  TerminalSnapshot,
  UpdateStatus,
  ViewPayload,
} from './contract.js';

export type { NotificationPayload, OpenThreadPayload, ServerRequestPayload, TerminalExitedPayload, TerminalSnapshot, UpdateStatus, ViewPayload };

export interface CodexApi {
  /** Sends a client request; rejects with an Error carrying the host's message. */
  request<M extends ClientRequestMethod>(method: M, params: ClientRequestParams<M>): Promise<ClientRequestResult<M>>;
  /** Every core notification; returns an unsubscribe function. */
  onNotification(cb: (n: NotificationPayload) => void): () => void;
  /** Approval requests from the core; answer each with `respond`. */
  onServerRequest(cb: (r: ServerRequestPayload) => void): () => void;
  respond<M extends ServerRequestMethod>(id: string, result: ServerRequestResult<M>): Promise<void>;
  /** Tells the host which thread is in view (and whether the page has focus), for notifications. */
  setView(view: ViewPayload): Promise<void>;
  /** The folders threads were started in, newest first (the host keeps them across restarts). */
  recentProjects(): Promise<string[]>;
  /** Opens the OS folder picker; resolves with the chosen folder, or null when cancelled. */
  pickFolder(defaultPath: string | null): Promise<string | null>;
  /**
   * A link the model wrote was clicked: the host shows its real host and the full
   * URL and opens it only if the user agrees. Resolves true when it was opened.
   */
  openLink(url: string, text: string): Promise<boolean>;
  /** "Report a problem": the host asks where, writes the redacted report, and resolves with its folder (null: cancelled). */
  reportProblem(): Promise<string | null>;
  /** The host asks to show a thread (a notification or tray click); returns an unsubscribe function. */
  onOpenThread(cb: (p: OpenThreadPayload) => void): () => void;
  /** The terminals the host still holds (running or exited, tab not closed), with their recent output. */
  listTerminals(): Promise<TerminalSnapshot[]>;
  /** A terminal tab was closed: the host forgets it (terminate it first if it still runs). */
  forgetTerminal(processId: string): Promise<void>;
  /** A terminal's process ended; returns an unsubscribe function. */
  onTerminalExited(cb: (p: TerminalExitedPayload) => void): () => void;
  /** The app's update status (Settings › Updates). */
  updateStatus(): Promise<UpdateStatus>;
  /** Checks the signed update feed; a newer version is downloaded and verified, then waits for a restart. */
  checkForUpdates(): Promise<UpdateStatus>;
  /** Quits, installs the downloaded update and starts the app again. */
  restartToUpdate(): Promise<UpdateStatus>;
  /** Every change of the update status (checking, progress, ready...); returns an unsubscribe function. */
  onUpdateStatus(cb: (s: UpdateStatus) => void): () => void;
}
