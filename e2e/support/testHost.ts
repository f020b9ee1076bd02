// Test host: the production web UI host (main/web/webHost.ts, what `codex web`
// runs) on 127.0.0.1 with the real AppServer, plus stand-ins for what only the
// desktop has: native notifications, the OS folder dialog and the OS browser.
// Pages open through a one-time pairing link and get `window.codex` from the
// browser build's own bridge (renderer/web/bridge.ts).
import { join } from 'node:path';
import type { AppServer } from '../../main/core/server/appServer.js';
import { UPDATE_STATUS_CHANNEL, type PushChannel, type UpdateStatus } from '../../shared/ipc/contract.js';
import type { UpdateHost } from '../../main/ipc/router.js';
import { startWebHost, type WebHost } from '../../main/web/webHost.js';
import { ActivityTracker } from '../../main/desktop/activityTracker.js';
import { NotificationCenter, type NotificationEvents, type NotificationSink } from '../../main/desktop/notificationCenter.js';
import type { NotificationAction, NotificationPlan } from '../../main/desktop/notificationPolicy.js';
import { feedShell, forgetClosedThread, markViewedSeen } from '../../main/desktop/trayAndNotificationFeed.js';
import { ExternalLinkOpener, type LinkPrompt } from '../../shared/externalLink.js';
import { exportProblemReport } from '../../main/desktop/problemReport.js';
import { RecentProjects, recentProjectsPath } from '../../main/desktop/recentProjects.js';

export interface TestHostOptions {
  /** The renderer build (renderer/dist). */
  rendererDir: string;
  codexHome?: string;
  env?: NodeJS.ProcessEnv;
  version?: string;
  log?: (line: string) => void;
  /** The updater behind Settings › Updates (e.g. a real UpdateService on a loopback feed), given how to push its status to the page. */
  updates?: (pushStatus: (status: UpdateStatus) => void) => UpdateHost;
  /** The app's data folder (recent-projects.json); default: a folder under codexHome, else none kept. */
  dataDir?: string;
}

export interface TestHost {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** A fresh one-time pairing link (http://127.0.0.1:<port>/#pair=...). */
  pairingLink(): string;
  web: WebHost;
  server: AppServer;
  /** The tray's view of the threads, fed exactly as in the Electron app. */
  tracker: ActivityTracker;
  /** Notifications the app would have shown natively, in order, with what happened to them. */
  notifications: RecordedNotification[];
  /** A click on a shown notification (opens its thread in the renderer). */
  clickNotification(tag: string): void;
  /**
   * Stands in for the OS folder dialog: what the next pick answers (a path, or
   * null for Cancel); each pick also records the folder it was asked to open at.
   */
  folderPicker: { answer: string | null; askedAt: (string | null)[] };
  /**
   * Stands in for the link prompt and the OS browser: what the user answers
   * (true: Open), every prompt that was shown, and every URL handed to the OS
   * (sign-in pages too, which open without a prompt).
   */
  links: { answer: boolean; prompts: LinkPrompt[]; opened: string[] };
  /** Approve / Deny on a shown approval notification. */
  actOnNotification(tag: string, action: NotificationAction['id']): void;
  close(): Promise<void>;
}

export interface RecordedNotification {
  plan: NotificationPlan;
  closed: boolean;
  events: NotificationEvents;
}

/** Stands in for native toasts: records what would be shown (the decisions are the app's own). */
class RecordingSink implements NotificationSink {
  readonly shown: RecordedNotification[] = [];
  supported(): boolean {
    return true;
  }
  show(plan: NotificationPlan, events: NotificationEvents) {
    const entry: RecordedNotification = { plan, closed: false, events };
    this.shown.push(entry);
    return { close: () => void (entry.closed = true) };
  }
  find(tag: string): RecordedNotification {
    const entry = this.shown.findLast((n) => n.plan.tag === tag && !n.closed);
    if (!entry) throw new Error(`no open notification with tag ${tag}`);
    return entry;
  }
}

export async function startTestHost(opts: TestHostOptions): Promise<TestHost> {
  const recentLog: string[] = [];
  const log = (line: string) => {
    recentLog.push(line);
    if (recentLog.length > 500) recentLog.shift();
    opts.log?.(line);
  };
  const tracker = new ActivityTracker();
  const sink = new RecordingSink();
  let notifications: NotificationCenter | undefined;
  const folderPicker: TestHost['folderPicker'] = { answer: null, askedAt: [] };
  // The Electron app keeps it in userData; CODEX_HOME's parent is the test's HOME, so a folder beside it stands in.
  const dataDir = opts.dataDir ?? (opts.codexHome ? join(opts.codexHome, '..', 'desktop-data') : undefined);
  const recent = dataDir ? new RecentProjects(recentProjectsPath(dataDir), log) : undefined;
  const links: TestHost['links'] = { answer: false, prompts: [], opened: [] };
  // The app's own opener; only the dialog and shell.openExternal are stood in for.
  const linkOpener = new ExternalLinkOpener({
    confirm: async (prompt) => {
      links.prompts.push(prompt);
      return links.answer;
    },
    open: async (url) => void links.opened.push(url),
    log,
  });
  const version = opts.version ?? '0.0.0-test';
  const web: WebHost = await startWebHost({
    rendererDir: opts.rendererDir,
    host: '127.0.0.1',
    port: 0,
    appServer: {
      source: { custom: 'desktop' },
      originator: 'codex_desktop',
      version,
      env: opts.env,
      codexHome: opts.codexHome,
      onWarning: (m) => log(`warning: ${m}`),
    },
    router: {
      openLink: (url, text) => linkOpener.request(url, text),
      openSignInPage: (url) => linkOpener.openSignInPage(url),
      // The app's own report writer, into the folder the stand-in dialog answers.
      exportProblemReport: async (destDir) => exportProblemReport({ codexHome: web.server.codexHome(), destDir, version, appLog: recentLog }).dir,
      pickFolder: async (defaultPath) => {
        folderPicker.askedAt.push(defaultPath);
        return folderPicker.answer;
      },
      onRequestServed: (method, params) => forgetClosedThread(tracker, method, params),
      onView: (view) => markViewedSeen(tracker, view),
      recentProjects: recent ? () => recent : undefined,
      updates: opts.updates?.((status) => web.push(UPDATE_STATUS_CHANNEL, status)),
    },
    // The tray and notifications are fed as in the Electron app.
    onPush: (channel: PushChannel, payload) => feedShell(tracker, notifications, channel, payload, web.router.viewState()),
    log,
  });
  const { router, server } = web;
  notifications = new NotificationCenter({
    tracker,
    router,
    server,
    sink,
    // The page's own focus stands in for the window's.
    view: () => ({ windowFocused: router.viewState()?.focused ?? false, viewedThreadId: router.viewState()?.threadId }),
    openThread: (threadId) => router.openThread(threadId),
    log,
  });

  return {
    url: web.url,
    pairingLink: () => web.pairingLink(),
    web,
    server,
    tracker,
    notifications: sink.shown,
    folderPicker,
    links,
    clickNotification: (tag) => sink.find(tag).events.click(),
    actOnNotification: (tag, action) => sink.find(tag).events.action(action),
    async close() {
      notifications?.dispose();
      await web.close();
    },
  };
}
