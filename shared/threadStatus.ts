// A thread's place on the status board, decided once for the renderer's sidebar
// and for the tray and dock badge, so their counts always agree. Runtime-free
// (no Node, no Electron): the renderer bundles it.

/** Sections in the order the sidebar shows them; `idle` is "the rest". */
export type BoardStatus = 'needsYou' | 'working' | 'ready' | 'failed' | 'idle';

/** What each side knows about a thread, in the same terms. */
export interface StatusFacts {
  /** Approvals the core waits on. */
  pendingApprovals: number;
  /** A turn is in progress. */
  running: boolean;
  /** How the last turn ended; null when none ended since the app started. */
  lastTurn: 'completed' | 'failed' | 'interrupted' | null;
  /** The last turn ended while the user was not looking at the thread. */
  unread: boolean;
}

export const BOARD_LABELS: Readonly<Record<BoardStatus, string>> = {
  needsYou: 'Needs you',
  working: 'Working',
  ready: 'Ready',
  failed: 'Failed',
  idle: 'Recent',
};

/** The sidebar's sections, in order. */
export const BOARD_SECTIONS: readonly BoardStatus[] = ['needsYou', 'working', 'ready', 'failed', 'idle'];

/**
 * Waiting for the user beats running (a turn waits on its approval); a failed
 * last turn stays Failed until another starts; a finished one is Ready until seen.
 */
export function boardStatus(f: StatusFacts): BoardStatus {
  if (f.pendingApprovals > 0) return 'needsYou';
  if (f.running) return 'working';
  if (f.lastTurn === 'failed') return 'failed';
  if (f.lastTurn === 'completed' && f.unread) return 'ready';
  return 'idle';
}

export function boardRank(status: BoardStatus): number {
  return BOARD_SECTIONS.indexOf(status);
}

export type BoardCounts = Record<BoardStatus, number>;

export function boardCounts(statuses: Iterable<BoardStatus>): BoardCounts {
  const counts: BoardCounts = { needsYou: 0, working: 0, ready: 0, failed: 0, idle: 0 };
  for (const s of statuses) counts[s]++;
  return counts;
}

export interface AttentionBadge {
  /** Dock / taskbar badge: threads that need the user (the sidebar's "Needs you" count). */
  count: number;
  /** The tray icon variant: "attention" while something waits for the user. */
  attention: boolean;
  tooltip: string;
}

export function attentionBadge(counts: BoardCounts): AttentionBadge {
  const parts: string[] = [];
  if (counts.needsYou) parts.push(`${counts.needsYou} needs you`);
  if (counts.working) parts.push(`${counts.working} working`);
  if (counts.ready) parts.push(`${counts.ready} ready`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  return { count: counts.needsYou, attention: counts.needsYou > 0, tooltip: parts.length ? `Codex — ${parts.join(', ')}` : 'Codex' };
}
