// One zustand store for the whole renderer, fed by core notifications.
import { create } from 'zustand';
import type {
  AskForApproval,
  SandboxMode,
  Thread,
  ThreadItem,
  ThreadStartResponse,
  ThreadTokenUsage,
  McpServerStatus,
  ServerRequestMethod,
  ServerRequestResult,
  Turn,
  TurnPlanStep,
  UserInput,
} from '../../shared/protocol/types.js';
import { NO_ACTIVE_TURN_TO_INTERRUPT } from '../../shared/protocol/types.js';
import type { NotificationPayload, ServerRequestPayload } from '../../shared/ipc/api.js';
import { buildInput, buildTurnStart, settingsFromResponse, type TurnSettings } from './turnOptions.js';
import { changedEdits, settingsFromConfig, userVersion, type SettingsValues } from './settingsModel.js';
import { neighbourThread } from './shortcuts.js';
import { filterThreads, withSearchHits } from './search.js';
import { boardOfState, boardOrder } from './board.js';
import { startViewReport } from './viewReport.js';
import { frameBatch } from './frameBatch.js';
import type { ListedModel } from './modelPicker.js';
import { forgetThread, loadActivity, markRead, saveActivity, turnEnded, turnStarted, type ActivityMap } from './activity.js';
import { applyStartupUpdate, patchListedStatus, type McpStartupByThread } from './mcpServers.js';
import { formatKeyPath } from '../../shared/protocol/configKeyPath.js';
import { applyItemDelta, itemForDelta } from '../../shared/protocol/itemDeltas.js';
import { queuedMessage, shouldStartQueued, type QueuedMessage } from './followUps.js';

export interface ThreadView {
  id: string;
  cwd: string;
  model: string | null;
  items: ThreadItem[];
  /** The running turn, if any. */
  turnId: string | null;
  plan: TurnPlanStep[] | null;
  planExplanation: string | null;
  /** Last turn failure or transient retry notice. */
  notice: string | null;
  /** The last finished turn: its completion may overtake the turn/start reply. */
  lastCompletedTurnId: string | null;
  /** The queue waits for "Start now": the user interrupted the last turn, or a queued start was refused. */
  queuePaused: boolean;
  /** Follow-ups waiting for the running turn to end (Tab in the composer). */
  queued: QueuedMessage[];
  /** What the core runs the next turn with. */
  settings: TurnSettings;
  /** What the composer's pickers show (sent as overrides where they differ). */
  picked: TurnSettings;
  tokenUsage: ThreadTokenUsage | null;
  /** Where the thread's commands run ("local" or an exec-server environment id). */
  environmentId: string;
  /** Connection of a remote environment: unknown until the first command connects. */
  environmentState: 'local' | 'unknown' | 'connected' | 'disconnected';
  /** The turn each item belongs to (fork from here, edit last message). */
  turnOfItem: Record<string, string>;
}

export interface Attachment {
  id: string;
  name: string;
  /** data: URL */
  url: string;
}

export type Theme = 'system' | 'light' | 'dark';
export type DiffMode = 'unified' | 'split';

export interface SettingsPanel {
  open: boolean;
  /** what config.toml holds (null until read) */
  saved: SettingsValues | null;
  draft: SettingsValues | null;
  version: string | null;
  status: string | null;
}

/** The Settings panel's MCP server list. */
export interface McpPanel {
  /** null until listed */
  servers: McpServerStatus[] | null;
  /** The thread whose running servers are listed; null = started from config.toml just to list them. */
  threadId: string | null;
  loading: boolean;
  status: string | null;
}

