// The tray / menu-bar menu and the dock/taskbar badge as plain data, built from
// the tracker through the status board (threadStatus.ts), so they list and count
// exactly what the sidebar's sections show. main/electron/tray.ts turns it into
// an Electron Menu.
import { activityStatus, type ThreadActivity } from './activityTracker.js';
import { attentionBadge, BOARD_LABELS, boardCounts, boardRank, type AttentionBadge, type BoardStatus } from '../../shared/threadStatus.js';

export type TrayMenuItem =
  | { kind: 'thread'; threadId: string; label: string; status: BoardStatus }
  | { kind: 'separator' }
  | { kind: 'show'; label: string }
  | { kind: 'quit'; label: string };

/** Threads on the board's sections (Needs you, Working, Ready, Failed), in their order; the rest are left out. */
export function trayThreads(threads: readonly ThreadActivity[]): ThreadActivity[] {
  return threads
    .map((t) => ({ t, status: activityStatus(t) }))
    .filter((x) => x.status !== 'idle')
    .sort((a, b) => boardRank(a.status) - boardRank(b.status))
    .map((x) => x.t);
}

export function buildTrayMenu(threads: readonly ThreadActivity[]): TrayMenuItem[] {
  const items: TrayMenuItem[] = trayThreads(threads).map((t) => {
    const status = activityStatus(t);
    return { kind: 'thread', threadId: t.threadId, label: `${t.title} — ${BOARD_LABELS[status].toLowerCase()}`, status };
  });
  if (items.length > 0) items.push({ kind: 'separator' });
  items.push({ kind: 'show', label: 'Show window' }, { kind: 'separator' }, { kind: 'quit', label: 'Quit Codex Desktop' });
  return items;
}

export type BadgeState = AttentionBadge;

/** The badge counts the threads that need the user, as the sidebar's "Needs you" does. */
export function badgeState(threads: readonly ThreadActivity[]): BadgeState {
  return attentionBadge(boardCounts(threads.map(activityStatus)));
}
