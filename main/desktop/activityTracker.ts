// Per-thread activity as the desktop shell sees it (tray, badge, notifications),
// derived only from what the core already emits: notifications and approval
// requests. Electron-free so it runs under plain Node tests.
import type { ServerNotification } from '../../shared/protocol/types.js';
import type { ServerRequestPayload } from '../../shared/ipc/contract.js';
import { boardStatus, type BoardStatus } from '../../shared/threadStatus.js';

export type ThreadState = 'idle' | 'working' | 'waitingForApproval' | 'done' | 'failed' | 'interrupted';

/** One approval the core is waiting on (the router's server-request payload). */
export type PendingApproval = ServerRequestPayload;

export interface ThreadActivity {
  threadId: string;
  title: string;
  cwd: string;
  state: ThreadState;
  /** The turn in progress, if any (what quitting must interrupt). */
  activeTurnId: string | null;
  pendingApprovals: PendingApproval[];
  lastAgentMessage: string | null;
  lastError: string | null;
  /** The last turn ended while the user was not looking at the thread (cleared by markSeen). */
  unread: boolean;
}

/** The thread's place on the status board, decided as the renderer's sidebar decides it. */
export function activityStatus(t: ThreadActivity): BoardStatus {
  const lastTurn = t.state === 'done' ? 'completed' : t.state === 'failed' ? 'failed' : t.state === 'interrupted' ? 'interrupted' : null;
  return boardStatus({ pendingApprovals: t.pendingApprovals.length, running: t.activeTurnId !== null, lastTurn, unread: t.unread });
}

const TITLE_MAX = 60;

export class ActivityTracker {
  private readonly threads = new Map<string, ThreadActivity>();
  private readonly listeners = new Set<() => void>();

  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onNotification(n: ServerNotification): void {
    switch (n.method) {
      case 'thread/started': {
        const t = this.ensure(n.params.thread.id, n.params.thread.cwd);
        if (n.params.thread.preview) t.title = shorten(n.params.thread.preview);
        break;
      }
      case 'turn/started': {
        const t = this.ensure(n.params.threadId);
        t.activeTurnId = n.params.turn.id;
        t.unread = false;
        t.lastError = null;
        t.lastAgentMessage = null;
        break;
      }
      case 'turn/completed': {
        const t = this.ensure(n.params.threadId);
        const { turn } = n.params;
        if (t.activeTurnId === turn.id) t.activeTurnId = null;
        // A finished turn can no longer be waiting: its approvals were answered or dropped.
        t.pendingApprovals = t.pendingApprovals.filter((p) => p.params.turnId !== turn.id);
        t.lastError = turn.status === 'failed' ? (turn.error?.message ?? 'the turn failed') : null;
        t.state = turn.status === 'completed' ? 'done' : turn.status === 'failed' ? 'failed' : turn.status === 'interrupted' ? 'interrupted' : t.state;
        t.unread = turn.status === 'completed' || turn.status === 'failed';
        break;
      }
      case 'item/started':
      case 'item/completed': {
        const t = this.ensure(n.params.threadId);
        const item = n.params.item;
        if (item.type === 'userMessage' && t.title === untitled(t)) {
          const text = item.content
            .map((c) => ('text' in c && typeof c.text === 'string' ? c.text : ''))
            .join(' ')
            .trim();
          if (text) t.title = shorten(text);
        }
        if (item.type === 'agentMessage' && n.method === 'item/completed') t.lastAgentMessage = item.text;
        break;
      }
      case 'serverRequest/resolved': {
        const t = this.ensure(n.params.threadId);
        t.pendingApprovals = t.pendingApprovals.filter((p) => p.id !== String(n.params.requestId));
        break;
      }
      case 'error':
        if (!n.params.willRetry) this.ensure(n.params.threadId).lastError = n.params.error.message;
        break;
      default:
        return;
    }
    this.refresh(this.threadIdOf(n));
  }

  onServerRequest(request: PendingApproval): void {
    const t = this.ensure(request.params.threadId);
    if (!t.pendingApprovals.some((p) => p.id === request.id)) t.pendingApprovals.push(request);
    this.refresh(t.threadId);
  }

  /** The user looked at the thread: its finished turn is no longer unread. */
  markSeen(threadId: string): void {
    const t = this.threads.get(threadId);
    if (!t?.unread) return;
    t.unread = false;
    this.emit();
  }

  /** The thread closed (unsubscribed): it leaves the tray. */
  forget(threadId: string): void {
    if (this.threads.delete(threadId)) this.emit();
  }

  get(threadId: string): ThreadActivity | undefined {
    return this.threads.get(threadId);
  }

  list(): ThreadActivity[] {
    return [...this.threads.values()];
  }

  findApproval(requestId: string): PendingApproval | undefined {
    for (const t of this.threads.values()) {
      const p = t.pendingApprovals.find((a) => a.id === requestId);
      if (p) return p;
    }
    return undefined;
  }

  /** How many threads wait for the user (the board's "Needs you"). */
  needsUserCount(): number {
    return this.list().filter((t) => activityStatus(t) === 'needsYou').length;
  }

  /** Turns in progress, for the quit confirmation and the clean interrupt. */
  runningTurns(): { threadId: string; turnId: string }[] {
    return this.list().flatMap((t) => (t.activeTurnId ? [{ threadId: t.threadId, turnId: t.activeTurnId }] : []));
  }

  private threadIdOf(n: ServerNotification): string | null {
    const p = n.params as { threadId?: string | null; thread?: { id: string } };
    return p.thread?.id ?? p.threadId ?? null;
  }

  private refresh(threadId: string | null): void {
    const t = threadId ? this.threads.get(threadId) : undefined;
    if (t) this.derive(t);
    this.emit();
  }

  private derive(t: ThreadActivity): void {
    if (t.pendingApprovals.length > 0) t.state = 'waitingForApproval';
    else if (t.activeTurnId) t.state = 'working';
    else if (t.state === 'working' || t.state === 'waitingForApproval') t.state = 'idle';
  }

  private ensure(threadId: string, cwd?: string): ThreadActivity {
    let t = this.threads.get(threadId);
    if (!t) {
      t = {
        threadId,
        title: '',
        cwd: cwd ?? '',
        state: 'idle',
        activeTurnId: null,
        pendingApprovals: [],
        lastAgentMessage: null,
        lastError: null,
        unread: false,
      };
      t.title = untitled(t);
      this.threads.set(threadId, t);
    } else if (cwd && !t.cwd) {
      const wasUntitled = t.title === untitled(t);
      t.cwd = cwd;
      if (wasUntitled) t.title = untitled(t);
    }
    return t;
  }

  private emit(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        // A broken listener (tray redraw) must not break tracking.
      }
    }
  }
}

/** The placeholder title until the first user message: the folder name. */
function untitled(t: Pick<ThreadActivity, 'threadId' | 'cwd'>): string {
  const folder = t.cwd.split(/[\\/]/).filter(Boolean).at(-1);
  return folder ? `New thread in ${folder}` : `Thread ${t.threadId.slice(0, 8)}`;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > TITLE_MAX ? `${oneLine.slice(0, TITLE_MAX - 1)}…` : oneLine;
}
