// Keyboard shortcuts: one table, matched against keydown events. "Mod" is Cmd on
// macOS and Ctrl elsewhere. Pure, so the table is unit tested without a DOM.

export type ShortcutAction =
  'newThread' | 'send' | 'interrupt' | 'nextThread' | 'previousThread' | 'commandPalette' | 'settings' | 'focusSearch' | 'toggleTerminal';

export interface Shortcut {
  action: ShortcutAction;
  /** e.g. "Mod+N", "Escape", "Mod+Shift+P" */
  keys: string;
  label: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'newThread', keys: 'Mod+N', label: 'New thread' },
  { action: 'send', keys: 'Mod+Enter', label: 'Send message' },
  { action: 'interrupt', keys: 'Escape', label: 'Interrupt the running turn' },
  { action: 'nextThread', keys: 'Mod+Shift+ArrowDown', label: 'Next thread' },
  { action: 'previousThread', keys: 'Mod+Shift+ArrowUp', label: 'Previous thread' },
  { action: 'commandPalette', keys: 'Mod+K', label: 'Command palette' },
  { action: 'commandPalette', keys: 'Mod+Shift+P', label: 'Command palette' },
  { action: 'settings', keys: 'Mod+,', label: 'Settings' },
  { action: 'focusSearch', keys: 'Mod+F', label: 'Search threads' },
  // The Codex app's terminal toggle, and VS Code's (Ctrl+` on every platform).
  { action: 'toggleTerminal', keys: 'Mod+J', label: 'Toggle terminal' },
  { action: 'toggleTerminal', keys: 'Ctrl+`', label: 'Toggle terminal' },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

function matches(keys: string, e: KeyLike, mac: boolean): boolean {
  const parts = keys.split('+');
  const key = parts.pop()!;
  const want = new Set(parts);
  if (want.has('Ctrl')) {
    // A literal Ctrl (not Cmd on macOS): Ctrl held, Cmd not.
    if (!e.ctrlKey || e.metaKey) return false;
  } else {
    const mod = mac ? e.metaKey : e.ctrlKey;
    const other = mac ? e.ctrlKey : e.metaKey;
    if (want.has('Mod') !== mod || other) return false;
  }
  if (want.has('Shift') !== e.shiftKey || want.has('Alt') !== e.altKey) return false;
  return e.key.length === 1 ? e.key.toLowerCase() === key.toLowerCase() : e.key === key;
}

export function matchShortcut(e: KeyLike, mac: boolean): ShortcutAction | null {
  return SHORTCUTS.find((s) => matches(s.keys, e, mac))?.action ?? null;
}

/** "Mod+Shift+P" as shown to the user on this platform. */
export function shortcutLabel(keys: string, mac: boolean): string {
  return keys
    .split('+')
    .map((k) => (k === 'Mod' ? (mac ? '⌘' : 'Ctrl') : k === 'ArrowUp' ? '↑' : k === 'ArrowDown' ? '↓' : k))
    .join(mac ? '' : '+');
}

/** The thread after (step 1) or before (step -1) the active one, wrapping around. */
export function neighbourThread(ids: string[], activeId: string | null, step: 1 | -1): string | null {
  if (!ids.length) return null;
  const i = activeId ? ids.indexOf(activeId) : -1;
  if (i < 0) return step === 1 ? ids[0]! : ids[ids.length - 1]!;
  return ids[(i + step + ids.length) % ids.length]!;
}
