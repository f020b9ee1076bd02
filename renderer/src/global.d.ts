import type { CodexApi } from '../../shared/ipc/api.js';

declare global {
  interface Window {
    /** Provided by the preload (Electron) or the test shim; never electron itself. */
    readonly codex: CodexApi;
  }
}
export {};
