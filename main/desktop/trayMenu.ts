// The tray / menu-bar menu and the dock/taskbar badge as plain data, built from
// the tracker. main/electron/tray.ts turns it into an Electron Menu.
import type { ThreadActivity, ThreadState } from './activityTracker.js';

export type TrayMenuItem =
  | { kind: 'thread'; threadId: string; label: string; state: ThreadState }
  | { kind: 'separator' }
  | { kind: 'show'; label: string }
  | { kind: 'quit'; label: string };

const STATE_LABEL: Record<ThreadState, string> = {
  idle: 'idle',
  working: 'working',
  waitingForApproval: 'waiting for approval',
  done: 'done',
  failed: 'failed',
  interrupted: 'interrupted',
};

export function stateLabel(state: ThreadState): string {
  return STATE_LABEL[state];
}

/** Threads worth listing: those with something going on or a fresh result (idle ones are left out). */
export function trayThreads(threads: readonly ThreadActivity[]): ThreadActivity[] {
  const rank: Record<ThreadState, number> = { waitingForApproval: 0, working: 1, failed: 2, done: 3, interrupted: 4, idle: 5 };
  return threads.filter((t) => t.state !== 'idle').sort((a, b) => rank[a.state] - rank[b.state]);
}

export function buildTrayMenu(threads: readonly ThreadActivity[]): TrayMenuItem[] {
  const items: TrayMenuItem[] = trayThreads(threads).map((t) => ({
    kind: 'thread',
    threadId: t.threadId,
    label: `${t.title} — ${stateLabel(t.state)}`,
    state: t.state,
  }));
  if (items.length > 0) items.push({ kind: 'separator' });
  items.push({ kind: 'show', label: 'Show window' }, { kind: 'separator' }, { kind: 'quit', label: 'Quit Codex Desktop' });
  return items;
}

export interface BadgeState {
  /** Dock / taskbar badge: pending approvals only (unread turns do not badge). */
  count: number;
  /** The tray icon variant: "attention" while something waits for the user. */
  attention: boolean;
  tooltip: string;
}

export function badgeState(threads: readonly ThreadActivity[]): BadgeState {
  const count = threads.reduce((n, t) => n + t.pendingApprovals.length, 0);
  const working = threads.filter((t) => t.state === 'working').length;
  const parts: string[] = [];
  if (count > 0) parts.push(`${count} waiting for approval`);
  if (working > 0) parts.push(`${working} working`);
  return { count, attention: count > 0, tooltip: parts.length ? `Codex — ${parts.join(', ')}` : 'Codex' };
}