export interface State {
  threads: Thread[];
  /** thread/list's cursor past the threads listed: null when the sidebar has them all. */
  threadsCursor: string | null;
  /** Threads the server found for `term` beyond those listed (threadHistory.ts). */
  searchHits: { term: string; threads: Thread[] } | null;
  activeId: string | null;
  views: Record<string, ThreadView>;
  approvals: ServerRequestPayload[];
  error: string | null;
  /** The user's home, for `~` paths. */
  homeDir: string | null;
  search: string;
  /** The new thread's options (the project picker's); `where` worktree starts it in a new worktree from `base` (empty: HEAD). */
  draft: { cwd: string; sandbox: SandboxMode; approvalPolicy: AskForApproval; where?: 'local' | 'worktree'; base?: string };
  attachments: Attachment[];
  settings: SettingsPanel;
  mcpPanel: McpPanel;
  /** Each thread's MCP servers as they start, fail or die. */
  mcpStartup: McpStartupByThread;
  paletteOpen: boolean;
  /** The New-thread project picker is showing. */
  pickerOpen: boolean;
  /** Folders threads were started in, newest first, as the host remembers them. */
  recentProjects: string[];
  theme: Theme;
  diffMode: DiffMode;
  /** A short message at the bottom of the window, with an optional action (Undo). */
  toast: Toast | null;
  /** The thread whose deletion waits for the user's yes. */
  confirmDelete: string | null;
  /** The thread being renamed inline, and where (its sidebar row or the conversation header). */
  renaming: { threadId: string; place: 'sidebar' | 'header' } | null;
  /** Every thread's turns as the board needs them (activity.ts). */
  activity: ActivityMap;
  /** model/list's models for the pickers (null until listed). */
  models: ListedModel[] | null;
  /** Text put into the composer from outside (edit last message); `seq` makes each fill distinct. */
  composerFill: { threadId: string; text: string; seq: number } | null;
}

export interface Toast {
  text: string;
  action?: { label: string; run: () => void | Promise<void> };
}

