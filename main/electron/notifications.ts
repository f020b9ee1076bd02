// Native notifications for turns that finish, fail or need approval while their
// thread is out of view. Decisions and texts come from main/desktop/notificationPolicy.ts;
// Approve / Deny answer through the IpcRouter, exactly like the renderer's prompt.
import { app, Notification, type BrowserWindow } from 'electron';
import type { ActivityTracker, PendingApproval } from '../desktop/activityTracker.js';
import {
  answerApprovalAction,
  notificationsEnabledIn,
  planForApproval,
  planForNotification,
  type InvokeTarget,
  type NotificationPlan,
  type ViewContext,
} from '../desktop/notificationPolicy.js';
import type { RequestHandler } from '../ipc/router.js';
import type { ServerNotification } from '../protocol/types.js';

export interface NotifierOptions {
  tracker: ActivityTracker;
  router: InvokeTarget;
  server: RequestHandler;
  window: () => BrowserWindow | null;
  /** Brings the window up on a thread (notification click). */
  openThread: (threadId: string) => void;
  log: (line: string) => void;
}

/** Windows shows toasts only for an app with an AppUserModelId (same as electron-builder's appId). */
export const APP_USER_MODEL_ID = 'com.codexdesktop.app';

export function setUpNotificationIdentity(): void {
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}

export class DesktopNotifier {
  /** Shown notifications by tag: Electron drops the handlers of collected ones. */
  private readonly shown = new Map<string, { notification: Notification; requestId?: string }>();
  private readonly unsubscribe: () => void;

  constructor(private readonly opts: NotifierOptions) {
    // An approval answered elsewhere (in the window) takes its notification away.
    this.unsubscribe = opts.tracker.subscribe(() => {
      for (const [tag, s] of this.shown) {
        if (s.requestId && !opts.tracker.findApproval(s.requestId)) {
          s.notification.close();
          this.shown.delete(tag);
        }
      }
    });
  }

  onNotification(n: ServerNotification): void {
    this.show(planForNotification(n, this.opts.tracker, this.view()));
  }

  onServerRequest(request: PendingApproval): void {
    this.show(planForApproval(request, this.opts.tracker, this.view()));
  }

  dispose(): void {
    this.unsubscribe();
    for (const s of this.shown.values()) s.notification.close();
    this.shown.clear();
  }

  private view(): ViewContext {
    const win = this.opts.window();
    const focused = Boolean(win && !win.isDestroyed() && win.isVisible() && !win.isMinimized() && win.isFocused());
    // The renderer does not report which thread it shows yet: a focused window counts as showing all.
    return { enabled: true, windowFocused: focused };
  }

  private show(plan: NotificationPlan | null): void {
    if (!plan || !Notification.isSupported()) return;
    void this.settingAllows().then((allowed) => {
      if (allowed) this.display(plan);
    });
  }

  /** Re-read on each event so a change in Settings applies at once. */
  private async settingAllows(): Promise<boolean> {
    try {
      return notificationsEnabledIn(await this.opts.server.handle('config/read', {}));
    } catch (err) {
      this.opts.log(`notifications: cannot read settings (${(err as Error).message}); showing anyway`);
      return true;
    }
  }

  private display(plan: NotificationPlan): void {
    // Action buttons exist on macOS and Windows; elsewhere the click opens the thread's prompt.
    const withActions = plan.actions.length > 0 && (process.platform === 'darwin' || process.platform === 'win32');
    const notification = new Notification({
      id: plan.tag,
      title: plan.title,
      body: plan.body,
      silent: false,
      urgency: plan.kind === 'approval' ? 'critical' : 'normal',
      actions: withActions ? plan.actions.map((a) => ({ type: 'button' as const, text: a.text })) : [],
      closeButtonText: withActions ? 'Later' : undefined,
    });
    this.shown.get(plan.tag)?.notification.close();
    this.shown.set(plan.tag, { notification, requestId: plan.requestId });
    notification.on('click', () => this.opts.openThread(plan.threadId));
    notification.on('action', (details, legacyIndex) => {
      const index = details?.actionIndex ?? legacyIndex;
      const action = plan.actions[index];
      if (!action || !plan.requestId || !plan.requestMethod) return;
      void answerApprovalAction(this.opts.router, plan.requestId, plan.requestMethod, action.id).then((reply) => {
        if (!reply.ok) this.opts.log(`notifications: ${action.text} for ${plan.requestId} failed: ${reply.error.message}`);
      });
    });
    notification.on('close', () => {
      if (this.shown.get(plan.tag)?.notification === notification) this.shown.delete(plan.tag);
    });
    notification.show();
  }
}
