// The app's commands, one list for the command palette (Ctrl/Cmd+K) and the
// composer's `/` menu. Thread commands act on the thread in view and exist only
// while one is open. A command's `slash` name is what follows `/`; `arg` says
// what may be typed after it (`/rename Release notes`, `/model gpt-5.4`).
import type { Thread } from '../../shared/protocol/types.js';
import { formatCwd, threadTitle } from './format.js';
import { SHORTCUTS, shortcutLabel, type ShortcutAction } from './shortcuts.js';
import { interrupt, newThreadLikeActive, openSettings, openThread, pick, refreshThreads, setDiffMode, setTheme, switchThread } from './store.js';
import { toggleTerminal } from './terminals.js';
import { archiveThread, askDelete, compactThread, editLastMessage, forkThread, renameThread, startRename } from './threadActions.js';

export interface Command {
  id: string;
  title: string;
  hint?: string;
  /** The name after `/` in the composer; absent: palette only. */
  slash?: string;
  /** What may follow the slash name, shown in the menu (e.g. "[name]"). */
  arg?: string;
  /** Runs it; `arg` is the text typed after the slash name (empty from the palette). */
  run: (arg: string) => void | Promise<void>;
}

export const IS_MAC = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

function keysFor(action: ShortcutAction): string | undefined {
  const s = SHORTCUTS.find((x) => x.action === action);
  return s ? shortcutLabel(s.keys, IS_MAC) : undefined;
}

/** Focuses the composer's model picker (the `/model` command without a name). */
function focusModelPicker(): void {
  document.querySelector<HTMLInputElement>('input[aria-label="Model"]')?.focus();
}

export interface CommandContext {
  /** The thread in view, if any. */
  activeId: string | null;
  /** Listed threads, for "Go to" (palette only). */
  threads: readonly Thread[];
  home: string | null;
}

export function appCommands({ activeId, threads, home }: CommandContext): Command[] {
  const general: Command[] = [
    { id: 'new', title: 'New thread', slash: 'new', hint: keysFor('newThread'), run: () => newThreadLikeActive() },
    { id: 'settings', title: 'Open settings', slash: 'settings', hint: keysFor('settings'), run: () => openSettings() },
    { id: 'interrupt', title: 'Interrupt the running turn', slash: 'interrupt', hint: keysFor('interrupt'), run: () => interrupt() },
  ];
  const thread: Command[] = activeId
    ? [
        {
          id: 'model',
          title: 'Model for the next turns',
          slash: 'model',
          arg: '[name]',
          run: (name) => (name.trim() ? pick({ model: name.trim() }) : focusModelPicker()),
        },
        { id: 'fork', title: 'Fork this thread', slash: 'fork', run: () => forkThread(activeId) },
        { id: 'compact', title: 'Compact the context now', slash: 'compact', run: () => compactThread(activeId) },
        {
          id: 'rename',
          title: 'Rename this thread',
          slash: 'rename',
          arg: '[name]',
          run: (name) => (name.trim() ? renameThread(activeId, name) : startRename(activeId, 'header')),
        },
        { id: 'edit', title: 'Edit the last message', slash: 'edit', run: () => editLastMessage(activeId) },
        { id: 'archive', title: 'Archive this thread', slash: 'archive', run: () => archiveThread(activeId) },
        { id: 'delete', title: 'Delete this thread…', slash: 'delete', run: () => askDelete(activeId) },
      ]
    : [];
  const view: Command[] = [
    { id: 'next', title: 'Next thread', hint: keysFor('nextThread'), run: () => switchThread(1) },
    ...(activeId
      ? [{ id: 'terminal', title: 'Toggle terminal', slash: 'terminal', hint: keysFor('toggleTerminal'), run: () => toggleTerminal(activeId) }]
      : []),
    { id: 'prev', title: 'Previous thread', hint: keysFor('previousThread'), run: () => switchThread(-1) },
    { id: 'refresh', title: 'Refresh thread list', run: () => refreshThreads() },
    { id: 'theme-light', title: 'Theme: light', slash: 'theme-light', run: () => setTheme('light') },
    { id: 'theme-dark', title: 'Theme: dark', slash: 'theme-dark', run: () => setTheme('dark') },
    { id: 'theme-system', title: 'Theme: follow the system', slash: 'theme-system', run: () => setTheme('system') },
    { id: 'diff-unified', title: 'Diffs: unified view', run: () => setDiffMode('unified') },
    { id: 'diff-split', title: 'Diffs: split view', run: () => setDiffMode('split') },
  ];
  const goTo = threads.map((t) => ({ id: `thread-${t.id}`, title: `Go to: ${threadTitle(t)}`, hint: formatCwd(t.cwd, home), run: () => openThread(t.id) }));
  return [...general, ...thread, ...view, ...goTo];
}

/** Palette filter: every typed word appears in the title or hint. */
export function matchPalette(commands: readonly Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((c) => words.every((w) => `${c.title} ${c.hint ?? ''}`.toLowerCase().includes(w)));
}

/** What the composer holds when it is a slash command: `/name rest`; null otherwise. */
export function parseSlash(text: string): { name: string; arg: string } | null {
  const m = /^\/(\S*)(?:\s+([\s\S]*))?$/.exec(text);
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), arg: m[2] ?? '' };
}

/**
 * The `/` menu's entries for what is typed: while the name is being typed
 * (no space yet), commands whose name starts with it, or when none does, those
 * whose title has a word starting with it; once a space follows, only the
 * command of exactly that name.
 */
export function matchSlash(commands: readonly Command[], text: string): Command[] {
  const parsed = parseSlash(text);
  if (!parsed) return [];
  const slashable = commands.filter((c) => c.slash);
  const typingName = !/\s/.test(text);
  if (!typingName) return slashable.filter((c) => c.slash === parsed.name);
  const byName = slashable.filter((c) => c.slash?.startsWith(parsed.name));
  if (byName.length || !parsed.name) return byName;
  return slashable.filter((c) =>
    c.title
      .toLowerCase()
      .split(/\W+/)
      .some((w) => w.startsWith(parsed.name)),
  );
}