function initialTheme(): Theme {
  try {
    const t = globalThis.localStorage?.getItem('codex.theme');
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

export const useStore = create<State>(() => ({
  threads: [],
  threadsCursor: null,
  searchHits: null,
  activeId: null,
  views: {},
  approvals: [],
  error: null,
  homeDir: null,
  search: '',
  draft: { cwd: '', sandbox: 'workspace-write', approvalPolicy: 'on-request' },
  attachments: [],
  settings: { open: false, saved: null, draft: null, version: null, status: null },
  mcpPanel: { servers: null, threadId: null, loading: false, status: null },
  mcpStartup: {},
  paletteOpen: false,
  pickerOpen: false,
  recentProjects: [],
  theme: initialTheme(),
  diffMode: 'unified',
  toast: null,
  confirmDelete: null,
  renaming: null,
  composerFill: null,
  activity: loadActivity(),
  models: null,
}));

const api = () => window.codex;

export function viewFromResponse(r: ThreadStartResponse, turns: Turn[] = r.thread.turns): ThreadView {
  const settings = settingsFromResponse(r);
  return {
    id: r.thread.id,
    cwd: r.cwd,
    model: r.model,
    items: turns.flatMap((t) => t.items),
    turnId: null,
    plan: null,
    planExplanation: null,
    notice: null,
    lastCompletedTurnId: null,
    queuePaused: false,
    queued: [],
    settings,
    picked: settings,
    tokenUsage: null,
    environmentId: r.thread.environmentId ?? 'local',
    environmentState: (r.thread.environmentId ?? 'local') === 'local' ? 'local' : 'unknown',
    turnOfItem: turnIndex(turns),
  };
}

function turnIndex(turns: Turn[]): Record<string, string> {
  const index: Record<string, string> = {};
  for (const t of turns) for (const item of t.items) index[item.id] = t.id;
  return index;
}

function upsert(items: ThreadItem[], item: ThreadItem): ThreadItem[] {
  // Newest items are at the end: search backwards (long threads, streaming).
  for (let i = items.length - 1; i >= 0; i--) {
    if (items[i]!.id === item.id) {
      const next = items.slice();
      next[i] = item;
      return next;
    }
  }
  return [...items, item];
}

function patch(items: ThreadItem[], id: string, make: () => ThreadItem, change: (item: ThreadItem) => ThreadItem): ThreadItem[] {
  for (let i = items.length - 1; i >= 0; i--) {
    if (items[i]!.id === id) {
      const next = items.slice();
      next[i] = change(items[i]!);
      return next;
    }
  }
  return [...items, change(make())];
}

/** Pure: the state after a run of notifications, in order. */
export function reduceAll(state: State, ns: readonly NotificationPayload[]): Partial<State> {
  let next = state;
  for (const n of coalesceDeltas(ns)) next = { ...next, ...reduce(next, n) };
  return next;
}

/** Streamed text deltas: each notification that appends to the same place. */
const APPENDING = new Set(['item/agentMessage/delta', 'item/commandExecution/outputDelta', 'item/reasoning/summaryTextDelta']);

/**
 * Joins runs of deltas that append to the same item (and summary part) into one,
 * so a frame holding hundreds of deltas copies the item list once, not hundreds of times.
 */
export function coalesceDeltas(ns: readonly NotificationPayload[]): NotificationPayload[] {
  const out: NotificationPayload[] = [];
  for (const n of ns) {
    const prev = out.at(-1);
    if (prev && APPENDING.has(n.method) && prev.method === n.method) {
      const a = prev.params as { threadId: string; itemId: string; delta: string; summaryIndex?: number };
      const b = n.params as typeof a;
      if (a.threadId === b.threadId && a.itemId === b.itemId && a.summaryIndex === b.summaryIndex) {
        out[out.length - 1] = { ...prev, params: { ...a, delta: a.delta + b.delta } } as NotificationPayload;
        continue;
      }
    }
    out.push(n);
  }
  return out;
}

/** Pure: the state after one notification. */
export function reduce(state: State, n: NotificationPayload): Partial<State> {
  if (n.method === 'thread/started') {
    const t = n.params.thread;
    return { threads: [t, ...state.threads.filter((x) => x.id !== t.id)] };
  }
  if (n.method === 'thread/warning') return { error: n.params.message };
  if (n.method === 'thread/name/updated') {
    const { threadId, threadName } = n.params;
    return { threads: state.threads.map((t) => (t.id === threadId ? { ...t, name: threadName ?? null } : t)) };
  }
  // Archived or deleted (here or by another client): the thread leaves the list and the view.
  if (n.method === 'thread/archived' || n.method === 'thread/deleted') return withoutThread(state, n.params.threadId);
  // Answered elsewhere (a notification's Approve, another window): the prompt goes.
  if (n.method === 'serverRequest/resolved') return { approvals: state.approvals.filter((a) => a.id !== String(n.params.requestId)) };
  if (n.method === 'mcpServer/startupStatus/updated') {
    const p = state.mcpPanel;
    const listed = p.servers && p.threadId === n.params.threadId ? { mcpPanel: { ...p, servers: patchListedStatus(p.servers, n.params) } } : {};
    return { mcpStartup: applyStartupUpdate(state.mcpStartup, n.params), ...listed };
  }
  // Sign-in notifications belong to no thread: account.ts handles them.
  if (n.method === 'account/login/completed' || n.method === 'account/updated') return {};
  // Terminal output belongs to the terminal panel (terminals.ts), not to a conversation.
  if (n.method === 'command/exec/outputDelta') return {};
  // File search sessions answer a picker, not a thread.
  if (n.method === 'fuzzyFileSearch/sessionUpdated' || n.method === 'fuzzyFileSearch/sessionCompleted') return {};
  // Worktree notifications name a worktree, not a thread: the worktree panel reads them itself.
  if (
    n.method === 'worktree/created' ||
    n.method === 'worktree/setup/outputDelta' ||
    n.method === 'worktree/setup/completed' ||
    n.method === 'worktree/removed'
  )
    return {};
  const threadId = n.params.threadId;
  if (!threadId) return {};
  // The board follows every thread's turns, opened here or not.
  const activity =
    n.method === 'turn/started'
      ? turnStarted(state.activity, threadId)
      : n.method === 'turn/completed'
        ? turnEnded(
            state.activity,
            threadId,
            n.params.turn.status === 'inProgress' ? null : n.params.turn.status,
            state.activeId === threadId && windowFocused(),
          )
        : null;
  const view = state.views[threadId];
  if (!view) return activity ? { activity } : {};
  const set = (v: Partial<ThreadView>): Partial<State> => ({ views: { ...state.views, [threadId]: { ...view, ...v } } });
  switch (n.method) {
    case 'turn/started':
      return { ...set({ turnId: n.params.turn.id, notice: null, plan: null, planExplanation: null }), activity: activity ?? state.activity };
    case 'turn/completed': {
      const t = n.params.turn;
      const notice = t.status === 'failed' ? `Turn failed: ${t.error?.message ?? 'unknown error'}` : t.status === 'interrupted' ? 'Turn interrupted' : null;
      return { ...set({ turnId: null, notice, lastCompletedTurnId: t.id, queuePaused: t.status === 'interrupted' }), activity: activity ?? state.activity };
    }
    case 'item/started':
    case 'item/completed':
      return set({
        items: upsert(view.items, n.params.item),
        turnOfItem: view.turnOfItem[n.params.item.id] ? view.turnOfItem : { ...view.turnOfItem, [n.params.item.id]: n.params.turnId },
      });
    case 'item/agentMessage/delta':
    case 'item/reasoning/summaryTextDelta':
    case 'item/commandExecution/outputDelta':
      return set({
        items: patch(
          view.items,
          n.params.itemId,
          () => itemForDelta(n, view.cwd),
          (it) => applyItemDelta(it, n),
        ),
      });
    case 'turn/plan/updated':
      return set({ plan: n.params.plan, planExplanation: n.params.explanation });
    case 'thread/tokenUsage/updated':
      return set({ tokenUsage: n.params.tokenUsage });
    case 'thread/environment/connected':
      return set({ environmentId: n.params.environmentId, environmentState: 'connected' });
    case 'thread/environment/disconnected':
      return set({ environmentId: n.params.environmentId, environmentState: 'disconnected' });
    case 'error':
      return set({ notice: n.params.error.message });
    default:
      return {};
  }
}

function windowFocused(): boolean {
  return typeof document === 'undefined' || document.hasFocus();
}

/** The state without a thread: out of the list, its view and approvals dropped, out of view if shown. */
export function withoutThread(state: State, threadId: string): Partial<State> {
  const { [threadId]: _gone, ...views } = state.views;
  return {
    threads: state.threads.filter((t) => t.id !== threadId),
    views,
    activity: forgetThread(state.activity, threadId),
    activeId: state.activeId === threadId ? null : state.activeId,
    renaming: state.renaming?.threadId === threadId ? null : state.renaming,
  };
}

export function connect(): () => void {
  // One store update per frame for however many notifications arrived in it.
  const batch = frameBatch<NotificationPayload>((ns) => {
    useStore.setState((s) => reduceAll(s, ns));
    startQueuedFollowUps();
  });
  const offN = api().onNotification((n) => batch.push(n));
  const offR = api().onServerRequest((r) => useStore.setState((s) => ({ approvals: [...s.approvals.filter((a) => a.id !== r.id), r] })));
  // A notification or tray click: show that thread (resuming it if this window has not loaded it).
  const offOpen = api().onOpenThread(({ threadId }) => void openThread(threadId));
  // Sessions made elsewhere (the CLI, another window) show up when the user comes back.
  const onFocus = () => {
    markActiveRead();
    void refreshThreads();
  };
  window.addEventListener('focus', onFocus);
  // Unread and failed marks survive a reload of the window.
  const offActivity = useStore.subscribe((s, prev) => {
    if (s.activity !== prev.activity) saveActivity(s.activity);
  });
  const offView = startViewReport({
    activeId: () => useStore.getState().activeId,
    onStoreChange: (cb) => useStore.subscribe(cb),
    send: (view) => api().setView(view),
  });
  return () => {
    offN();
    batch.dispose();
    offR();
    offOpen();
    offView();
    offActivity();
    window.removeEventListener('focus', onFocus);
  };
}

/** The thread in view has been seen: it is no longer unread. */
function markActiveRead(): void {
  useStore.setState((s) => {
    const activity = s.activeId ? markRead(s.activity, s.activeId) : s.activity;
    return activity === s.activity ? {} : { activity };
  });
}

export async function guarded<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    const r = await fn();
    useStore.setState({ error: null });
    return r;
  } catch (err) {
    useStore.setState({ error: (err as Error).message });
    return undefined;
  }
}

