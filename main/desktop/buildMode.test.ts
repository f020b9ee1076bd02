import { describe, expect, it } from 'vitest';
import { buildMode, refusedDebugSwitches, viewMenuEntries } from './buildMode.js';

const BUNDLED = '/opt/Codex/resources/app.asar/renderer/dist';

describe('build mode', () => {
  it('a packaged app has no DevTools and ignores CODEX_RENDERER_DIR', () => {
    const mode = buildMode({ isPackaged: true, env: { CODEX_RENDERER_DIR: '/tmp/evil-renderer' }, bundledRendererDir: BUNDLED });
    expect(mode).toEqual({
      development: false,
      devTools: false,
      rendererDir: BUNDLED,
      ignored: ['CODEX_RENDERER_DIR=/tmp/evil-renderer (packaged app: the bundled renderer is used)'],
    });
    // Not even when the variable that only ever turned them off is unset.
    expect(buildMode({ isPackaged: true, env: {}, bundledRendererDir: BUNDLED })).toMatchObject({ devTools: false, rendererDir: BUNDLED, ignored: [] });
  });

  it('a development build has DevTools (unless turned off) and honours CODEX_RENDERER_DIR', () => {
    expect(buildMode({ isPackaged: false, env: { CODEX_RENDERER_DIR: '/work/renderer/dist' }, bundledRendererDir: BUNDLED })).toEqual({
      development: true,
      devTools: true,
      rendererDir: '/work/renderer/dist',
      ignored: [],
    });
    expect(buildMode({ isPackaged: false, env: { CODEX_DESKTOP_NO_DEVTOOLS: '1' }, bundledRendererDir: BUNDLED })).toMatchObject({
      devTools: false,
      rendererDir: BUNDLED,
    });
  });

  it('the View menu offers Toggle Developer Tools only in development; reload stays in both', () => {
    const packaged = viewMenuEntries(buildMode({ isPackaged: true, env: {}, bundledRendererDir: BUNDLED }));
    const dev = viewMenuEntries(buildMode({ isPackaged: false, env: {}, bundledRendererDir: BUNDLED }));
    expect(packaged).not.toContain('toggleDevTools');
    expect(dev).toContain('toggleDevTools');
    for (const entries of [packaged, dev]) expect(entries).toEqual(expect.arrayContaining(['reload', 'forceReload', 'zoomIn', 'togglefullscreen']));
  });

  it('a packaged app refuses a remote-debugging port or inspector; development does not', () => {
    const given = new Set(['remote-debugging-port', 'inspect']);
    const has = (name: string) => given.has(name);
    expect(refusedDebugSwitches(buildMode({ isPackaged: true, env: {}, bundledRendererDir: BUNDLED }), has)).toEqual(['remote-debugging-port', 'inspect']);
    expect(refusedDebugSwitches(buildMode({ isPackaged: true, env: {}, bundledRendererDir: BUNDLED }), () => false)).toEqual([]);
    expect(refusedDebugSwitches(buildMode({ isPackaged: false, env: {}, bundledRendererDir: BUNDLED }), has)).toEqual([]);
  });
});
