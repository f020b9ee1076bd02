// Transport-neutral half of the desktop IPC: validates what the renderer sends,
// serves requests through the AppServer, and is the AppServer's ThreadHost
// (notifications and approval requests out, validated replies back). The Electron
// ipcHost and the web UI host (main/web/webHost.ts: `codex web`, the e2e test host) both wrap one of these.
import type { ThreadHost } from '../core/session/threadHost.js';
import { RpcError } from '../core/server/appServer.js';
import {
  JSONRPC_INTERNAL_ERROR,
  type ClientRequestParams,
  type ServerNotificationMethod,
  type ServerNotificationParams,
  type ServerRequestMethod,
  type ServerRequestParams,
  type ServerRequestResult,
  type McpServerElicitationRequestParams,
  type McpServerElicitationRequestResponse,
} from '../../shared/protocol/types.js';
import {
  NOTIFICATION_CHANNEL,
  OPEN_THREAD_CHANNEL,
  SERVER_REQUEST_CHANNEL,
  TERMINAL_EXITED_CHANNEL,
  type TerminalListResult,
  type IpcEnvelope,
  type PushChannel,
  type PushPayloads,
  type ServerRequestPayload,
  type PickFolderResult,
  type OpenLinkResult,
  type ReportProblemResult,
  type RecentProjectsResult,
  type ViewPayload,
  type UpdatePayload,
  type UpdateStatus,
} from '../../shared/ipc/contract.js';
import { IpcValidationError, validateInvoke } from '../../shared/ipc/validate.js';
import { parseClientRequest } from '../../shared/protocol/schemas.js';
import { ServerRequestBroker } from '../core/server/serverRequestBroker.js';
import { serverNotification } from '../../shared/protocol/messages.js';
import { TerminalSessions } from '../desktop/terminalSessions.js';
import type { RecentProjects } from '../desktop/recentProjects.js';
import { isAbsolute } from 'node:path';

export interface RequestHandler {
  handle(method: string, params: unknown): Promise<unknown>;
}

export interface IpcRouterOptions {
  push: <C extends PushChannel>(channel: C, payload: PushPayloads[C]) => void;
  log?: (line: string) => void;
  /** The renderer said what it shows (the tracker marks that thread seen). */
  onView?: (view: ViewPayload) => void;
  /** After a client request was served successfully (e.g. thread/unsubscribe: the tray forgets the thread). */
  onRequestServed?: (method: string, params: unknown) => void;
  /** The OS folder picker (Electron's dialog; the test host's stand-in). Absent: the channel answers an error. */
  pickFolder?: (defaultPath: string | null, purpose?: 'thread' | 'report') => Promise<string | null>;
  /** The link prompt, then the OS (shared/externalLink.ts). Absent: the channel answers an error. */
  openLink?: (url: string, text: string) => Promise<boolean>;
  /**
   * Opens the ChatGPT sign-in page an `account/login/start {type:"chatgpt"}` answered with
   * in the system browser (the external-link path, no prompt: the user just asked for it).
   * Absent: the renderer shows the address to open by hand.
   */
  openSignInPage?: (url: string) => Promise<boolean>;
  /** Writes the problem report into a folder (desktop/problemReport.ts) and returns its path. Absent: the channel answers an error. */
  exportProblemReport?: (destDir: string) => Promise<string>;
  /** The app's updater (desktop/update/updateService.ts via the shell). Absent: the update channel answers an error. */
  updates?: UpdateHost;
  /** Where each thread/start's folder is recorded (main/desktop/recentProjects.ts). Absent: the host keeps none and lists none. */
  recentProjects?: () => RecentProjects;
}

/** What Settings' update controls reach in the host. */
export interface UpdateHost {
  status(): UpdateStatus;
  check(): Promise<UpdateStatus>;
  /** Quits and installs the ready update, then starts again; the status it answers while doing so. */
  restartToUpdate(): Promise<UpdateStatus>;
}

export class IpcRouter implements ThreadHost {
  private server: RequestHandler | undefined;
  /** Approvals shown to the user; a malformed answer declines them (and is logged). */
  private readonly requests: ServerRequestBroker;
  private view: ViewPayload | undefined;
  /** PTY commands the renderer started: re-attached (with their recent output) after a reload. */
  private readonly terminals = new TerminalSessions();