export async function init(): Promise<void> {
  const r = await guarded(() => api().request('initialize', { clientInfo: { name: 'codex_desktop', version: '0.1.0' } }));
  if (r?.homeDir) useStore.setState({ homeDir: r.homeDir });
  await Promise.all([refreshThreads(), loadModels(), loadRecentProjects()]);
}

/** The host's recent projects; a host that keeps none (or fails) leaves the threads' folders. */
export async function loadRecentProjects(): Promise<void> {
  try {
    useStore.setState({ recentProjects: await api().recentProjects() });
  } catch {
    /* the sidebar and the picker fall back to the threads' folders */
  }
}

/** The models the pickers offer; without an answer they keep the built-in names. */
export async function loadModels(): Promise<void> {
  try {
    const r = await api().request('model/list', {});
    useStore.setState({ models: r.data });
  } catch {
    /* the pickers fall back to the built-in names */
  }
}

/** How many threads one thread/list page brings into the sidebar. */
export const THREAD_PAGE = 200;
/** thread/list's own maximum page. */
const MAX_THREAD_LIST = 1000;

/** Lists the newest threads again, as many as the sidebar showed (older pages the user opened stay open). */
export async function refreshThreads(): Promise<void> {
  const shown = useStore.getState().threads.length;
  const limit = Math.min(MAX_THREAD_LIST, Math.max(THREAD_PAGE, Math.ceil(shown / THREAD_PAGE) * THREAD_PAGE));
  const r = await guarded(() => api().request('thread/list', { limit }));
  if (!r) return;
  useStore.setState((s) => {
    // Keep live threads not yet written to a rollout (ephemeral or brand new).
    const listed = new Set(r.data.map((t) => t.id));
    return { threads: [...s.threads.filter((t) => !listed.has(t.id) && s.views[t.id]), ...r.data], threadsCursor: r.nextCursor };
  });
}

