// What every desktop host does with what it pushes to the renderer: the activity
// tracker (tray, badge) and the notification center see it too. Answered approvals
// leave both through the router's `serverRequest/resolved` notification. Shared by the
// Electron main process and the test host, so both decide the same way.
import { NOTIFICATION_CHANNEL, type NotificationPayload, type PushChannel, type PushPayloads, type ServerRequestPayload, SERVER_REQUEST_CHANNEL } from '../../shared/ipc/contract.js';
import type { ActivityTracker } from './activityTracker.js';
import type { NotificationCenter } from './notificationCenter.js';

export function feedShell<C extends PushChannel>(
  tracker: ActivityTracker,
  notifications: NotificationCenter | undefined,
  channel: C,
  payload: PushPayloads[C],
): void {
  if (channel === NOTIFICATION_CHANNEL) {
    const n = payload as NotificationPayload;
    tracker.onNotification(n);
    void notifications?.onNotification(n);
  } else if (channel === SERVER_REQUEST_CHANNEL) {
    const request = payload as ServerRequestPayload;
    const isNew = !tracker.findApproval(request.id); // replays to a reloaded window are not new
    tracker.onServerRequest(request);
    if (isNew) void notifications?.onServerRequest(request);
  }
}

/** A closed thread (thread/unsubscribe served) leaves the tray and the badge. */
export function forgetClosedThread(tracker: ActivityTracker, method: string, params: unknown): void {
  if (method === 'thread/unsubscribe') tracker.forget((params as { threadId: string }).threadId);
}
