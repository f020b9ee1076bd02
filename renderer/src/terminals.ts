// The terminal panel's state: per thread, whether the panel is open, its tabs
// and the active one. Each tab is the user's shell in the thread's folder, a
// PTY `command/exec` (not sandboxed: it is the user's own terminal) that the
// host keeps across window reloads; its xterm.js instance lives here, outside
// React, so switching threads or hiding the panel keeps the scrollback.
import { create } from 'zustand';
import type { Emulator } from './terminalEmulator.js';
import type { NotificationPayload, TerminalSnapshot } from '../../shared/ipc/api.js';
import { useStore } from './store.js';
import type * as TerminalEmulatorModule from './terminalEmulator.js';

export interface TerminalTab {
  processId: string;
  threadId: string;
  title: string;
  exited: boolean;
  exitCode: number | null;
}

interface TerminalState {
  tabs: TerminalTab[];
  /** Threads whose panel is open. */
  open: Record<string, boolean>;
  /** The active tab per thread. */
  active: Record<string, string>;
  /** Panel height in pixels (shared by every thread). */
  height: number;
  error: string | null;
}

export const MIN_PANEL_HEIGHT = 120;
const HEIGHT_KEY = 'codex.terminal.height';

/** The panel height the user left, where the page has storage (not in unit tests under Node). */
function storedHeight(): number {
  return typeof localStorage === 'undefined' ? 0 : Number(localStorage.getItem(HEIGHT_KEY));
}

export const useTerminals = create<TerminalState>(() => ({
  tabs: [],
  open: {},
  active: {},
  height: storedHeight() || 260,
  error: null,
}));

const api = () => window.codex;

/** processIds name their thread, so a reloaded window knows where each terminal belongs. */
const PREFIX = 'terminal:';
export function terminalProcessId(threadId: string): string {
  return `${PREFIX}${threadId}:${crypto.randomUUID()}`;
}
export function threadOfProcessId(processId: string): string | null {
  if (!processId.startsWith(PREFIX)) return null;
  const rest = processId.slice(PREFIX.length);
  const colon = rest.lastIndexOf(':');
  return colon > 0 ? rest.slice(0, colon) : null;
}

interface Instance extends Emulator {
  /** The size last sent to the PTY. */
  sent: { rows: number; cols: number } | null;
  started: boolean;
}

/**
 * Input typed before the shell's command/exec was sent: a write then would
 * reach a process id the core does not know yet and be lost. Queued here per
 * tab (from the xterm, or from the panel before xterm.js has loaded) and sent,
 * in order, right after the command/exec request, which the host serves first.
 */
const pendingInput = new Map<string, string[]>();
const startedTabs = new Set<string>();
/**
 * Per tab, its emulator once xterm.js has loaded. Every write goes through
 * the same promise, so output keeps its order across the load.
 */
const instances = new Map<string, Promise<Instance>>();
// Loaded on first use (a dynamic import keeps xterm.js out of the start-up bundle).
let emulatorModule: Promise<typeof TerminalEmulatorModule> | undefined;

function instanceFor(processId: string): Promise<Instance> {
  let inst = instances.get(processId);
  if (inst) return inst;
  emulatorModule ??= import('./terminalEmulator.js');
  inst = emulatorModule.then(({ createEmulator }) => {
    const emulator = createEmulator({ passKey: isToggleKey, onData: (data) => sendInput(processId, data) });
    return { ...emulator, sent: null, started: false };
  });
  instances.set(processId, inst);
  return inst;
}

/** Keys for the shell: sent at once when its command/exec went out, else queued until it does. */
export function sendInput(processId: string, data: string): void {
  const tab = useTerminals.getState().tabs.find((t) => t.processId === processId);
  if (!tab || tab.exited) return;
  if (!startedTabs.has(processId)) {
    pendingInput.set(processId, [...(pendingInput.get(processId) ?? []), data]);
    return;
  }
  void api()
    .request('command/exec/write', { processId, deltaBase64: utf8ToBase64(data) })
    .catch(() => {});
}

/** The shell's command/exec was sent (or the tab re-attached to a running one): queued input follows it. */
function markStarted(processId: string): void {
  startedTabs.add(processId);
  const queued = pendingInput.get(processId) ?? [];
  pendingInput.delete(processId);
  if (queued.length) sendInput(processId, queued.join(''));
}