export function setDraft(d: Partial<State['draft']>): void {
  useStore.setState((s) => ({ draft: { ...s.draft, ...d } }));
}

export async function newThread(opts: State['draft'] = useStore.getState().draft): Promise<void> {
  const worktree = opts.where === 'worktree' ? { base: opts.base || null, name: null } : null;
  const r = await guarded(() =>
    api().request('thread/start', { cwd: opts.cwd.trim() || null, sandbox: opts.sandbox, approvalPolicy: opts.approvalPolicy, worktree }),
  );
  if (!r) return;
  useStore.setState((s) => ({
    activeId: r.thread.id,
    views: { ...s.views, [r.thread.id]: viewFromResponse(r) },
    threads: [r.thread, ...s.threads.filter((t) => t.id !== r.thread.id)],
    attachments: [],
    pickerOpen: false,
  }));
  // The host recorded the folder; read its list back rather than guess its rules.
  void loadRecentProjects();
}

/** A new thread in `cwd` with the options last chosen (a project's own New-thread button, the picker). */
export async function newThreadIn(cwd: string): Promise<void> {
  const { draft } = useStore.getState();
  // A branch of another repository is no base here.
  const base = draft.cwd === cwd ? draft.base : '';
  setDraft({ cwd, base });
  await newThread({ ...draft, cwd, base });
}

/** "Choose folder…": the OS picker (opening at `defaultPath`), then a thread there (nothing when cancelled). */
export async function newThreadInChosenFolder(defaultPath: string | null = null): Promise<void> {
  const path = await guarded(() => api().pickFolder(defaultPath));
  if (!path) return;
  await newThreadIn(path);
}

export function setPickerOpen(pickerOpen: boolean): void {
  useStore.setState({ pickerOpen, paletteOpen: false });
}

/** A link the model wrote: the host asks the user (naming the real host) before anything opens. */
export async function openModelLink(url: string, text: string): Promise<void> {
  await guarded(() => api().openLink(url, text));
}

