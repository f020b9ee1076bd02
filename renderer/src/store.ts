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
} from '../../main/protocol/types.js';
import type { NotificationPayload, ServerRequestPayload } from '../../main/ipc/api.js';
import { buildInput, buildTurnStart, settingsFromResponse, type TurnSettings } from './turnOptions.js';
import { changedEdits, settingsFromConfig, userVersion, type SettingsValues } from './settingsModel.js';
import { neighbourThread } from './shortcuts.js';
import { filterThreads } from './search.js';
import { startViewReport } from './viewReport.js';
import { frameBatch } from './frameBatch.js';
import { applyStartupUpdate, patchListedStatus, type McpStartupByThread } from './mcpServers.js';
import { formatKeyPath } from '../../main/protocol/configKeyPath.js';
import { applyItemDelta, itemForDelta } from '../../main/protocol/itemDeltas.js';

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
  /** What the core runs the next turn with. */
  settings: TurnSettings;
  /** What the composer's pickers show (sent as overrides where they differ). */
  picked: TurnSettings;
  tokenUsage: ThreadTokenUsage | null;
  /** Where the thread's commands run ("local" or an exec-server environment id). */
  environmentId: string;
  /** Connection of a remote environment: unknown until the first command connects. */
  environmentState: 'local' | 'unknown' | 'connected' | 'disconnected';
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
  activeId: string | null;
  views: Record<string, ThreadView>;
  approvals: ServerRequestPayload[];
  error: string | null;
  /** The user's home, for `~` paths. */
  homeDir: string | null;
  search: string;
  draft: { cwd: string; sandbox: SandboxMode; approvalPolicy: AskForApproval };
  attachments: Attachment[];
  settings: SettingsPanel;
  mcpPanel: McpPanel;
  /** Each thread's MCP servers as they start, fail or die. */
  mcpStartup: McpStartupByThread;
  paletteOpen: boolean;
  theme: Theme;
  diffMode: DiffMode;
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
  theme: initialTheme(),
  diffMode: 'unified',
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
    settings,
    picked: settings,
    tokenUsage: null,
    environmentId: r.thread.environmentId ?? 'local',
    environmentState: (r.thread.environmentId ?? 'local') === 'local' ? 'local' : 'unknown',
  };
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
  // Answered elsewhere (a notification's Approve, another window): the prompt goes.
  if (n.method === 'serverRequest/resolved') return { approvals: state.approvals.filter((a) => a.id !== String(n.params.requestId)) };
  if (n.method === 'mcpServer/startupStatus/updated') {
    const p = state.mcpPanel;
    const listed = p.servers && p.threadId === n.params.threadId ? { mcpPanel: { ...p, servers: patchListedStatus(p.servers, n.params) } } : {};
    return { mcpStartup: applyStartupUpdate(state.mcpStartup, n.params), ...listed };
  }
  // Sign-in notifications belong to no thread: account.ts handles them.
  if (n.method === 'account/login/completed' || n.method === 'account/updated') return {};
  const threadId = n.params.threadId;
  if (!threadId) return {};
  const view = state.views[threadId];
  if (!view) return {};
  const set = (v: Partial<ThreadView>): Partial<State> => ({ views: { ...state.views, [threadId]: { ...view, ...v } } });
  switch (n.method) {
    case 'turn/started':
      return set({ turnId: n.params.turn.id, notice: null, plan: null, planExplanation: null });
    case 'turn/completed': {
      const t = n.params.turn;
      const notice = t.status === 'failed' ? `Turn failed: ${t.error?.message ?? 'unknown error'}` : t.status === 'interrupted' ? 'Turn interrupted' : null;
      return set({ turnId: null, notice, lastCompletedTurnId: t.id });
    }
    case 'item/started':
    case 'item/completed':
      return set({ items: upsert(view.items, n.params.item) });
    case 'item/agentMessage/delta':
    case 'item/reasoning/summaryTextDelta':
    case 'item/commandExecution/outputDelta':
      return set({ items: patch(view.items, n.params.itemId, () => itemForDelta(n, view.cwd), (it) => applyItemDelta(it, n)) });
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

export function connect(): () => void {
  // One store update per frame for however many notifications arrived in it.
  const batch = frameBatch<NotificationPayload>((ns) => useStore.setState((s) => reduceAll(s, ns)));
  const offN = api().onNotification((n) => batch.push(n));
  const offR = api().onServerRequest((r) => useStore.setState((s) => ({ approvals: [...s.approvals.filter((a) => a.id !== r.id), r] })));
  // A notification or tray click: show that thread (resuming it if this window has not loaded it).
  const offOpen = api().onOpenThread(({ threadId }) => void openThread(threadId));
  // Sessions made elsewhere (the CLI, another window) show up when the user comes back.
  const onFocus = () => void refreshThreads();
  window.addEventListener('focus', onFocus);
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
    window.removeEventListener('focus', onFocus);
  };
}

