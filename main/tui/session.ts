// Drives the app-server in process, as `codex exec` does, for the TUI: starts
// threads and turns, turns notifications into transcript updates once per
// frame, and holds approval requests until the user answers them. The view
// only reads `state` and calls the actions here.
import type {
  AskForApproval,
  CommandExecutionApprovalDecision,
  ListMcpServerStatusResponse,
  McpServerElicitationRequestParams,
  McpServerElicitationRequestResponse,
  ReasoningEffort,
  ServerNotification,
  ServerNotificationParams,
  ServerNotificationMethod,
  ServerRequestParams,
  ServerRequestResult,
  ServerRequestMethod,
  SandboxMode,
  SandboxPolicyWire,
  ClientRequestParams,
  ClientRequestResult,
  Thread,
  ThreadItem,
  ThreadStartResponse,
  UserInput,
} from '../../shared/protocol/types.js';
import { sandboxModeOf } from '../../shared/protocol/sandboxMode.js';
import { NO_ACTIVE_TURN_TO_INTERRUPT } from '../../shared/protocol/types.js';
import type { MessageHistory } from './messageHistory.js';
import type { TrustChoice, TrustPrompt } from './trustPrompt.js';
import { displayCommand } from './cellLines.js';
import { addDiff, addNotice, emptyTranscript, putItem, reduceAll, transcriptFromTurns, type Transcript } from './transcript.js';
import { PickerFileSearch } from '../../shared/pickerFileSearch.js';

/** Threads asked for at a time: a screenful or two, so the list opens at once however many are saved. */
const THREAD_PAGE = 100;

export interface ThreadPage {
  data: Thread[];
  nextCursor: string | null;
}

/** The part of the core's AppServer the TUI uses (main/core/server/appServer.ts). */
export interface AppServerLike {
  handle(method: string, params: unknown): Promise<unknown>;
  shutdown(): Promise<void>;
}

/** What the TUI asks the core to construct: the host it notifies and asks. */
export interface TuiHost {
  notify<M extends ServerNotificationMethod>(method: M, params: ServerNotificationParams<M>): void;
  request<M extends ServerRequestMethod>(method: M, params: ServerRequestParams<M>): Promise<ServerRequestResult<M>>;
  requestMcpElicitation(params: McpServerElicitationRequestParams): Promise<McpServerElicitationRequestResponse>;
}

export type ApprovalChoice = 'accept' | 'acceptForSession' | 'decline';

export type PendingApproval =
  | { id: number; kind: 'command'; threadId: string; turnId: string; command: string; cwd: string; reason: string | null }
  | { id: number; kind: 'patch'; threadId: string; turnId: string; reason: string | null; files: string[] }
  | { id: number; kind: 'mcp'; threadId: string; turnId: string | null; message: string; server: string; sessionOffered: boolean };

export interface SessionSettings {
  model: string;
  effort: string | null;
  cwd: string;
  /** The policy's name as the status line shows it ("granular" for Codex's granular policy). */
  approvalPolicy: string;
  sandbox: string;
  threadId: string;
}

export interface SessionState {
  transcript: Transcript;
  approvals: PendingApproval[];
  /** null until the first thread started. */
  settings: SessionSettings | null;
  /** Why the session could not start, if it could not. */
  fatal: string | null;
  /** Messages queued with Tab while a turn ran: each is sent when the turn before it completes. */
  queued: string[];
  /** The folder-trust question, while it is asked (before the first thread). */
  trust?: TrustPrompt | null;
}

/** Longest a notification waits before it is drawn: streaming is coalesced to about 60 frames a second. */
const FRAME_MS = 16;

export class TuiSession {
  /** `launchCwd`: the directory `codex` was started for (lists its sessions before a thread exists). */
  constructor(readonly launchCwd?: string) {}

