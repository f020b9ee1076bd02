// The sidebar as a status board: Needs you, Working, Ready, Failed, then the
// rest, each grouped by project. The status itself comes from the one shared
// rule (main/desktop/threadStatus.ts) that the tray and the dock badge use too.
import type { Thread } from '../../shared/protocol/types.js';
import { BOARD_LABELS, BOARD_SECTIONS, boardStatus, type BoardStatus, type StatusFacts } from '../../shared/threadStatus.js';
import { baseName } from './format.js';
import type { State } from './store.js';

export interface BoardGroup {
  /** The project folder (the outermost listed folder holding the thread's cwd). */
  project: string;
  label: string;
  threads: Thread[];
}

export interface BoardSection {
  status: BoardStatus;
  label: string;
  count: number;
  groups: BoardGroup[];
}

type BoardState = Pick<State, 'views' | 'approvals' | 'activity' | 'threads'>;

/**
 * What the renderer knows of a thread, in the board's terms: its turns as
 * notified (activity.ts), else as thread/list reported it (a turn running in a
 * thread this window has not seen start, e.g. after a reload).
 */
export function statusFacts(s: BoardState, threadId: string): StatusFacts {
  const a = s.activity[threadId];
  const listedActive = !a && s.threads.some((t) => t.id === threadId && t.status.type === 'active');
  return {
    pendingApprovals: s.approvals.filter((x) => x.params.threadId === threadId).length,
    running: Boolean(s.views[threadId]?.turnId) || Boolean(a?.running) || listedActive,
    lastTurn: a?.lastTurn ?? null,
    unread: a?.unread ?? false,
  };
}

/**
 * The project a folder belongs to: the outermost folder among `folders` that
 * holds it (a thread started in a repository's subfolder joins the repository's
 * threads), else the folder itself.
 */
export function projectOf(cwd: string, folders: readonly string[]): string {
  let best = cwd;
  for (const f of folders) {
    if (f.length < best.length && (cwd.startsWith(`${f}/`) || cwd.startsWith(`${f}\\`))) best = f;
  }
  return best;
}

/**
 * Threads (already filtered and sorted by recency) sorted into sections, then
 * projects in order of their latest thread. `folderOf`: the folder a thread
 * counts as in (a worktree thread's is its repository's checkout, so the
 * worktree threads of one repository group with it, not one group per worktree).
 */
export function buildBoard(threads: readonly Thread[], statusOf: (t: Thread) => BoardStatus, folderOf: (t: Thread) => string = (t) => t.cwd): BoardSection[] {
  const folders = [...new Set(threads.map(folderOf))];
  const sections: BoardSection[] = [];
  for (const status of BOARD_SECTIONS) {
    const groups = new Map<string, BoardGroup>();
    let count = 0;
    for (const t of threads) {
      if (statusOf(t) !== status) continue;
      count++;
      const project = projectOf(folderOf(t), folders);
      let g = groups.get(project);
      if (!g) groups.set(project, (g = { project, label: baseName(project) || project, threads: [] }));
      g.threads.push(t);
    }
    if (count) sections.push({ status, label: BOARD_LABELS[status], count, groups: [...groups.values()] });
  }
  return sections;
}

/** The threads in the order the board shows them (thread switching follows it). */
export function boardOrder(sections: readonly BoardSection[]): Thread[] {
  return sections.flatMap((s) => s.groups.flatMap((g) => g.threads));
}

/**
 * The status of every thread that is not idle; the sidebar re-renders only
 * when this changes, not per streamed delta.
 */
export function activeStatuses(s: BoardState): Record<string, BoardStatus> {
  const out: Record<string, BoardStatus> = {};
  const listedActive = s.threads.filter((t) => t.status.type === 'active').map((t) => t.id);
  const ids = new Set([...Object.keys(s.views), ...Object.keys(s.activity), ...s.approvals.map((a) => a.params.threadId), ...listedActive]);
  for (const id of ids) {
    const status = boardStatus(statusFacts(s, id));
    if (status !== 'idle') out[id] = status;
  }
  return out;
}

export function boardOfState(s: BoardState, threads: readonly Thread[]): BoardSection[] {
  const statuses = activeStatuses(s);
  return buildBoard(threads, (t) => statuses[t.id] ?? 'idle');
}