async function guarded<T>(fn: () => Promise<T>): Promise<T | undefined> {
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
  await refreshThreads();
}

export async function refreshThreads(): Promise<void> {
  const r = await guarded(() => api().request('thread/list', { limit: 200 }));
  if (!r) return;
  useStore.setState((s) => {
    // Keep live threads not yet written to a rollout (ephemeral or brand new).
    const listed = new Set(r.data.map((t) => t.id));
    return { threads: [...s.threads.filter((t) => !listed.has(t.id) && s.views[t.id]), ...r.data] };
  });
}

export function setDraft(d: Partial<State['draft']>): void {
  useStore.setState((s) => ({ draft: { ...s.draft, ...d } }));
}

export async function newThread(opts: State['draft'] = useStore.getState().draft): Promise<void> {
  const r = await guarded(() => api().request('thread/start', { cwd: opts.cwd.trim() || null, sandbox: opts.sandbox, approvalPolicy: opts.approvalPolicy }));
  if (!r) return;
  useStore.setState((s) => ({
    activeId: r.thread.id,
    views: { ...s.views, [r.thread.id]: viewFromResponse(r) },
    threads: [r.thread, ...s.threads.filter((t) => t.id !== r.thread.id)],
    attachments: [],
  }));
}

/** The OS folder picker fills the new thread's working directory. */
export async function chooseFolder(): Promise<void> {
  const path = await guarded(() => api().pickFolder(useStore.getState().draft.cwd.trim() || null));
  if (path) setDraft({ cwd: path });
}

/** A link the model wrote: the host asks the user (naming the real host) before anything opens. */
export async function openModelLink(url: string, text: string): Promise<void> {
  await guarded(() => api().openLink(url, text));
}

/** Mod+N: a new thread in the draft folder, else the active thread's folder. */
export async function newThreadLikeActive(): Promise<void> {
  const { draft, activeId, views } = useStore.getState();
  const cwd = draft.cwd.trim() || (activeId ? views[activeId]?.cwd : '') || '';
  await newThread({ ...draft, cwd });
}

export async function openThread(id: string): Promise<void> {
  if (useStore.getState().views[id]) {
    useStore.setState({ activeId: id });
    return;
  }
  const r = await guarded(() => api().request('thread/resume', { threadId: id }));
  if (!r) return;
  useStore.setState((s) => ({ activeId: id, views: { ...s.views, [id]: viewFromResponse(r) } }));
}

/** Threads as the sidebar shows them (search applied). */
export function visibleThreads(s: State): Thread[] {
  return filterThreads(s.threads, s.search, s.homeDir);
}

export async function switchThread(step: 1 | -1): Promise<void> {
  const s = useStore.getState();
  const next = neighbourThread(visibleThreads(s).map((t) => t.id), s.activeId, step);
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
  const params = buildTurnStart(activeId, input, view.settings, view.picked);
  const r = await guarded(() => api().request('turn/start', params));
  if (!r) return false;
  useStore.setState((s) => {
    const v = s.views[activeId];
    // A new thread's sidebar entry shows its first message, as thread/list will.
    const threads = s.threads.map((t) => (t.id === activeId && !t.preview && text.trim() ? { ...t, preview: text } : t));
    if (!v) return { threads, attachments: [] };
    // Per-turn overrides persist for later turns (as in Codex).
    const settings = { ...v.picked, model: v.picked.model.trim() || v.settings.model, effort: v.picked.effort ?? v.settings.effort };
    const running = v.turnId || v.lastCompletedTurnId === r.turn.id ? {} : { turnId: r.turn.id };
    return { threads, attachments: [], views: { ...s.views, [activeId]: { ...v, ...running, settings, model: settings.model } } };
  });
  return true;
}

export async function interrupt(): Promise<void> {
  const { activeId, views } = useStore.getState();
  const turnId = activeId ? views[activeId]?.turnId : null;
  if (!activeId || !turnId) return;
  await guarded(() => api().request('turn/interrupt', { threadId: activeId, turnId }));
}

/** Sends the reply to a pending approval request and drops its prompt once the core took it. */
export async function respondToServerRequest(id: string, result: ServerRequestResult<ServerRequestMethod>): Promise<void> {
  const ok = await guarded(() => api().respond(id, result).then(() => true));
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
  const r = await guarded(() => api().request('config/value/write', { keyPath: formatKeyPath(['mcp_servers', name, 'enabled']), value: enabled, mergeStrategy: 'replace' }));
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
