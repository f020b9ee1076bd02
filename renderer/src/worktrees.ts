// Worktree threads in the desktop: the status of each repository's managed
// worktrees (branch, ahead/behind, owner) for the sidebar badge, the bases a
// new worktree can start from, Handoff, removal with its loss confirmation,
// and the local environment's actions with their output. Its own small store,
// beside the main one (store.ts), which it updates only for a thread's new cwd.
import { create } from 'zustand';
import type { EnvironmentAction, Thread, ThreadWorkspace, WorktreeInfo, WorktreeLoss } from '../../shared/protocol/types.js';
import type { NotificationPayload } from '../../shared/ipc/api.js';
import { openThread, useStore } from './store.js';
import { formatCwd } from './format.js';

export interface ActionRun {
  runId: string;
  threadId: string;
  name: string;
  output: string;
  done: boolean;
  exitCode: number | null;
}

export interface WorktreeState {
  /** Managed worktrees by path (from worktree/list of every repository with a worktree thread). */
  byPath: Record<string, WorktreeInfo>;
  /** Worktrees of the active thread's repository, for the worktrees panel. */
  panel: { repo: string; list: WorktreeInfo[] } | null;
  /** Bases for the new-thread form: the folder they were read for, the current branch and all branches. */
  bases: { cwd: string; current: string | null; branches: string[] } | null;
  /** Actions of each repository's local environment (by Local checkout root). */
  actions: Record<string, EnvironmentAction[]>;
  runs: ActionRun[];
  /** A removal that needs confirmation: what it would lose. */
  removal: { path: string; wouldLose: WorktreeLoss } | null;
  /** The last worktree message to show (a refusal, a conflict, a failed setup). */
  message: string | null;
  /** Output of the setup script of the worktree made last, and that worktree's path (its thread's header shows it). */
  setupLog: string;
  setupFor: string | null;
}

export const useWorktrees = create<WorktreeState>(() => ({
  byPath: {},
  panel: null,
  bases: null,
  actions: {},
  runs: [],
  removal: null,
  message: null,
  setupLog: '',
  setupFor: null,
}));

const api = () => window.codex;

async function attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    const r = await fn();
    return r;
  } catch (err) {
    useWorktrees.setState({ message: (err as Error).message });
    return undefined;
  }
}

/** The Local checkout a thread belongs to (the repository the worktree was made from), or null outside git. */
export function localRootOf(thread: Pick<Thread, 'workspace'>, byPath: Record<string, WorktreeInfo>): string | null {
  const ws = thread.workspace;
  if (!ws) return null;
  return ws.kind === 'local' ? ws.root : (byPath[ws.root]?.repoRoot ?? null);
}

/** Reads worktree/list for every repository that has a worktree thread (the sidebar's ahead/behind). */
export async function refreshWorktreeStatus(threads: readonly Thread[]): Promise<void> {
  const roots = new Set(threads.flatMap((t) => (t.workspace?.kind === 'worktree' ? [t.workspace.root] : [])));
  const seen = new Set<string>();
  const byPath: Record<string, WorktreeInfo> = {};
  for (const root of roots) {
    if (seen.has(root)) continue;
    const r = await api()
      .request('worktree/list', { cwd: root })
      .catch(() => undefined);
    for (const w of r?.data ?? []) {
      byPath[w.path] = w;
      seen.add(w.path);
    }
  }
  useWorktrees.setState({ byPath });
}

export async function loadBases(cwd: string): Promise<void> {
  if (!cwd.trim()) return;
  const r = await attempt(() => api().request('worktree/branches', { cwd: cwd.trim() }));
  if (r) useWorktrees.setState({ bases: { cwd: cwd.trim(), current: r.current, branches: r.branches }, message: null });
}

export async function openWorktreePanel(repo: string): Promise<void> {
  const r = await attempt(() => api().request('worktree/list', { cwd: repo }));
  if (r) useWorktrees.setState((s) => ({ panel: { repo, list: r.data }, byPath: { ...s.byPath, ...Object.fromEntries(r.data.map((w) => [w.path, w])) } }));
}

export function closeWorktreePanel(): void {
  useWorktrees.setState({ panel: null, removal: null });
}