/**
 * A key pressed in the panel before xterm.js has taken the focus (it loads on
 * first use): what a terminal would send for it, or null for keys left to the
 * app (its shortcuts) or that a shell would not need this early.
 */
export function keyInput(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): string | null {
  if (e.metaKey || e.altKey) return null;
  // Ctrl+C and Ctrl+D only: the other Ctrl keys are the app's shortcuts until xterm.js has the focus.
  if (e.ctrlKey) return e.key.toLowerCase() === 'c' ? '\x03' : e.key.toLowerCase() === 'd' ? '\x04' : null;
  if (e.key === 'Enter') return '\r';
  if (e.key === 'Backspace') return '\x7f';
  if (e.key === 'Tab') return '\t';
  return e.key.length === 1 || /^\p{L}$/u.test(e.key) ? e.key : null;
}

function write(processId: string, data: string | Uint8Array): void {
  void instances.get(processId)?.then((inst) => inst.term.write(data));
}

/** Mod+J (the Codex app's) or Ctrl+` (VS Code's): the panel toggle, kept from the shell. */
export function isToggleKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }): boolean {
  const mac = /Mac/.test(navigator.platform);
  const mod = mac ? e.metaKey : e.ctrlKey;
  if (e.altKey || e.shiftKey) return false;
  return (mod && e.key.toLowerCase() === 'j') || (e.ctrlKey && e.key === '`');
}

function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The user's shell: $SHELL of the host's environment, resolved by sh there. */
function shellCommand(): string[] {
  if (/Win/.test(navigator.platform)) return ['powershell.exe', '-NoLogo'];
  return ['/bin/sh', '-c', 'exec "${SHELL:-/bin/sh}"'];
}

function cwdOf(threadId: string): string | null {
  const s = useStore.getState();
  return s.views[threadId]?.cwd ?? s.threads.find((t) => t.id === threadId)?.cwd ?? null;
}

function markExited(processId: string, exitCode: number | null): void {
  const tab = useTerminals.getState().tabs.find((t) => t.processId === processId);
  if (!tab || tab.exited) return;
  useTerminals.setState((s) => ({ tabs: s.tabs.map((t) => (t.processId === processId ? { ...t, exited: true, exitCode } : t)) }));
  write(processId, exitLine(exitCode));
}

export function toggleTerminal(threadId: string): void {
  const open = !useTerminals.getState().open[threadId];
  useTerminals.setState((s) => ({ open: { ...s.open, [threadId]: open } }));
  if (open && !useTerminals.getState().tabs.some((t) => t.threadId === threadId)) newTerminal(threadId);
}

export function newTerminal(threadId: string): void {
  const processId = terminalProcessId(threadId);
  const n = useTerminals.getState().tabs.filter((t) => t.threadId === threadId).length + 1;
  useTerminals.setState((s) => ({
    tabs: [...s.tabs, { processId, threadId, title: `Terminal ${n}`, exited: false, exitCode: null }],
    active: { ...s.active, [threadId]: processId },
    open: { ...s.open, [threadId]: true },
  }));
}

export function selectTerminal(threadId: string, processId: string): void {
  useTerminals.setState((s) => ({ active: { ...s.active, [threadId]: processId } }));
}

export async function closeTerminal(processId: string): Promise<void> {
  const tab = useTerminals.getState().tabs.find((t) => t.processId === processId);
  if (!tab) return;
  if (!tab.exited)
    await api()
      .request('command/exec/terminate', { processId })
      .catch(() => {});
  await api()
    .forgetTerminal(processId)
    .catch(() => {});
  const inst = instances.get(processId);
  instances.delete(processId);
  pendingInput.delete(processId);
  startedTabs.delete(processId);
  void inst?.then((i) => i.term.dispose());
  useTerminals.setState((s) => {
    const tabs = s.tabs.filter((t) => t.processId !== processId);
    const rest = tabs.filter((t) => t.threadId === tab.threadId);
    const active = { ...s.active };
    if (active[tab.threadId] === processId) {
      if (rest.length) active[tab.threadId] = rest[rest.length - 1]!.processId;
      else delete active[tab.threadId];
    }
    return { tabs, active, open: rest.length ? s.open : { ...s.open, [tab.threadId]: false } };
  });
}

export function setPanelHeight(height: number): void {
  const h = Math.max(MIN_PANEL_HEIGHT, Math.round(height));
  localStorage.setItem(HEIGHT_KEY, String(h));
  useTerminals.setState({ height: h });
}

