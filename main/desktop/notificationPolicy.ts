// When the desktop shows a native notification, and what it says. Pure: the
// Electron side (main/electron/notifications.ts) only renders the decision.
import type { ActivityTracker, PendingApproval } from './activityTracker.js';
import type { ServerNotification, ServerRequestMethod } from '../../shared/protocol/types.js';
import { RESPOND_CHANNEL, type IpcEnvelope } from '../../shared/ipc/contract.js';
import { approveOrDenyReply } from '../../shared/protocol/approvalReplies.js';

/** What the user can see right now. */
export interface ViewContext {
  /** The user's setting (notifications on/off). */
  enabled: boolean;
  /** The app window exists, is visible and has focus. */
  windowFocused: boolean;
  /**
   * The thread open in the window. undefined = the renderer has not told us,
   * so a focused window counts as showing every thread.
   */
  viewedThreadId?: string | null;
}

export type NotificationAction = { id: 'approve'; text: 'Approve' } | { id: 'deny'; text: 'Deny' };
export const APPROVAL_ACTIONS: readonly NotificationAction[] = [
  { id: 'approve', text: 'Approve' },
  { id: 'deny', text: 'Deny' },
];

export interface NotificationPlan {
  kind: 'turnCompleted' | 'turnFailed' | 'approval';
  threadId: string;
  title: string;
  body: string;
  /** Stable per event, so a repeated event replaces rather than stacks. */
  tag: string;
  /** Only for approvals: the pending request the actions answer, and its method (the answer's shape). */
  requestId?: string;
  requestMethod?: ServerRequestMethod;
  actions: readonly NotificationAction[];
}

const BODY_MAX = 180;

/** Is the user already looking at this thread? Then no notification. */
export function threadInView(threadId: string, view: ViewContext): boolean {
  if (!view.windowFocused) return false;
  return view.viewedThreadId === undefined || view.viewedThreadId === threadId;
}

/** Decides on a notification for a core notification (after the tracker saw it). */
export function planForNotification(n: ServerNotification, tracker: ActivityTracker, view: ViewContext): NotificationPlan | null {
  if (n.method !== 'turn/completed' || !view.enabled) return null;
  const { threadId, turn } = n.params;
  if (threadInView(threadId, view)) return null;
  const t = tracker.get(threadId);
  const title = t?.title ?? 'Codex';
  if (turn.status === 'completed') {
    return {
      kind: 'turnCompleted',
      threadId,
      title: `Codex finished: ${title}`,
      body: clip(t?.lastAgentMessage || 'The turn is complete.'),
      tag: `turn-${turn.id}`,
      actions: [],
    };
  }
  if (turn.status === 'failed') {
    return {
      kind: 'turnFailed',
      threadId,
      title: `Codex failed: ${title}`,
      body: clip(turn.error?.message || t?.lastError || 'The turn failed.'),
      tag: `turn-${turn.id}`,
      actions: [],
    };
  }
  return null; // interrupted: the user did that
}

/** Decides on a notification for a new approval request. */
export function planForApproval(request: PendingApproval, tracker: ActivityTracker, view: ViewContext): NotificationPlan | null {
  const threadId = request.params.threadId;
  if (!view.enabled || threadInView(threadId, view)) return null;
  const title = tracker.get(threadId)?.title ?? 'Codex';
  let body: string;
  if (request.method === 'mcpServer/elicitation/request') {
    body = clip(request.params.message);
  } else {
    const what =
      request.method === 'item/commandExecution/requestApproval'
        ? `Run ${request.params.command}`
        : `Apply changes to ${request.params.changes.length} file(s)`;
    const reason = request.params.reason;
    body = clip(reason ? `${what}\n${reason}` : what);
  }
  return {
    kind: 'approval',
    threadId,
    title: `Approval needed: ${title}`,
    body,
    tag: `approval-${request.id}`,
    requestId: request.id,
    requestMethod: request.method,
    actions: APPROVAL_ACTIONS,
  };
}

/** Anything that serves the renderer's invokes (the IpcRouter). */
export interface InvokeTarget {
  invoke(channel: unknown, payload: unknown): Promise<IpcEnvelope<unknown>>;
}

/**
 * A click on Approve / Deny: answered through the same channel, validation and
 * pending-request map as the renderer's approval prompt. Approve runs once
 * ("accept"), never "for the session": a toast is too small to grant more.
 */
export async function answerApprovalAction(
  router: InvokeTarget,
  requestId: string,
  method: ServerRequestMethod,
  action: NotificationAction['id'],
): Promise<IpcEnvelope<unknown>> {
  return router.invoke(RESPOND_CHANNEL, { id: requestId, result: approveOrDenyReply(method, action === 'approve') });
}

function clip(text: string): string {
  const t = text.trim();
  return t.length > BODY_MAX ? `${t.slice(0, BODY_MAX - 1)}…` : t;
}

/** The `desktop.notifications` setting from a config/read reply; on unless set to false. */
export function notificationsEnabledIn(configRead: unknown): boolean {
  const config = (configRead as { config?: { desktop?: { notifications?: unknown } } } | null)?.config;
  return config?.desktop?.notifications !== false;
}
