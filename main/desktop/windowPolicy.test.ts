import { describe, expect, it } from 'vitest';
import { mainWindowOptions, navigationAllowed, windowOpenAction } from './windowPolicy.js';

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

  it('keeps navigation on the app origin', () => {
    expect(navigationAllowed('app://codex/index.html#thread', 'app://codex')).toBe(true);
    for (const url of ['https://example.com/', 'app://evil/index.html', 'file:///etc/passwd', 'javascript:alert(1)', 'app://codex.evil.com/', '']) {
      expect(navigationAllowed(url, 'app://codex'), url).toBe(false);
    }
  });

  it('opens only web and mail links outside, never a second window', () => {
    expect(windowOpenAction('https://platform.openai.com/docs')).toEqual({ openExternally: true });
    expect(windowOpenAction('http://localhost:3000/')).toEqual({ openExternally: true });
    expect(windowOpenAction('mailto:someone@example.com')).toEqual({ openExternally: true });
    for (const url of ['file:///etc/passwd', 'app://codex/index.html', 'smb://share/x', 'javascript:alert(1)']) {
      expect(windowOpenAction(url), url).toEqual({ openExternally: false });
    }
  });
});