/** First click: removes at once if nothing would be lost, else asks with what would be. */
export async function removeWorktree(path: string, confirm?: string): Promise<void> {
  const r = await attempt(() => api().request('worktree/remove', { path, confirm: confirm ?? null }));
  if (!r) return;
  if (!r.removed && r.wouldLose) {
    useWorktrees.setState({ removal: { path, wouldLose: r.wouldLose } });
    return;
  }
  useWorktrees.setState({ removal: null, message: null });
  const panel = useWorktrees.getState().panel;
  if (panel) await openWorktreePanel(panel.repo);
}

/**
 * Moves the thread's uncommitted work to Local or a new Worktree (the thread
 * menu's entry). The thread comes into view first, so a refusal shows in its
 * header (the workspace bar's alert); a move is confirmed by a toast naming
 * where the thread runs now.
 */
export async function handOff(threadId: string, to: 'local' | 'worktree'): Promise<void> {
  await openThread(threadId);
  useWorktrees.setState({ message: null });
  const r = await attempt(() => api().request('worktree/handoff', { threadId, to }));
  if (!r) return;
  applyWorkspace(threadId, r.cwd, r.workspace);
  const where = to === 'local' ? 'Local' : 'a new worktree';
  useStore.setState({ toast: { text: `Handed off to ${where}: the thread now runs in ${formatCwd(r.cwd, useStore.getState().homeDir)}` } });
}

export async function loadActions(localRoot: string): Promise<void> {
  if (useWorktrees.getState().actions[localRoot]) return;
  const r = await api()
    .request('environment/read', { cwd: localRoot })
    .catch(() => undefined);
  useWorktrees.setState((s) => ({ actions: { ...s.actions, [localRoot]: r?.environment?.actions ?? [] } }));
}

export async function runAction(threadId: string, name: string): Promise<void> {
  const r = await attempt(() => api().request('environment/action/run', { threadId, name }));
  if (r)
    useWorktrees.setState((s) => ({
      runs: [...s.runs.filter((x) => x.runId !== r.runId), { runId: r.runId, threadId, name, output: '', done: false, exitCode: null }],
    }));
}

export async function stopAction(runId: string): Promise<void> {
  await attempt(() => api().request('environment/action/terminate', { runId }));
}

/** The thread moved (handoff): its view and its sidebar row follow. */
function applyWorkspace(threadId: string, cwd: string, workspace: ThreadWorkspace): void {
  useStore.setState((s) => ({
    views: s.views[threadId] ? { ...s.views, [threadId]: { ...s.views[threadId]!, cwd } } : s.views,
    threads: s.threads.map((t) => (t.id === threadId ? { ...t, cwd, workspace } : t)),
  }));
  void refreshWorktreeStatus(useStore.getState().threads);
}

/** Pure: the worktree state after one notification. */
export function reduceWorktrees(s: WorktreeState, n: NotificationPayload): Partial<WorktreeState> {
  switch (n.method) {
    case 'environment/action/outputDelta':
      return { runs: s.runs.map((r) => (r.runId === n.params.runId ? { ...r, output: r.output + n.params.delta } : r)) };
    case 'environment/action/completed':
      return { runs: s.runs.map((r) => (r.runId === n.params.runId ? { ...r, done: true, exitCode: n.params.exitCode } : r)) };
    case 'worktree/created':
      return { setupLog: '', setupFor: n.params.worktree.path, byPath: { ...s.byPath, [n.params.worktree.path]: n.params.worktree } };
    case 'worktree/setup/outputDelta':
      return { setupLog: (s.setupLog + n.params.delta).slice(-20_000) };
    default:
      return {};
  }
}

export function connectWorktrees(): () => void {
  const off = api().onNotification((n) => {
    if (n.method === 'thread/workspace/updated') applyWorkspace(n.params.threadId, n.params.cwd, n.params.workspace);
    // A turn may have committed: ahead/behind changes.
    else if (n.method === 'turn/completed') void refreshWorktreeStatus(useStore.getState().threads);
    else useWorktrees.setState((s) => reduceWorktrees(s, n));
  });
  // The sidebar's ahead/behind follows the thread list.
  const offThreads = useStore.subscribe((s, prev) => {
    if (s.threads !== prev.threads) void refreshWorktreeStatus(s.threads);
  });
  return () => {
    off();
    offThreads();
  };
}