  state: SessionState = { transcript: emptyTranscript(), approvals: [], settings: null, fatal: null, queued: [] };
  private readonly listeners = new Set<() => void>();
  private queue: ServerNotification[] = [];
  private frame: ReturnType<typeof setTimeout> | null = null;
  private nextApprovalId = 1;
  private readonly answers = new Map<number, (choice: ApprovalChoice) => void>();
  private server: AppServerLike | undefined;
  /** Told when the user's attention is wanted (a turn finished, an approval is asked): notifications.ts. */
  onAttention: ((kind: 'agent-turn-complete' | 'approval-requested', message: string) => void) | null = null;
  /** Told when the terminal reports it gained or lost focus. */
  onFocus: ((focused: boolean) => void) | null = null;
  /** A turn/start is on its way and its turn/started not drawn yet. */
  private starting = false;
  private attached: () => void = () => undefined;
  /** Resolves once the core is loaded and attached. */
  readonly whenAttached = new Promise<void>((resolve) => (this.attached = resolve));
  /** CODEX_HOME/history.jsonl, once the config is read: prompts sent are saved there. */
  private history: MessageHistory | null = null;
  private savedLoaded: (prompts: string[]) => void = () => undefined;
  /** The prompts of earlier sessions (history.jsonl), oldest first, once read. */
  readonly savedPrompts = new Promise<string[]>((resolve) => (this.savedLoaded = resolve));
  /** Permissions picked with /permissions, sent with every turn from then on. */
  private permissions: { approvalPolicy: AskForApproval; sandboxPolicy: SandboxPolicyWire } | null = null;

  /** The open @ picker's file search, and who hears the matches of its latest query. */
  private mentionSearch: { cwd: string; search: PickerFileSearch; listener: { query: string; onPaths: (paths: string[]) => void } | null } | null = null;
  private mentionSearches = 0;

  /** The host the AppServer is built with: its events come back here. */
  readonly host: TuiHost = {
    notify: (method, params) => {
      const n = { method, params } as ServerNotification;
      // The @ picker's matches answer the picker, not the transcript.
      if (n.method === 'fuzzyFileSearch/sessionUpdated' || n.method === 'fuzzyFileSearch/sessionCompleted') this.mentionSearch?.search.notified(n);
      else this.enqueue(n);
    },
    request: (method, params) => this.ask(method, params),
    requestMcpElicitation: (params) => this.askMcp(params),
  };

  attach(server: AppServerLike): void {
    this.server = server;
    this.attached();
  }

  private trustAnswer: ((choice: TrustChoice) => void) | null = null;
  /** thread/warning of threads not shown (yet): the one being started claims its own in adopt(). */
  private unclaimedWarnings: ServerNotification[] = [];

  /** Shows the folder-trust question until it is answered (or shows it again with an error). */
  askTrust(prompt: TrustPrompt): Promise<TrustChoice> {
    this.set({ trust: prompt });
    return new Promise((resolve) => (this.trustAnswer = resolve));
  }

  /** A key moved the highlight, or the question was answered (it then goes away). */
  updateTrust(next: TrustPrompt | TrustChoice): void {
    if (typeof next !== 'string') return this.set({ trust: next });
    const answer = this.trustAnswer;
    this.trustAnswer = null;
    this.set({ trust: null });
    answer?.(next);
  }

  /** Starts saving prompts to `history` and hands its earlier prompts to the composer. */
  useHistory(history: MessageHistory): void {
    this.history = history;
    let saved: string[] = [];
    try {
      saved = history.load();
    } catch (err) {
      this.notice('warning', [`⚠ Could not read ${history.file}: ${(err as Error).message}`]);
    }
    this.savedLoaded(saved);
  }