  constructor(private readonly opts: IpcRouterOptions) {
    this.requests = new ServerRequestBroker((message) => opts.log?.(`ipc: ${message}`));
    this.requests.attach({
      sendRequest: (payload) => this.opts.push(SERVER_REQUEST_CHANNEL, payload),
      // Every window and toast showing this request drops it.
      sendResolved: (threadId, requestId) => this.notify('serverRequest/resolved', { threadId, requestId }),
    });
  }

  attach(server: RequestHandler): void {
    this.server = server;
  }

  /** Serves one invoke from the renderer. Never throws: errors come back in the envelope. */
  async invoke(channel: unknown, payload: unknown): Promise<IpcEnvelope<unknown>> {
    try {
      const msg = validateInvoke(channel, payload);
      if (msg.kind === 'respond') {
        const answered = this.requests.answer(msg.id, { result: msg.result });
        if (!answered) throw new IpcValidationError(-32602, `no pending server request with id ${msg.id}`);
        // A malformed answer was taken as a decline: the sender learns why.
        if (answered.problem) return { ok: false, error: { code: -32602, message: answered.problem } };
        return { ok: true, result: {} };
      }
      if (msg.kind === 'view') {
        this.view = msg.view;
        this.opts.onView?.(msg.view);
        return { ok: true, result: {} };
      }
      if (msg.kind === 'pickFolder') {
        if (!this.opts.pickFolder) throw new IpcValidationError(-32601, 'this host has no folder picker');
        return { ok: true, result: { path: await this.opts.pickFolder(msg.request.defaultPath) } satisfies PickFolderResult };
      }
      if (msg.kind === 'openLink') {
        if (!this.opts.openLink) throw new IpcValidationError(-32601, 'this host opens no links');
        return { ok: true, result: { opened: await this.opts.openLink(msg.request.url, msg.request.text) } satisfies OpenLinkResult };
      }
      if (msg.kind === 'terminalList') return { ok: true, result: { terminals: this.terminals.list() } satisfies TerminalListResult };
      if (msg.kind === 'terminalForget') {
        this.terminals.forget(msg.request.processId);
        return { ok: true, result: {} };
      }
      if (msg.kind === 'recentProjects') return { ok: true, result: { projects: this.opts.recentProjects?.().list() ?? [] } satisfies RecentProjectsResult };
      if (msg.kind === 'reportProblem') {
        if (!this.opts.exportProblemReport || !this.opts.pickFolder) throw new IpcValidationError(-32601, 'this host cannot export a problem report');
        const dest = await this.opts.pickFolder(null, 'report');
        return { ok: true, result: { path: dest === null ? null : await this.opts.exportProblemReport(dest) } satisfies ReportProblemResult };
      }
      if (msg.kind === 'update') return { ok: true, result: await this.update(msg.request) };
      if (!this.server) throw new IpcValidationError(JSONRPC_INTERNAL_ERROR, 'server not ready');
      if (msg.method === 'command/exec') return { ok: true, result: await this.commandExec(parseClientRequest('command/exec', msg.params)) };
      const result = await this.server.handle(msg.method, msg.params);
      this.opts.onRequestServed?.(msg.method, msg.params);
      if (msg.method === 'thread/start') this.recordProject(msg.params, result);
      if (msg.method === 'account/login/start') this.openSignInPage(result);
      return { ok: true, result };
    } catch (err) {
      const code = err instanceof IpcValidationError || err instanceof RpcError ? err.code : JSONRPC_INTERNAL_ERROR;
      const message = (err as Error)?.message ?? String(err);
      this.opts.log?.(`ipc: ${String(channel)} failed (${code}): ${message}`);
      const data = err instanceof RpcError ? err.data : undefined;
      return { ok: false, error: data === undefined ? { code, message } : { code, message, data } };
    }
  }

  private async update(request: UpdatePayload): Promise<UpdateStatus> {
    const updates = this.opts.updates;
    if (!updates) throw new IpcValidationError(-32601, 'this host does not update itself');
    if (request.action === 'check') return updates.check();
    if (request.action === 'restart') {
      if (updates.status().state !== 'ready') throw new IpcValidationError(-32600, 'no downloaded update to install');
      return updates.restartToUpdate();
    }
    return updates.status();
  }

