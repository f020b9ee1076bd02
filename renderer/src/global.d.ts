import type { CodexApi } from '../../shared/ipc/api.js';

declare global {
  interface Window {
    /** Provided by the preload (Electron) or the browser build's bridge (renderer/web/); never electron itself. */
    readonly codex: CodexApi;
  }
}
export {};
