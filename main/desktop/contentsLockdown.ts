// Applies windowPolicy.ts's decisions to one webContents and its session. Written
// against the few members of Electron's WebContents / Session it uses (Electron's
// objects satisfy these types), so the wiring is tested without Electron:
// main/electron/lockdown.ts calls it for every webContents the app creates.
import { navigationAllowed, permissionAllowed, WEBVIEWS_ALLOWED, windowOpenAction } from './windowPolicy.js';

/** A cancellable Electron event carrying the target URL. */
export interface NavigationEvent {
  url: string;
  isMainFrame?: boolean;
  preventDefault(): void;
}

export interface LockableSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

export interface LockableContents {
  readonly id: number;
  readonly session: LockableSession;
  getType(): string;
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  closeDevTools(): void;
}

export interface ContentsLockdownOptions {
  appOrigin: string;
  /** Development builds only (buildMode.ts); false: any DevTools that open are closed again. */
  devTools: boolean;
  /** The link prompt (externalLink.ts): web and mail links from window.open go there. */
  askToOpenExternally: (url: string) => void;
  log: (line: string) => void;
}

export function lockDownContents(contents: LockableContents, opts: ContentsLockdownOptions): void {
  const { log } = opts;
  const what = () => `${contents.getType()} ${contents.id}`;
  const blockOffOrigin = (kind: string) => (event: NavigationEvent) => {
    // will-frame-navigate also fires for the main frame, which will-navigate covers.
    if (kind === 'frame' && event.isMainFrame) return;
    if (navigationAllowed(event.url, opts.appOrigin)) return;
    event.preventDefault();
    log(`lockdown: blocked ${kind} of ${what()} to ${event.url}`);
  };
  contents.on('will-navigate', blockOffOrigin('navigation'));
  // Subframes: the CSP allows none; this holds even if one appears.
  contents.on('will-frame-navigate', blockOffOrigin('frame'));
  contents.on('will-redirect', blockOffOrigin('redirect'));
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

const lockedSessions = new WeakSet<LockableSession>();

/** Every permission request and check is denied, for a partition's session as well as the default one. */
export function lockDownSession(ses: LockableSession, log: (line: string) => void): void {
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