/**
 * Shows a tab's terminal in `container` (opening xterm there the first time,
 * moving its element back after), fits it, and starts its shell once the size
 * is known. Returns the detach function.
 */
export function attachTerminal(processId: string, container: HTMLElement): () => void {
  let detached = false;
  let observer: ResizeObserver | undefined;
  let shown: Instance | undefined;
  void instanceFor(processId).then((inst) => {
    if (detached) return;
    shown = inst;
    if (!inst.term.element) inst.term.open(container);
    else container.appendChild(inst.term.element);
    const refit = () => {
      if (!container.isConnected || container.clientHeight === 0) return;
      inst.fit.fit();
      const size = { rows: inst.term.rows, cols: inst.term.cols };
      if (!inst.started) return start(processId, inst, size);
      if (inst.sent && inst.sent.rows === size.rows && inst.sent.cols === size.cols) return;
      inst.sent = size;
      const tab = useTerminals.getState().tabs.find((t) => t.processId === processId);
      if (tab && !tab.exited)
        void api()
          .request('command/exec/resize', { processId, size })
          .catch(() => {});
    };
    observer = new ResizeObserver(refit);
    observer.observe(container);
    refit();
    inst.term.focus();
  });
  return () => {
    detached = true;
    observer?.disconnect();
    shown?.term.element?.remove();
  };
}

function start(processId: string, inst: Instance, size: { rows: number; cols: number }): void {
  inst.started = true;
  inst.sent = size;
  const tab = useTerminals.getState().tabs.find((t) => t.processId === processId);
  if (!tab) return;
  const exec = api().request('command/exec', {
    command: shellCommand(),
    processId,
    tty: true,
    size,
    cwd: cwdOf(tab.threadId),
    env: { TERM: 'xterm-256color', COLORTERM: 'truecolor' },
    // The user's own shell, as in any terminal: not sandboxed, no timeout, no output cap.
    sandboxPolicy: { type: 'dangerFullAccess' },
    disableTimeout: true,
    disableOutputCap: true,
  });
  markStarted(processId);
  exec.then(
    (r) => markExited(processId, r.exitCode),
    (err: Error) => {
      write(processId, `\x1b[31m${err.message}\x1b[0m\r\n`);
      markExited(processId, null);
    },
  );
}

function exitLine(exitCode: number | null): string {
  return `\r\n\x1b[2m[process exited${exitCode === null ? '' : ` with code ${exitCode}`}]\x1b[0m\r\n`;
}

function onNotification(n: NotificationPayload): void {
  if (n.method !== 'command/exec/outputDelta') return;
  write(n.params.processId, base64ToBytes(n.params.deltaBase64));
}

/** Terminals the host still holds (after a reload): their tabs come back with their output. */
function adopt(snapshots: TerminalSnapshot[]): void {
  const mine = snapshots.filter((t) => threadOfProcessId(t.processId) !== null && !useTerminals.getState().tabs.some((x) => x.processId === t.processId));
  if (!mine.length) return;
  const counts = new Map<string, number>();
  const tabs: TerminalTab[] = mine.map((t) => {
    const threadId = threadOfProcessId(t.processId)!;
    const n = (counts.get(threadId) ?? 0) + 1;
    counts.set(threadId, n);
    // Already running (or ended) in the host: replayed, never started again.
    void instanceFor(t.processId).then((inst) => (inst.started = true));
    markStarted(t.processId);
    write(t.processId, base64ToBytes(t.outputBase64));
    if (t.exited) write(t.processId, exitLine(t.exitCode));
    return { processId: t.processId, threadId, title: `Terminal ${n}`, exited: t.exited, exitCode: t.exitCode };
  });
  useTerminals.setState((s) => {
    const active = { ...s.active };
    const open = { ...s.open };
    for (const t of tabs) {
      active[t.threadId] ??= t.processId;
      open[t.threadId] = true;
    }
    return { tabs: [...s.tabs, ...tabs], active, open };
  });
}

export function connectTerminals(): () => void {
  const offN = api().onNotification(onNotification);
  const offExit = api().onTerminalExited(({ processId, exitCode }) => markExited(processId, exitCode));
  void api()
    .listTerminals()
    .then(adopt, (err: Error) => useTerminals.setState({ error: err.message }));
  return () => {
    offN();
    offExit();
  };
}
