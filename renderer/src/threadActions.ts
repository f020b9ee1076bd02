// The thread menu's actions (rename, fork, archive with undo, delete, edit last
// message, compact): each one protocol request, then the store follows what the
// core answered. Errors land in the banner through `guarded`.
import type { Thread, ThreadItem } from '../../shared/protocol/types.js';
import { threadTitle } from './format.js';
import { guarded, openThread, refreshThreads, useStore, viewFromResponse, withoutThread } from './store.js';

const api = () => window.codex;

function titleOf(threadId: string): string {
  const t = useStore.getState().threads.find((x) => x.id === threadId);
  return t ? threadTitle(t) : threadId;
}

export function startRename(threadId: string, place: 'sidebar' | 'header'): void {
  useStore.setState({ renaming: { threadId, place } });
}

export function cancelRename(): void {
  useStore.setState({ renaming: null });
}

/** Saves a new name (thread/name/set); an unchanged or empty name just closes the field. */
export async function renameThread(threadId: string, name: string): Promise<void> {
  useStore.setState({ renaming: null });
  const trimmed = name.trim();
  const current = useStore.getState().threads.find((t) => t.id === threadId);
  if (!trimmed || trimmed === current?.name) return;
  const ok = await guarded(() => api().request('thread/name/set', { threadId, name: trimmed }));
  if (ok) useStore.setState((s) => ({ threads: s.threads.map((t) => (t.id === threadId ? { ...t, name: trimmed } : t)) }));
}

/** A new thread with the history through `lastTurnId` (null: through the last finished turn), opened at once. */
export async function forkThread(threadId: string, lastTurnId: string | null = null): Promise<void> {
  const r = await guarded(() => api().request('thread/fork', { threadId, lastTurnId }));
  if (!r) return;
  useStore.setState((s) => ({
    activeId: r.thread.id,
    views: { ...s.views, [r.thread.id]: viewFromResponse(r) },
    threads: [r.thread, ...s.threads.filter((t) => t.id !== r.thread.id)],
    toast: { text: `Forked “${threadTitle(r.thread)}”` },
  }));
}

/** Moves the rollout to archived_sessions; the toast's Undo brings it back. */
export async function archiveThread(threadId: string): Promise<void> {
  const title = titleOf(threadId);
  const ok = await guarded(() => api().request('thread/archive', { threadId }));
  if (!ok) return;
  useStore.setState((s) => ({
    ...withoutThread(s, threadId),
    toast: { text: `Archived “${title}”`, action: { label: 'Undo', run: () => unarchiveThread(threadId) } },
  }));
}

export async function unarchiveThread(threadId: string): Promise<void> {
  useStore.setState({ toast: null });
  const r = await guarded(() => api().request('thread/unarchive', { threadId }));
  if (!r) return;
  useStore.setState((s) => ({
    threads: insertByRecency(
      s.threads.filter((t) => t.id !== r.thread.id),
      r.thread,
    ),
  }));
  await refreshThreads();
}

function insertByRecency(threads: Thread[], thread: Thread): Thread[] {
  const at = threads.findIndex((t) => t.updatedAt < thread.updatedAt);
  return at < 0 ? [...threads, thread] : [...threads.slice(0, at), thread, ...threads.slice(at)];
}

/** Delete asks first: this only opens the confirmation. */
export function askDelete(threadId: string): void {
  useStore.setState({ confirmDelete: threadId });
}

export function cancelDelete(): void {
  useStore.setState({ confirmDelete: null });
}

/** The user said yes: the rollout (and its name) leave the disk, the thread the list. */
export async function confirmDeleteThread(): Promise<void> {
  const threadId = useStore.getState().confirmDelete;
  if (!threadId) return;
  useStore.setState({ confirmDelete: null });
  const title = titleOf(threadId);
  const ok = await guarded(() => api().request('thread/delete', { threadId }));
  if (ok) useStore.setState((s) => ({ ...withoutThread(s, threadId), toast: { text: `Deleted “${title}”` } }));
}

/** The text of a user message, as typed (images are left out). */
export function userText(item: ThreadItem): string {
  if (item.type !== 'userMessage') return '';
  return item.content
    .map((c) => (c.type === 'text' ? c.text : ''))
    .join('\n')
    .trim();
}

/** The last user message of a loaded thread and the turn it started. */
export function lastUserTurn(threadId: string): { turnId: string; text: string } | null {
  const view = useStore.getState().views[threadId];
  if (!view) return null;
  for (let i = view.items.length - 1; i >= 0; i--) {
    const item = view.items[i]!;
    const turnId = view.turnOfItem[item.id];
    if (item.type === 'userMessage' && turnId) return { turnId, text: userText(item) };
  }
  return null;
}

/**
 * Edit last message: the last turn leaves the history (thread/revert) and its
 * message goes back into the composer, to be changed and sent again.
 */
export async function editLastMessage(threadId: string): Promise<void> {
  await openThread(threadId);
  const last = lastUserTurn(threadId);
  if (!last) {
    useStore.setState({ error: 'This thread has no message to edit' });
    return;
  }
  const reverted = await guarded(() => api().request('thread/revert', { threadId, beforeTurnId: last.turnId }));
  if (!reverted) return;
  // The history as the core now holds it (the reverted turns gone).
  const read = await guarded(() => api().request('thread/read', { threadId, includeTurns: true }));
  const turns = read?.thread.turns ?? [];
  useStore.setState((s) => {
    const v = s.views[threadId];
    if (!v) return {};
    const turnOfItem: Record<string, string> = {};
    for (const t of turns) for (const item of t.items) turnOfItem[item.id] = t.id;
    const items = turns.flatMap((t) => t.items);
    const seq = (s.composerFill?.seq ?? 0) + 1;
    return {
      views: { ...s.views, [threadId]: { ...v, items, turnOfItem, notice: null, plan: null, planExplanation: null } },
      composerFill: { threadId, text: last.text, seq },
    };
  });
}

/** Compact now: the core summarizes the history into a compaction item (a turn of its own). */
export async function compactThread(threadId: string): Promise<void> {
  await openThread(threadId);
  await guarded(() => api().request('thread/compact/start', { threadId }));
}

export function dismissToast(): void {
  useStore.setState({ toast: null });
}