/** Mod+N: a new thread in the folder last picked, else the active thread's; with neither, the project picker. */
export async function newThreadLikeActive(): Promise<void> {
  const { draft, activeId, views } = useStore.getState();
  const cwd = draft.cwd.trim() || (activeId ? views[activeId]?.cwd : '') || '';
  if (!cwd) return setPickerOpen(true);
  await newThread({ ...draft, cwd });
}

export async function openThread(id: string): Promise<void> {
  if (useStore.getState().views[id]) {
    useStore.setState((s) => ({ activeId: id, activity: markRead(s.activity, id) }));
    return;
  }
  const r = await guarded(() => api().request('thread/resume', { threadId: id }));
  if (!r) return;
  useStore.setState((s) => ({ activeId: id, views: { ...s.views, [id]: viewFromResponse(r) }, activity: markRead(s.activity, id) }));
}

/** Threads as the sidebar shows them: search applied, in the status board's order. */
export function visibleThreads(s: State): Thread[] {
  return boardOrder(boardOfState(s, filterThreads(withSearchHits(s.threads, s.searchHits, s.search), s.search, s.homeDir)));
}

export async function switchThread(step: 1 | -1): Promise<void> {
  const s = useStore.getState();
  const next = neighbourThread(
    visibleThreads(s).map((t) => t.id),
    s.activeId,
    step,
  );
  if (next && next !== s.activeId) await openThread(next);
}

export function pick(p: Partial<TurnSettings>): void {
  useStore.setState((s) => {
    const v = s.activeId ? s.views[s.activeId] : undefined;
    if (!v) return {};
    return { views: { ...s.views, [v.id]: { ...v, picked: { ...v.picked, ...p } } } };
  });
}

export function addAttachment(a: Attachment): void {
  useStore.setState((s) => ({ attachments: [...s.attachments, a] }));
}
export function removeAttachment(id: string): void {
  useStore.setState((s) => ({ attachments: s.attachments.filter((a) => a.id !== id) }));
}

export async function sendMessage(text: string): Promise<boolean> {
  const { activeId, views, attachments } = useStore.getState();
  const view = activeId ? views[activeId] : undefined;
  if (!activeId || !view || view.turnId) return false;
  const input = buildInput(text, attachments);
  if (!input.length) return false;
  const started = await startTurn(activeId, text, input);
  if (started) useStore.setState({ attachments: [] });
  return started;
}

/** turn/start on a thread, with the composer's picked settings as overrides. */
async function startTurn(threadId: string, text: string, input: UserInput[]): Promise<boolean> {
  const view = useStore.getState().views[threadId];
  if (!view) return false;
  const params = buildTurnStart(threadId, input, view.settings, view.picked);
  const r = await guarded(() => api().request('turn/start', params));
  if (!r) return false;
  useStore.setState((s) => {
    const v = s.views[threadId];
    // A new thread's sidebar entry shows its first message, as thread/list will.
    const threads = s.threads.map((t) => (t.id === threadId && !t.preview && text.trim() ? { ...t, preview: text } : t));
    if (!v) return { threads };
    // Per-turn overrides persist for later turns (as in Codex).
    const settings = { ...v.picked, model: v.picked.model.trim() || v.settings.model, effort: v.picked.effort ?? v.settings.effort };
    const running = v.turnId || v.lastCompletedTurnId === r.turn.id ? {} : { turnId: r.turn.id };
    return { threads, views: { ...s.views, [threadId]: { ...v, ...running, settings, model: settings.model } } };
  });
  return true;
}

/**
 * Enter while a turn runs: the message joins that turn (turn/steer) and reaches
 * the model with its next request. If the turn has just ended, it starts a new one.
 */
