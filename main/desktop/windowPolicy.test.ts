import { describe, expect, it } from 'vitest';
import { mainWindowOptions, navigationAllowed, permissionAllowed, WEBVIEWS_ALLOWED, windowOpenAction } from './windowPolicy.js';

describe('window policy', () => {
  it('creates an isolated, sandboxed renderer without Node', () => {
    expect(mainWindowOptions('/app/preload.cjs', { width: 1280, height: 840 }, false)).toEqual({
      width: 1280,
      height: 840,
      minWidth: 760,
      minHeight: 480,
      title: 'Codex',
      show: false,
      webPreferences: {
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        devTools: false,
      },
    });
  });

  it('keeps navigation on the app origin, reloads and in-app URLs included', () => {
    // A reload or a renderer-initiated navigation to the app itself stays allowed.
    for (const url of [
      'app://codex/index.html',
      'app://codex/index.html#thread',
      'app://codex/index.html?reload=1',
      'app://CODEX/index.html',
      'app://codex/',
    ]) {
      expect(navigationAllowed(url, 'app://codex'), url).toBe(true);
    }
    for (const url of [
      'https://example.com/',
      'app://evil/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://codex.evil.com/',
      'app://codex@evil/',
      'data:text/html,<script>1</script>',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      '',
    ]) {
      expect(navigationAllowed(url, 'app://codex'), url).toBe(false);
    }
  });

  it('never opens a window; only web and mail links go to the link prompt', () => {
    for (const url of ['https://platform.openai.com/docs', 'http://localhost:3000/', 'mailto:someone@example.com']) {
      expect(windowOpenAction(url), url).toEqual({ action: 'deny', askToOpenExternally: true });
    }
    for (const url of ['file:///etc/passwd', 'app://codex/index.html', 'smb://share/x', 'javascript:alert(1)', 'mailto:', 'about:blank', '']) {
      expect(windowOpenAction(url), url).toEqual({ action: 'deny', askToOpenExternally: false });
    }
  });

  it('grants no permission and attaches no webview', () => {
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'display-capture']) {
      expect(permissionAllowed(p), p).toBe(false);
    }
    expect(WEBVIEWS_ALLOWED).toBe(false);
  });
});
