// xterm.js and its fit addon, loaded on first use (import()) so the app's
// start-up bundle does not carry a terminal emulator nobody opened yet.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';

export interface Emulator {
  term: Terminal;
  fit: FitAddon;
}

export function createEmulator(opts: { onData: (data: string) => void; passKey: (e: KeyboardEvent) => boolean }): Emulator {
  const term = new Terminal({ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13, scrollback: 5000, cursorBlink: true });
  const fit = new FitAddon();
  term.loadAddon(fit);
  // Keys the app keeps for itself (the panel toggle) never reach the shell.
  term.attachCustomKeyEventHandler((e) => !opts.passKey(e));
  term.onData(opts.onData);
  return { term, fit };
}
