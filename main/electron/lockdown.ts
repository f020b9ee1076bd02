// App-wide lock-down: every webContents the app ever creates (the main window,
// any later window, devtools, a <webview> or popup that slipped through) gets the
// same rules, installed from 'web-contents-created' before the first window
// exists. The decisions are main/desktop/windowPolicy.ts's; this only wires them.
import { app, session, type Session, type WebContents } from 'electron';
import { navigationAllowed, permissionAllowed, WEBVIEWS_ALLOWED, windowOpenAction } from '../desktop/windowPolicy.js';

export interface LockdownOptions {
  appOrigin: string;
  /** Development builds only (main/desktop/buildMode.ts); false: any DevTools that open are closed again. */
  devTools: boolean;
  /** The link prompt (main/desktop/externalLink.ts): web and mail links from window.open go there. */
  askToOpenExternally: (url: string) => void;
  log: (line: string) => void;
}

export function installLockdown(opts: LockdownOptions): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, opts));
  // Sessions of contents made before 'ready' are covered here; later ones per contents.
  void app.whenReady().then(() => lockDownSession(session.defaultSession, opts.log));
}

function lockDownContents(contents: WebContents, opts: LockdownOptions): void {
  const { log } = opts;
  const what = () => `${contents.getType()} ${contents.id}`;
  contents.on('will-navigate', (event) => {
    if (navigationAllowed(event.url, opts.appOrigin)) return;
    event.preventDefault();
    log(`lockdown: blocked navigation of ${what()} to ${event.url}`);
  });
  // Subframes (the CSP allows none; this holds even if one appears).
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || navigationAllowed(event.url, opts.appOrigin)) return;
    event.preventDefault();
    log(`lockdown: blocked a frame of ${what()} navigating to ${event.url}`);
  });
  contents.on('will-redirect', (event) => {
    if (navigationAllowed(event.url, opts.appOrigin)) return;
    event.preventDefault();
    log(`lockdown: blocked redirect of ${what()} to ${event.url}`);
  });
  contents.on('will-attach-webview', (event) => {
    if (WEBVIEWS_ALLOWED) return;
    event.preventDefault();
    log(`lockdown: blocked a <webview> in ${what()}`);
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenAction(url);
    if (decision.askToOpenExternally) opts.askToOpenExternally(url);
    else log(`lockdown: blocked window.open(${url}) from ${what()}`);
    return { action: decision.action };
  });
  if (!opts.devTools) {
    contents.on('devtools-opened', () => {
      log(`lockdown: closed DevTools of ${what()} (not a development build)`);
      contents.closeDevTools();
    });
  }
  lockDownSession(contents.session, log);
}

const lockedSessions = new WeakSet<Session>();

/** Every permission request and check is denied (a partition's session as well as the default one). */
function lockDownSession(ses: Session, log: (line: string) => void): void {
  if (lockedSessions.has(ses)) return;
  lockedSessions.add(ses);
  ses.setPermissionRequestHandler((_wc, permission, callback) => {
    const allowed = permissionAllowed(permission);
    if (!allowed) log(`lockdown: denied permission ${permission}`);
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));
  ses.setDevicePermissionHandler(() => false);
  // Screen capture needs a display-media handler to be granted at all; none is ever set.
}