export async function steerMessage(text: string): Promise<boolean> {
  const { activeId, views, attachments } = useStore.getState();
  const view = activeId ? views[activeId] : undefined;
  if (!activeId || !view) return false;
  const input = buildInput(text, attachments);
  if (!input.length) return false;
  if (!view.turnId) return sendMessage(text);
  try {
    await api().request('turn/steer', { threadId: activeId, expectedTurnId: view.turnId, input });
  } catch (err) {
    if (useStore.getState().views[activeId]?.turnId) {
      useStore.setState({ error: (err as Error).message });
      return false;
    }
    return sendMessage(text); // the turn ended meanwhile
  }
  useStore.setState({ attachments: [], error: null });
  return true;
}

/**
 * `!cmd` in the composer: the core runs it in the thread's folder, unsandboxed
 * (thread/shellCommand, as Codex); its output shows as a command cell and the
 * model reads it with the next request.
 */
export async function runShellCommand(command: string): Promise<boolean> {
  const { activeId } = useStore.getState();
  if (!activeId || !command.trim()) return false;
  return (await guarded(() => api().request('thread/shellCommand', { threadId: activeId, command }))) !== undefined;
}

/** Tab while a turn runs: the message waits above the composer and starts its own turn when this one ends. */
export function queueMessage(text: string): boolean {
  const { activeId, views, attachments } = useStore.getState();
  const view = activeId ? views[activeId] : undefined;
  const input = buildInput(text, attachments);
  if (!activeId || !view || !input.length) return false;
  const entry = queuedMessage(text, input);
  useStore.setState((s) => ({ attachments: [], views: { ...s.views, [activeId]: { ...view, queued: [...(s.views[activeId]?.queued ?? []), entry] } } }));
  startQueuedFollowUps();
  return true;
}

export function removeQueued(threadId: string, id: string): void {
  useStore.setState((s) => {
    const v = s.views[threadId];
    return v ? { views: { ...s.views, [threadId]: { ...v, queued: v.queued.filter((q) => q.id !== id) } } } : {};
  });
}

/** "Start now" on a queued message while no turn runs (after an interrupt the queue waits for it). */
export async function sendQueuedNow(threadId: string, id: string): Promise<void> {
  const v = useStore.getState().views[threadId];
  const entry = v?.queued.find((q) => q.id === id);
  if (!v || !entry || v.turnId || startingQueued.has(threadId)) return;
  await startQueued(threadId, entry);
}

/** Threads whose next queued message is being started (turn/start sent, no reply yet). */
const startingQueued = new Set<string>();

/** Starts the next queued message of every thread whose turn has ended. */
function startQueuedFollowUps(): void {
  for (const v of Object.values(useStore.getState().views)) {
    if (shouldStartQueued(v) && !startingQueued.has(v.id)) void startQueued(v.id, v.queued[0]!);
  }
}

async function startQueued(threadId: string, entry: QueuedMessage): Promise<void> {
  startingQueued.add(threadId);
  removeQueued(threadId, entry.id);
  try {
    const command = entry.shellCommand;
    const started = command
      ? (await guarded(() => api().request('thread/shellCommand', { threadId, command }))) !== undefined
      : await startTurn(threadId, entry.text, entry.input);
    // Refused (the error banner says why): it goes back to the head of the queue.
    if (!started) {
      useStore.setState((s) => {
        const v = s.views[threadId];
        return v ? { views: { ...s.views, [threadId]: { ...v, queued: [entry, ...v.queued], queuePaused: true } } } : {};
      });
    }
  } finally {
    startingQueued.delete(threadId);
  }
}

export async function interrupt(): Promise<void> {
  const { activeId, views } = useStore.getState();
  const turnId = activeId ? views[activeId]?.turnId : null;
  if (!activeId || !turnId) return;
  await guarded(async () => {
    try {
      await api().request('turn/interrupt', { threadId: activeId, turnId });
    } catch (err) {
      // Stop pressed as the turn ended on its own: nothing is left to stop, and nothing went wrong.
      if (!(err instanceof Error && err.message === NO_ACTIVE_TURN_TO_INTERRUPT)) throw err;
    }
  });
}