  /** command/exec, with a PTY one recorded as a terminal until it exits (its exit is pushed too). */
  private async commandExec(params: ClientRequestParams<'command/exec'>): Promise<unknown> {
    const id = params.tty ? params.processId : null;
    const tracked = id ? this.terminals.start(id) : false;
    let result: unknown;
    try {
      result = await this.server!.handle('command/exec', params);
    } catch (err) {
      // Refused or never started: no terminal to re-attach to, but a waiting page learns it ended.
      if (tracked && id) {
        this.terminals.forget(id);
        this.opts.push(TERMINAL_EXITED_CHANNEL, { processId: id, exitCode: null });
      }
      throw err;
    }
    if (tracked && id) {
      const exitCode = exitCodeOf(result);
      this.terminals.exited(id, exitCode);
      this.opts.push(TERMINAL_EXITED_CHANNEL, { processId: id, exitCode });
    }
    this.opts.onRequestServed?.('command/exec', params);
    return result;
  }

  /** A thread started: its project (the folder asked for; a worktree thread's repository, not the worktree) goes first in the recent list. */
  private recordProject(params: unknown, result: unknown): void {
    if (!this.opts.recentProjects) return;
    const asked = isRecord(params) && typeof params.cwd === 'string' ? params.cwd : null;
    const started = isRecord(result) && isRecord(result.thread) && typeof result.thread.cwd === 'string' ? result.thread.cwd : null;
    // A relative folder names nothing after a restart: the one the thread got instead.
    const folder = asked && isAbsolute(asked) ? asked : started;
    if (folder) this.opts.recentProjects().add(folder);
  }

  /** A browser sign-in was started: its page opens in the system browser (a failure is logged; the renderer shows the address). */
  private openSignInPage(result: unknown): void {
    const url = signInPageOf(result);
    if (!url || !this.opts.openSignInPage) return;
    this.opts.openSignInPage(url).catch((err: unknown) => this.opts.log?.(`sign-in: the browser did not open: ${(err as Error)?.message ?? String(err)}`));
  }

  notify<M extends ServerNotificationMethod>(method: M, params: ServerNotificationParams<M>): void {
    const n = serverNotification(method, params);
    if (n.method === 'command/exec/outputDelta') this.terminals.output(n.params.processId, n.params.deltaBase64);
    this.opts.push(NOTIFICATION_CHANNEL, n);
    if (n.method === 'turn/completed') {
      // Approvals of a finished turn are settled (declined): a late click approves nothing.
      this.requests.turnEnded(n.params.threadId, n.params.turn.id);
    }
  }

  request<M extends ServerRequestMethod>(method: M, params: ServerRequestParams<M>): Promise<ServerRequestResult<M>> {
    return this.requests.request(method, params);
  }

  /** MCP tool-call approval: a server request like the others, answered by the approval prompt. */
  requestMcpElicitation(params: McpServerElicitationRequestParams): Promise<McpServerElicitationRequestResponse> {
    return this.request('mcpServer/elicitation/request', params);
  }

  /** What the renderer last said it shows; undefined until it has said anything. */
  viewState(): ViewPayload | undefined {
    return this.view;
  }

  /** Asks the renderer to show a thread (a notification or tray click). */
  openThread(threadId: string): void {
    this.opts.push(OPEN_THREAD_CHANNEL, { threadId });
  }

  /** Server requests still awaiting an answer (re-sent to a reloaded renderer). */
  pendingRequests(): ServerRequestPayload[] {
    return this.requests.list();
  }

  /** Re-pushes every pending server request (after a renderer reload or reconnect). */
  replayPending(): void {
    for (const payload of this.requests.list()) this.opts.push(SERVER_REQUEST_CHANNEL, payload);
  }

  /** The renderer is gone for good: outstanding approvals fail (the core declines them). */
  close(): void {
    this.requests.failAll(new Error('renderer closed'));
    this.view = undefined;
  }
}

/** The exit code of a command/exec answer (the server's handle is typed `unknown`). */
function exitCodeOf(result: unknown): number | null {
  if (typeof result !== 'object' || result === null || !('exitCode' in result)) return null;
  return typeof result.exitCode === 'number' ? result.exitCode : null;
}

/** The authorize URL of a `{type:"chatgpt"}` login answer; null for the other login types. */
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function signInPageOf(result: unknown): string | null {
  if (!result || typeof result !== 'object') return null;
  const r: { type?: unknown; authUrl?: unknown } = result;
  return r.type === 'chatgpt' && typeof r.authUrl === 'string' ? r.authUrl : null;
}
