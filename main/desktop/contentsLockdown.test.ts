// The lock-down wiring against a stand-in for Electron's WebContents (an event
// emitter with the members Electron has): each event the app can receive is
// fired as Electron fires it, and what was cancelled, asked or granted is checked.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { lockDownContents, type LockableContents, type LockableSession, type NavigationEvent } from './contentsLockdown.js';

class StandInSession implements LockableSession {
  request?: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
  check?: (wc: unknown, permission: string) => boolean;
  device?: (details: unknown) => boolean;
  setPermissionRequestHandler(h: NonNullable<StandInSession['request']>) {
    this.request = h;
  }
  setPermissionCheckHandler(h: NonNullable<StandInSession['check']>) {
    this.check = h;
  }
  setDevicePermissionHandler(h: NonNullable<StandInSession['device']>) {
    this.device = h;
  }
}

class StandInContents extends EventEmitter implements LockableContents {
  openHandler?: (d: { url: string }) => { action: 'deny' };
  devToolsOpen = false;
  constructor(
    readonly id: number,
    readonly session: StandInSession,
    private readonly type = 'window',
  ) {
    super();
  }
  getType() {
    return this.type;
  }
  setWindowOpenHandler(h: NonNullable<StandInContents['openHandler']>) {
    this.openHandler = h;
  }
  closeDevTools() {
    this.devToolsOpen = false;
  }
  /** Fires a cancellable event as Electron does; true when a listener cancelled it. */
  fire(name: string, fields: { url?: string; isMainFrame?: boolean } = {}): boolean {
    let cancelled = false;
    const event: NavigationEvent = { url: fields.url ?? '', isMainFrame: fields.isMainFrame, preventDefault: () => void (cancelled = true) };
    this.emit(name, event);
    return cancelled;
  }
}

function setup(devTools = false, type = 'window') {
  const asked: string[] = [];
  const log: string[] = [];
  const contents = new StandInContents(7, new StandInSession(), type);
  lockDownContents(contents, { appOrigin: 'app://codex', devTools, askToOpenExternally: (u) => asked.push(u), log: (l) => log.push(l) });
  return { contents, asked, log };
}

describe('webContents lock-down', () => {
  it('cancels navigation and redirects off the app origin, and lets the app itself (reloads) through', () => {
    const { contents, log } = setup();
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(contents.fire(event, { url: 'https://example.com/' }), event).toBe(true);
      expect(contents.fire(event, { url: 'file:///etc/passwd' }), event).toBe(true);
      expect(contents.fire(event, { url: 'app://codex/index.html' }), event).toBe(false);
      expect(contents.fire(event, { url: 'app://codex/index.html?reload=1#t' }), event).toBe(false);
    }
    expect(log).toContain('lockdown: blocked navigation of window 7 to https://example.com/');
  });

  it("cancels a subframe leaving the app origin (the main frame is will-navigate's)", () => {
    const { contents } = setup();
    expect(contents.fire('will-frame-navigate', { url: 'https://example.com/', isMainFrame: false })).toBe(true);
    expect(contents.fire('will-frame-navigate', { url: 'app://codex/frame.html', isMainFrame: false })).toBe(false);
    expect(contents.fire('will-frame-navigate', { url: 'https://example.com/', isMainFrame: true })).toBe(false);
    expect(contents.fire('will-navigate', { url: 'https://example.com/' })).toBe(true);
  });

  it('denies every new window; web and mail links go to the link prompt, nothing else does', () => {
    const { contents, asked, log } = setup();
    for (const url of ['https://example.com/x', 'mailto:a@b.org', 'file:///etc/passwd', 'app://codex/index.html', 'javascript:1']) {
      expect(contents.openHandler!({ url }), url).toEqual({ action: 'deny' });
    }
    expect(asked).toEqual(['https://example.com/x', 'mailto:a@b.org']);
    expect(log).toContain('lockdown: blocked window.open(file:///etc/passwd) from window 7');
  });

  it('cancels every <webview>, in any kind of webContents', () => {
    for (const type of ['window', 'webview', 'remote', 'browserView']) {
      expect(setup(false, type).contents.fire('will-attach-webview'), type).toBe(true);
    }
  });

  it("denies every permission request and check on the contents' session", () => {
    const { contents, log } = setup();
    const answers: boolean[] = [];
    for (const p of ['media', 'notifications', 'geolocation', 'openExternal', 'clipboard-read']) contents.session.request!(contents, p, (g) => answers.push(g));
    expect(answers).toEqual([false, false, false, false, false]);
    expect(contents.session.check!(contents, 'media')).toBe(false);
    expect(contents.session.device!({ deviceType: 'usb' })).toBe(false);
    expect(log).toContain('lockdown: denied permission media');
  });

  it('closes DevTools that open in a build without them; leaves them in development', () => {
    const packaged = setup(false);
    packaged.contents.devToolsOpen = true;
    packaged.contents.emit('devtools-opened');
    expect(packaged.contents.devToolsOpen).toBe(false);
    const dev = setup(true);
    dev.contents.devToolsOpen = true;
    dev.contents.emit('devtools-opened');
    expect(dev.contents.devToolsOpen).toBe(true);
  });

  it('a second webContents on the same session keeps the same handlers', () => {
    const session = new StandInSession();
    const a = new StandInContents(1, session);
    lockDownContents(a, { appOrigin: 'app://codex', devTools: false, askToOpenExternally: () => {}, log: () => {} });
    const first = session.request;
    const b = new StandInContents(2, session, 'remote');
    lockDownContents(b, { appOrigin: 'app://codex', devTools: false, askToOpenExternally: () => {}, log: () => {} });
    expect(session.request).toBe(first);
    expect(b.fire('will-navigate', { url: 'https://example.com/' })).toBe(true);
  });
});
