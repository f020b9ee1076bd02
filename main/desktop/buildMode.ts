// What a development build may do that a packaged (shipped) one may not, as pure
// decisions (main/electron applies them): DevTools, loading the renderer from
// another folder (CODEX_RENDERER_DIR) and a remote-debugging port would each let
// whoever controls the environment or command line script the app, so a packaged
// app refuses them all.

export interface BuildFacts {
  /** Electron's app.isPackaged: true when running from an installed bundle. */
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** renderer/dist inside the app bundle (or the checkout). */
  bundledRendererDir: string;
}

export interface BuildMode {
  development: boolean;
  /** webPreferences.devTools, and whether any menu entry or shortcut may open them. */
  devTools: boolean;
  /** Where app:// serves the renderer from. */
  rendererDir: string;
  /** Settings this build ignored, for the log. */
  ignored: string[];
}

export function buildMode(facts: BuildFacts): BuildMode {
  if (facts.isPackaged) {
    const ignored = facts.env.CODEX_RENDERER_DIR ? [`CODEX_RENDERER_DIR=${facts.env.CODEX_RENDERER_DIR} (packaged app: the bundled renderer is used)`] : [];
    return { development: false, devTools: false, rendererDir: facts.bundledRendererDir, ignored };
  }
  return {
    development: true,
    // The Electron e2e turns them off to keep the window count at one.
    devTools: !facts.env.CODEX_DESKTOP_NO_DEVTOOLS,
    rendererDir: facts.env.CODEX_RENDERER_DIR || facts.bundledRendererDir,
    ignored: [],
  };
}

/** Chromium switches that open a debugger to the app; a packaged app will not start with one. */
const DEBUG_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe', 'remote-debugging-address', 'inspect', 'inspect-brk', 'inspect-port'];

/** The debugging switches a packaged app was started with (it refuses to run); none in development. */
export function refusedDebugSwitches(mode: BuildMode, hasSwitch: (name: string) => boolean): string[] {
  if (mode.development) return [];
  return DEBUG_SWITCHES.filter((s) => hasSwitch(s));
}

export type ViewMenuEntry = 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'separator';

/**
 * The View menu (Electron menu roles). Electron's default one has "Toggle Developer
 * Tools" (Ctrl+Shift+I / Alt+Cmd+I); a packaged build leaves it out, so no entry
 * and no accelerator opens them. Reload stays: it only redraws the window.
 */
export function viewMenuEntries(mode: BuildMode): ViewMenuEntry[] {
  return [
    'reload',
    'forceReload',
    ...(mode.devTools ? (['toggleDevTools'] as const) : []),
    'separator',
    'resetZoom',
    'zoomIn',
    'zoomOut',
    'separator',
    'togglefullscreen',
  ];
}
