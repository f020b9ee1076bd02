// Test host: serves the renderer build over http on 127.0.0.1 and bridges the
// desktop IPC contract over a loopback WebSocket (random token, origin checked),
// hosting the REAL AppServer. The browser side is e2e/support/codexShim.ts, which
// implements `window.codex` on top of this socket, so the same renderer build the
// Electron app loads runs in plain Chromium. Never used by the shipped app.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, WebSocket } from 'ws';
import { AppServer } from '../../main/core/server/appServer.js';
import { UPDATE_STATUS_CHANNEL, type BridgeInvoke, type BridgeMessage, type PushChannel, type UpdateStatus } from '../../shared/ipc/contract.js';
import { IpcRouter, type UpdateHost } from '../../main/ipc/router.js';
import { contentTypeOf, rendererCsp, resolveStaticPath } from '../../main/desktop/staticFiles.js';
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
  /** ws://127.0.0.1:<port>/__codex (needs ?token=) */
  wsUrl: string;
  token: string;
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

export const BRIDGE_PATH = '/__codex';

export async function startTestHost(opts: TestHostOptions): Promise<TestHost> {
  const token = randomBytes(24).toString('hex');
  const recentLog: string[] = [];
  const log = (line: string) => {
    recentLog.push(line);
    if (recentLog.length > 500) recentLog.shift();
    opts.log?.(line);
  };
  const sockets = new Set<WebSocket>();
  const send = (ws: WebSocket, msg: BridgeMessage) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
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
  const pushToPages = (channel: PushChannel, payload: unknown) => {
    for (const ws of sockets) send(ws, { push: channel, payload });
  };
  const router = new IpcRouter({
    openLink: (url, text) => linkOpener.request(url, text),
    openSignInPage: (url) => linkOpener.openSignInPage(url),
    // The app's own report writer, into the folder the stand-in dialog answers.
    exportProblemReport: async (destDir) =>
      exportProblemReport({ codexHome: appServer.codexHome(), destDir, version: opts.version ?? '0.0.0-test', appLog: recentLog }).dir,
    recentProjects: recent ? () => recent : undefined,
    pickFolder: async (defaultPath) => {
      folderPicker.askedAt.push(defaultPath);
      return folderPicker.answer;
    },
    push: (channel: PushChannel, payload) => {
      feedShell(tracker, notifications, channel, payload, router.viewState());
      pushToPages(channel, payload);
    },
    log,
    onRequestServed: (method, params) => forgetClosedThread(tracker, method, params),
    onView: (view) => markViewedSeen(tracker, view),
    updates: opts.updates?.((status) => pushToPages(UPDATE_STATUS_CHANNEL, status)),
  });
  const appServer = new AppServer({
    source: { custom: 'desktop' },
    originator: 'codex_desktop',
    version: opts.version ?? '0.0.0-test',
    host: router,
    env: opts.env,
    codexHome: opts.codexHome,
    onWarning: (m) => log(`warning: ${m}`),
  });
  router.attach(appServer);
  notifications = new NotificationCenter({
    tracker,
    router,
    server: appServer,
    sink,
    // The page's own focus stands in for the window's.
    view: () => ({ windowFocused: router.viewState()?.focused ?? false, viewedThreadId: router.viewState()?.threadId }),
    openThread: (threadId) => router.openThread(threadId),
    log,
  });

  let origin = '';
  const http: Server = createServer((req, res) => {
    void serveStatic(req, opts.rendererDir, origin).then(
      ({ status, type, body }) => {
        res.writeHead(status, {
          'content-type': type,
          'content-security-policy': rendererCsp(`ws://${new URL(origin).host}`),
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        });
        res.end(body);
      },
      () => {
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const wss = new WebSocketServer({
    server: http,
    path: BRIDGE_PATH,
    maxPayload: 4 * 1024 * 1024,
    verifyClient: ({ req, origin: o }: { req: IncomingMessage; origin: string }) => o === origin && tokenMatches(req.url, token),
  });
  wss.on('connection', (ws) => {
    sockets.add(ws);
    router.replayPending();
    ws.on('message', (data) => {
      let msg: BridgeInvoke;
      try {
        msg = JSON.parse(String(data));
      } catch {
        log('bridge: dropped a frame that is not JSON');
        return;
      }
      if (!msg || typeof msg !== 'object' || typeof msg.seq !== 'number') {
        log('bridge: dropped a frame without seq');
        return;
      }
      void router.invoke(msg.channel, msg.payload).then((reply) => send(ws, { seq: msg.seq, reply }));
    });
    ws.on('close', () => sockets.delete(ws));
  });

  return {
    url: `${origin}/`,
    wsUrl: `ws://127.0.0.1:${port}${BRIDGE_PATH}`,
    token,
    server: appServer,
    tracker,
    notifications: sink.shown,
    folderPicker,
    links,
    clickNotification: (tag) => sink.find(tag).events.click(),
    actOnNotification: (tag, action) => sink.find(tag).events.action(action),
    async close() {
      notifications?.dispose();
      router.close();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await appServer.shutdown();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function tokenMatches(url: string | undefined, token: string): boolean {
  const given = new URL(url ?? '/', 'http://x').searchParams.get('token') ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function serveStatic(req: IncomingMessage, root: string, _origin: string): Promise<{ status: number; type: string; body: Buffer | string }> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, type: 'text/plain', body: 'method not allowed' };
  const file = resolveStaticPath(root, new URL(req.url ?? '/', 'http://x').pathname);
  if (!file) return { status: 400, type: 'text/plain', body: 'bad path' };
  try {
    return { status: 200, type: contentTypeOf(file), body: await readFile(file) };
  } catch {
    return { status: 404, type: 'text/plain', body: 'not found' };
  }
}
