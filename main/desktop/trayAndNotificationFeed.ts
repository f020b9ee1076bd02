// What every desktop host does with what it pushes to the renderer: the activity
// tracker (tray, badge) and the notification center see it too. Answered approvals
// leave both through the router's `serverRequest/resolved` notification. Shared by the
// Electron main process and the test host, so both decide the same way.
import {
  NOTIFICATION_CHANNEL,
  type NotificationPayload,
  type PushChannel,
  type PushPayloads,
  type ServerRequestPayload,
  type ViewPayload,
  SERVER_REQUEST_CHANNEL,
} from '../../shared/ipc/contract.js';
import type { ActivityTracker } from './activityTracker.js';
import type { NotificationCenter } from './notificationCenter.js';

export function feedShell<C extends PushChannel>(
  tracker: ActivityTracker,
  notifications: NotificationCenter | undefined,
  channel: C,
  payload: PushPayloads[C],
  /** What the window shows now: a turn that ends in view is not unread. */
  view?: ViewPayload,
): void {
  if (channel === NOTIFICATION_CHANNEL) {
    const n = payload as NotificationPayload;
    tracker.onNotification(n);
    if (n.method === 'turn/completed') markViewedSeen(tracker, view);
    void notifications?.onNotification(n);
  } else if (channel === SERVER_REQUEST_CHANNEL) {
    const request = payload as ServerRequestPayload;
    const isNew = !tracker.findApproval(request.id); // replays to a reloaded window are not new
    tracker.onServerRequest(request);
    if (isNew) void notifications?.onServerRequest(request);
  }
}

/** Requests after which a thread leaves the tray and the badge: closed, archived or deleted. */
const CLOSING_METHODS = new Set(['thread/unsubscribe', 'thread/archive', 'thread/delete']);

/** A closed, archived or deleted thread leaves the tray and the badge. */
export function forgetClosedThread(tracker: ActivityTracker, method: string, params: unknown): void {
  if (CLOSING_METHODS.has(method)) tracker.forget((params as { threadId: string }).threadId);
}

/** The thread a focused window shows has been seen: it leaves Ready (the tray and badge follow). */
export function markViewedSeen(tracker: ActivityTracker, view: ViewPayload | undefined): void {
  if (view?.focused && view.threadId) tracker.markSeen(view.threadId);
}
