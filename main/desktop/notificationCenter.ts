// The notification flow, whatever draws the toasts: decide (notificationPolicy),
// check the user's setting, show through a sink, route clicks to "open the
// thread" and Approve / Deny to the same answer path as the renderer's prompt,
// and take an approval's toast away once it was answered elsewhere. Electron's
// sink draws native notifications; the test host records them.
import type { ActivityTracker, PendingApproval } from './activityTracker.js';
import {
  answerApprovalAction,
  notificationsEnabledIn,
  planForApproval,
  planForNotification,
  type InvokeTarget,
  type NotificationAction,
  type NotificationPlan,
  type ViewContext,
} from './notificationPolicy.js';
import type { RequestHandler } from '../ipc/router.js';
import type { ServerNotification } from '../../shared/protocol/types.js';

/** What a shown notification reports back. */
export interface NotificationEvents {
  click(): void;
  action(id: NotificationAction['id']): void;
  /** Dismissed or expired: it no longer exists. */
  closed(): void;
}

export interface ShownNotification {
  close(): void;
}

/** Draws notifications (native toasts in Electron). */
export interface NotificationSink {
  supported(): boolean;
  show(plan: NotificationPlan, events: NotificationEvents): ShownNotification;
}

export interface NotificationCenterOptions {
  tracker: ActivityTracker;
  /** Answers approvals (the IpcRouter, so Approve/Deny are validated like the window's). */
  router: InvokeTarget;
  /** Reads config.toml for `desktop.notifications`. */
  server: RequestHandler;
  sink: NotificationSink;
  /** What the user sees right now, apart from the setting. */
  view: () => Omit<ViewContext, 'enabled'>;
  openThread: (threadId: string) => void;
  log: (line: string) => void;
}

export class NotificationCenter {
  /** Shown notifications by tag, so a repeated event replaces its toast. */
  private readonly shown = new Map<string, { handle: ShownNotification; requestId?: string }>();
  private readonly unsubscribe: () => void;

  constructor(private readonly opts: NotificationCenterOptions) {
    // An approval answered elsewhere (in the window) takes its notification away.
    this.unsubscribe = opts.tracker.subscribe(() => {
      for (const [tag, s] of this.shown) {
        if (s.requestId && !opts.tracker.findApproval(s.requestId)) {
          this.shown.delete(tag);
          s.handle.close();
        }
      }
    });
  }

  /** A core notification (after the tracker saw it). Resolves once shown or skipped. */
  onNotification(n: ServerNotification): Promise<void> {
    return this.show(planForNotification(n, this.opts.tracker, { ...this.opts.view(), enabled: true }));
  }

  /** A new approval request (after the tracker saw it). */
  onServerRequest(request: PendingApproval): Promise<void> {
    return this.show(planForApproval(request, this.opts.tracker, { ...this.opts.view(), enabled: true }));
  }

  dispose(): void {
    this.unsubscribe();
    for (const s of this.shown.values()) s.handle.close();
    this.shown.clear();
  }

  private async show(plan: NotificationPlan | null): Promise<void> {
    if (!plan || !this.opts.sink.supported()) return;
    if (!(await this.settingAllows())) return;
    // Answered while the setting was read: nothing to ask any more.
    if (plan.requestId && !this.opts.tracker.findApproval(plan.requestId)) return;
    this.display(plan);
  }

  /** Re-read on each event so a change in Settings (or in the file) applies at once. */
  private async settingAllows(): Promise<boolean> {
    try {
      return notificationsEnabledIn(await this.opts.server.handle('config/read', {}));
    } catch (err) {
      this.opts.log(`notifications: cannot read settings (${(err as Error).message}); showing anyway`);
      return true;
    }
  }

  private display(plan: NotificationPlan): void {
    const previous = this.shown.get(plan.tag);
    this.shown.delete(plan.tag);
    previous?.handle.close();
    const entry: { handle: ShownNotification; requestId?: string } = { handle: { close: () => {} }, requestId: plan.requestId };
    entry.handle = this.opts.sink.show(plan, {
      click: () => this.opts.openThread(plan.threadId),
      action: (id) => {
        if (!plan.requestId || !plan.requestMethod) return;
        void answerApprovalAction(this.opts.router, plan.requestId, plan.requestMethod, id).then((reply) => {
          if (!reply.ok) this.opts.log(`notifications: ${id} for ${plan.requestId} failed: ${reply.error.message}`);
        });
      },
      closed: () => {
        if (this.shown.get(plan.tag) === entry) this.shown.delete(plan.tag);
      },
    });
    this.shown.set(plan.tag, entry);
  }
}