  /** A prompt or `!command` as sent to the thread goes to history.jsonl (slash commands do not, as in Codex). */
  recordPrompt(text: string): void {
    const threadId = this.state.settings?.threadId;
    if (!this.history || !threadId) return;
    try {
      this.history.append(text, threadId);
    } catch (err) {
      this.notice('warning', [`⚠ Could not save the prompt to ${this.history.file}: ${(err as Error).message}`]);
    }
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getState = (): SessionState => this.state;

  private set(next: Partial<SessionState>): void {
    this.state = { ...this.state, ...next };
    for (const fn of this.listeners) fn();
  }

  private enqueue(n: ServerNotification): void {
    this.queue.push(n);
    // One timer while events are pending, none while idle.
    if (this.frame === null) this.frame = setTimeout(this.flush, FRAME_MS);
  }

  /** Applies what is queued (also before actions that read the transcript). */
  flush = (): void => {
    if (this.frame !== null) clearTimeout(this.frame);
    this.frame = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const threadId = this.state.settings?.threadId;
    // Events of a thread left behind by /new are not drawn.
    const mine = batch.filter((n) => !('threadId' in n.params) || n.params.threadId === null || n.params.threadId === threadId);
    // Warnings of a thread still starting (config notices come before thread/start answers) wait for it.
    for (const n of batch) if (n.method === 'thread/warning' && !mine.includes(n)) this.unclaimedWarnings = [...this.unclaimedWarnings.slice(-19), n];
    let approvals = this.state.approvals;
    let completed = false;
    for (const n of mine) {
      if (n.method === 'turn/started') this.starting = false;
      if (n.method !== 'turn/completed') continue;
      approvals = this.settleTurn(approvals, n.params.turn.id);
      completed = true;
    }
    this.set({ transcript: reduceAll(this.state.transcript, mine), approvals });
    for (const n of mine)
      if (n.method === 'turn/completed' && n.params.turn.status === 'completed')
        this.onAttention?.('agent-turn-complete', this.lastAnswer() ?? 'Agent turn complete');
    if (completed && this.state.transcript.turnId === null) this.sendQueued();
  };

  private lastAnswer(): string | undefined {
    for (let i = this.state.transcript.cells.length - 1; i >= 0; i--) {
      const c = this.state.transcript.cells[i]!;
      if (c.kind === 'item' && c.item.type === 'agentMessage' && c.item.text.trim()) return c.item.text;
      if (c.kind === 'item' && c.item.type === 'userMessage') return undefined;
    }
    return undefined;
  }

  /** Tab while a turn runs: the message waits for the turn to complete (as Codex's TUI queues it). */
  queueMessage(text: string): void {
    this.set({ queued: [...this.state.queued, text] });
    // The turn may have ended in the meantime.
    this.flush();
    this.sendQueued();
  }

  /** Sends the next queued message, unless a turn runs or is being started. */
  private sendQueued(): void {
    const [next, ...rest] = this.state.queued;
    if (next === undefined || this.state.transcript.turnId !== null || this.starting) return;
    this.set({ queued: rest });
    this.recordPrompt(next);
    this.send(next).catch((err: unknown) => this.notice('error', [`■ ${(err as Error)?.message ?? String(err)}`]));
  }

  notice(tone: 'info' | 'warning' | 'error', lines: string[]): void {
    this.flush();
    this.set({ transcript: addNotice(this.state.transcript, tone, lines) });
  }

  showItem(item: ThreadItem, done: boolean): void {
    this.flush();
    this.set({ transcript: putItem(this.state.transcript, item, done) });
  }

  showDiff(title: string, diff: string): void {
    this.flush();
    this.set({ transcript: addDiff(this.state.transcript, title, diff) });
  }

  private requireServer(): AppServerLike {
    if (!this.server) throw new Error('the session is not started yet');
    return this.server;
  }

  /** thread/start; the settings the status line shows come from its answer. */
  async startThread(): Promise<void> {
    this.adopt((await this.requireServer().handle('thread/start', {})) as ThreadStartResponse, emptyTranscript());
  }

  /** Shows a started, resumed or forked thread: its settings, and its earlier turns. */
  private adopt(started: ThreadStartResponse, transcript: Transcript): void {
    this.flush();
    this.permissions = null;
    this.set({
      transcript,
      settings: {
        model: started.model,
        effort: started.reasoningEffort,
        cwd: started.cwd,
        approvalPolicy: typeof started.approvalPolicy === 'string' ? started.approvalPolicy : 'granular',
        sandbox: sandboxModeOf(started.sandbox),
        threadId: started.thread.id,
      },
    });
    const claimed = this.unclaimedWarnings.filter((n) => n.method === 'thread/warning' && n.params.threadId === started.thread.id);
    this.unclaimedWarnings = [];
    if (claimed.length) this.set({ transcript: reduceAll(this.state.transcript, claimed) });
  }

  /** Leaves the current thread (its pending approvals declined, its commands and rollout closed). */
  private async leaveThread(): Promise<void> {
    const old = this.state.settings?.threadId;
    this.flush();
    for (const a of this.state.approvals) this.answers.get(a.id)?.('decline');
    this.set({ transcript: emptyTranscript(), approvals: [] });
    if (old) await this.requireServer().handle('thread/unsubscribe', { threadId: old });
  }

  /** /resume: the saved thread's turns are shown and the next prompt continues it. */
  async resumeThread(threadId: string): Promise<void> {
    const started = (await this.requireServer().handle('thread/resume', { threadId })) as ThreadStartResponse;
    if (this.state.settings && this.state.settings.threadId !== threadId) await this.leaveThread();
    this.adopt(started, transcriptFromTurns(started.thread.turns));
  }

  /** /fork: a copy of this thread, which the next prompt continues; the original is left as it was. */
  async forkThread(): Promise<string> {
    const s = this.state.settings;
    if (!s) throw new Error('the session is not started yet');
    const forked = (await this.requireServer().handle('thread/fork', { threadId: s.threadId })) as ThreadStartResponse;
    await this.leaveThread();
    this.adopt(forked, transcriptFromTurns(forked.thread.turns));
    return forked.thread.id;
  }

  /** /compact: the core summarizes the history as a turn of its own. */
  async compact(): Promise<void> {
    const s = this.state.settings;
    if (!s) throw new Error('the session is not started yet');
    await this.requireServer().handle('thread/compact/start', { threadId: s.threadId });
  }

  /** /review: the chosen changes reviewed as a turn of this thread (review/start, inline as Codex's TUI does). */
  async startReview(target: ClientRequestParams<'review/start'>['target']): Promise<void> {
    const s = this.state.settings;
    if (!s) throw new Error('the session is not started yet');
    this.starting = true;
    try {
      await this.requireServer().handle('review/start', { threadId: s.threadId, target });
    } catch (err) {
      this.starting = false;
      throw err;
    }
  }

  /** One page of saved threads of this directory (all directories with `all`), newest first; `searchTerm` asks the server's search. */
  async threadPage(opts: { all: boolean; cursor?: string | null; searchTerm?: string; limit?: number }): Promise<ThreadPage> {
    const cwd = this.state.settings?.cwd ?? this.launchCwd;
    const page = (await this.requireServer().handle('thread/list', {
      cursor: opts.cursor ?? null,
      limit: opts.limit ?? THREAD_PAGE,
      ...(opts.all || !cwd ? {} : { cwd }),
      ...(opts.searchTerm ? { searchTerm: opts.searchTerm } : {}),
    })) as ClientRequestResult<'thread/list'>;
    return { data: page.data, nextCursor: page.nextCursor };
  }

  async mcpServers(): Promise<ListMcpServerStatusResponse['data']> {
    const r = (await this.requireServer().handle('mcpServerStatus/list', {})) as ListMcpServerStatusResponse;
    return r.data;
  }

  /** /permissions: the approval policy and sandbox of the next turns. */
  setPermissions(approvalPolicy: AskForApproval, sandbox: SandboxMode): void {
    const s = this.state.settings;
    if (!s) return;
    const sandboxPolicy: SandboxPolicyWire =
      sandbox === 'danger-full-access'
        ? { type: 'dangerFullAccess' }
        : sandbox === 'read-only'
          ? { type: 'readOnly', networkAccess: false }
          : { type: 'workspaceWrite', writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: false };
    this.permissions = { approvalPolicy, sandboxPolicy };
    this.set({ settings: { ...s, approvalPolicy, sandbox } });
  }

  /** /new: closes the current thread (its commands and rollout) and starts another. */
  async newThread(): Promise<void> {
    await this.leaveThread();
    await this.startThread();
  }

  /** turn/start with the prompt, and the model/effort picked with /model. */
  async send(text: string, images: string[] = []): Promise<void> {
    const s = this.state.settings;
    if (!s) throw new Error('the session is not started yet');
    const input: UserInput[] = [{ type: 'text', text }, ...images.map((path): UserInput => ({ type: 'localImage', path }))];
    this.starting = true;
    try {
      await this.requireServer().handle('turn/start', { threadId: s.threadId, input, model: s.model, effort: s.effort, ...this.permissions });
    } catch (err) {
      this.starting = false;
      throw err;
    }
  }

  /**
   * Adds `text` to the running turn (turn/steer), as Codex's TUI does on Enter;
   * false when no turn runs any more (the caller then starts one).
   */
  async steer(text: string): Promise<boolean> {
    this.flush();
    const s = this.state.settings;
    const turnId = this.state.transcript.turnId;
    if (!s || !turnId) return false;
    try {
      await this.requireServer().handle('turn/steer', { threadId: s.threadId, input: [{ type: 'text', text }], expectedTurnId: turnId });
      return true;
    } catch {
      return false; // the turn ended meanwhile
    }
  }

  /**
   * Paths under `cwd` matching an @ mention, from the picker's search session
   * (one per open picker; PickerFileSearch falls back to one-shot
   * fuzzyFileSearch on a server without sessions), told to `onPaths` each time
   * they change: on a tree still being listed the matches so far come first,
   * then the final ones. None for an empty query; a query typed over is heard no more.
   */
  searchFiles(query: string, cwd: string, onPaths: (paths: string[]) => void): void {
    if (this.mentionSearch?.cwd !== cwd) {
      this.endFileSearch();
      const mention: NonNullable<typeof this.mentionSearch> = {
        cwd,
        listener: null,
        search: new PickerFileSearch(
          async (method, params) => this.requireServer().handle(method, params),
          `tui-mention-${++this.mentionSearches}`,
          [cwd],
          (q, files) => {
            if (mention.listener?.query === q) mention.listener.onPaths(files.map((f) => f.path));
          },
        ),
      };
      this.mentionSearch = mention;
    }
    this.mentionSearch.listener = { query, onPaths };
    this.mentionSearch.search.search(query);
  }

  /** The @ mention is gone (sent, deleted, cursor moved off it): its search session stops. */
  endFileSearch(): void {
    const m = this.mentionSearch;
    if (!m) return;
    this.mentionSearch = null;
    m.listener = null;
    m.search.close();
  }

  /** `!cmd`: runs in the thread's folder through thread/shellCommand, so the model sees it too. */
  async shellCommand(command: string): Promise<void> {
    const s = this.state.settings;
    if (!s) throw new Error('the session is not started yet');
    await this.requireServer().handle('thread/shellCommand', { threadId: s.threadId, command });
  }

  setModel(model: string, effort: ReasoningEffort | null | undefined): void {
    const s = this.state.settings;
    if (!s) return;
    this.set({ settings: { ...s, model, effort: effort === undefined ? s.effort : effort } });
  }

  running(): boolean {
    this.flush();
    return this.state.transcript.turnId !== null;
  }

  async interrupt(): Promise<void> {
    this.flush();
    const s = this.state.settings;
    const turnId = this.state.transcript.turnId;
    if (!s || !turnId) return;
    try {
      await this.requireServer().handle('turn/interrupt', { threadId: s.threadId, turnId });
    } catch (err) {
      // The turn ended on its own between the key press and the request: nothing left to stop.
      if (!(err instanceof Error && err.message === NO_ACTIVE_TURN_TO_INTERRUPT)) throw err;
    }
  }

  answer(id: number, choice: ApprovalChoice): void {
    const resolve = this.answers.get(id);
    if (!resolve) return;
    resolve(choice);
  }

  private settleTurn(approvals: PendingApproval[], turnId: string): PendingApproval[] {
    // The core already ended these (the turn is over): nothing may approve them late.
    const ended = approvals.filter((a) => a.turnId === turnId);
    for (const a of ended) this.answers.delete(a.id);
    return approvals.filter((a) => a.turnId !== turnId);
  }

  private waitForAnswer(approval: PendingApproval): Promise<ApprovalChoice> {
    this.flush();
    return new Promise((resolve) => {
      this.answers.set(approval.id, (choice) => {
        this.answers.delete(approval.id);
        this.set({ approvals: this.state.approvals.filter((a) => a.id !== approval.id) });
        resolve(choice);
      });
      this.set({ approvals: [...this.state.approvals, approval] });
      const what =
        approval.kind === 'command'
          ? `Approval requested: ${displayCommand(approval.command)}`
          : approval.kind === 'patch'
            ? `Codex wants to edit ${approval.files.length === 1 ? approval.files[0] : `${approval.files.length} files`}`
            : `Approval requested by ${approval.server}: ${approval.message}`;
      this.onAttention?.('approval-requested', what);
    });
  }

  private async ask<M extends ServerRequestMethod>(method: M, params: ServerRequestParams<M>): Promise<ServerRequestResult<M>> {
    const id = this.nextApprovalId++;
    if (method === 'item/commandExecution/requestApproval') {
      const p = params as ServerRequestParams<'item/commandExecution/requestApproval'>;
      const choice = await this.waitForAnswer({
        id,
        kind: 'command',
        threadId: p.threadId,
        turnId: p.turnId,
        command: p.command,
        cwd: p.cwd,
        reason: p.reason,
      });
      const decision: CommandExecutionApprovalDecision = choice;
      return { decision } as ServerRequestResult<M>;
    }
    if (method === 'item/fileChange/requestApproval') {
      const p = params as ServerRequestParams<'item/fileChange/requestApproval'>;
      const choice = await this.waitForAnswer({
        id,
        kind: 'patch',
        threadId: p.threadId,
        turnId: p.turnId,
        reason: p.reason,
        files: p.changes.map((c) => c.path),
      });
      return { decision: choice } as ServerRequestResult<M>;
    }
    if (method === 'mcpServer/elicitation/request') return (await this.askMcp(params as McpServerElicitationRequestParams)) as ServerRequestResult<M>;
    throw new Error(`the terminal UI cannot answer ${method}`);
  }

  private async askMcp(p: McpServerElicitationRequestParams): Promise<McpServerElicitationRequestResponse> {
    const sessionOffered = Boolean(p._meta?.persist?.includes('session'));
    const choice = await this.waitForAnswer({
      id: this.nextApprovalId++,
      kind: 'mcp',
      threadId: p.threadId,
      turnId: p.turnId,
      message: p.message,
      server: p.serverName,
      sessionOffered,
    });
    if (choice === 'decline') return { action: 'decline', content: null, _meta: null };
    return { action: 'accept', content: null, _meta: choice === 'acceptForSession' && sessionOffered ? { persist: 'session' } : null };
  }

  async shutdown(): Promise<void> {
    for (const a of this.state.approvals) this.answers.get(a.id)?.('decline');
    if (this.frame !== null) clearTimeout(this.frame);
    this.frame = null;
    await this.server?.shutdown();
  }
}