/** Sends the reply to a pending approval request and drops its prompt once the core took it. */
export async function respondToServerRequest(id: string, result: ServerRequestResult<ServerRequestMethod>): Promise<void> {
  const ok = await guarded(() =>
    api()
      .respond(id, result)
      .then(() => true),
  );
  if (ok) useStore.setState((s) => ({ approvals: s.approvals.filter((a) => a.id !== id) }));
}

// ---------- settings (config.toml) ----------

export async function openSettings(): Promise<void> {
  useStore.setState((s) => ({ settings: { ...s.settings, open: true, status: null }, paletteOpen: false }));
  const r = await guarded(() => api().request('config/read', { includeLayers: true }));
  if (!r) return;
  const values = settingsFromConfig(r);
  useStore.setState((s) => ({ settings: { ...s.settings, saved: values, draft: values, version: userVersion(r) } }));
  await loadMcpServers();
}

/**
 * Lists the MCP servers: the open thread's running ones when a thread is open,
 * else every configured server (the core starts them briefly to ask).
 */
export async function loadMcpServers(): Promise<void> {
  const { activeId, views } = useStore.getState();
  const threadId = activeId && views[activeId] ? activeId : null;
  useStore.setState((s) => ({ mcpPanel: { ...s.mcpPanel, threadId, loading: true, status: null } }));
  try {
    const r = await api().request('mcpServerStatus/list', { threadId });
    useStore.setState((s) => ({ mcpPanel: { ...s.mcpPanel, servers: r.data, loading: false } }));
  } catch (err) {
    useStore.setState((s) => ({ mcpPanel: { ...s.mcpPanel, loading: false, status: `Could not list MCP servers: ${(err as Error).message}` } }));
  }
}

/**
 * Writes `mcp_servers.<name>.enabled`; running threads keep their servers, new threads
 * follow the file. The switch moves at once and moves back if the write fails.
 */
export async function setMcpServerEnabled(name: string, enabled: boolean): Promise<void> {
  const setEnabled = (value: boolean, status: string | null) =>
    useStore.setState((s) => ({
      mcpPanel: { ...s.mcpPanel, servers: s.mcpPanel.servers?.map((x) => (x.name === name ? { ...x, enabled: value } : x)) ?? null, status },
    }));
  setEnabled(enabled, null);
  const r = await guarded(() =>
    api().request('config/value/write', { keyPath: formatKeyPath(['mcp_servers', name, 'enabled']), value: enabled, mergeStrategy: 'replace' }),
  );
  if (!r) setEnabled(!enabled, `Could not ${enabled ? 'enable' : 'disable'} ${name}; config.toml is unchanged`);
  else setEnabled(enabled, `${name} ${enabled ? 'enabled' : 'disabled'} in ${r.filePath}; new threads use it`);
}

export function closeSettings(): void {
  useStore.setState((s) => ({ settings: { ...s.settings, open: false } }));
}

export function editSettings(p: Partial<SettingsValues>): void {
  useStore.setState((s) => (s.settings.draft ? { settings: { ...s.settings, draft: { ...s.settings.draft, ...p }, status: null } } : {}));
}

export async function saveSettings(): Promise<void> {
  const { saved, draft, version } = useStore.getState().settings;
  if (!saved || !draft) return;
  const edits = changedEdits(saved, draft);
  if (!edits.length) {
    useStore.setState((s) => ({ settings: { ...s.settings, status: 'No changes' } }));
    return;
  }
  const r = await guarded(() => api().request('config/batchWrite', { edits, expectedVersion: version }));
  if (!r) return;
  useStore.setState((s) => ({ settings: { ...s.settings, saved: draft, version: r.version, status: `Saved to ${r.filePath}` } }));
}

// ---------- appearance ----------

export function setTheme(theme: Theme): void {
  try {
    globalThis.localStorage?.setItem('codex.theme', theme);
  } catch {
    /* storage unavailable: the choice lasts for this session */
  }
  useStore.setState({ theme });
}

export function setDiffMode(diffMode: DiffMode): void {
  useStore.setState({ diffMode });
}

export function setPaletteOpen(paletteOpen: boolean): void {
  useStore.setState({ paletteOpen });
}

export function setSearch(search: string): void {
  useStore.setState({ search });
}
