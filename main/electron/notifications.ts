// Native notifications: Electron's sink for the NotificationCenter (which
// decides, checks the setting and routes clicks and Approve / Deny).
import { app, Notification } from 'electron';
import type { NotificationEvents, NotificationSink, ShownNotification } from '../desktop/notificationCenter.js';
import type { NotificationPlan } from '../desktop/notificationPolicy.js';

/** Windows shows toasts only for an app with an AppUserModelId (same as electron-builder's appId). */
export const APP_USER_MODEL_ID = 'com.codexdesktop.app';

export function setUpNotificationIdentity(): void {
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}

export class NativeNotificationSink implements NotificationSink {
  /** Electron drops the handlers of collected notifications: keep the shown ones alive. */
  private readonly alive = new Set<Notification>();

  supported(): boolean {
    return Notification.isSupported();
  }

  show(plan: NotificationPlan, events: NotificationEvents): ShownNotification {
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
    this.alive.add(notification);
    notification.on('click', () => events.click());
    notification.on('action', (details, legacyIndex) => {
      const action = plan.actions[details?.actionIndex ?? legacyIndex];
      if (action) events.action(action.id);
    });
    notification.on('close', () => {
      this.alive.delete(notification);
      events.closed();
    });
    notification.show();
    return {
      close: () => {
        this.alive.delete(notification);
        notification.close();
      },
    };
  }
}
