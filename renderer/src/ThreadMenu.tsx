// The thread menu (sidebar rows and the conversation header): rename, fork,
// edit last message, compact, hand off (Local <-> Worktree), archive, delete.
// One list for both places.
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { archiveThread, askDelete, compactThread, editLastMessage, forkThread, startRename } from './threadActions.js';
import { useStore } from './store.js';
import { Icon } from './icons.js';
import { handOff } from './worktrees.js';

interface MenuEntry {
  label: string;
  run: () => void | Promise<void>;
  danger?: boolean;
  /** Why it cannot run now (a turn is running), shown as its tooltip. */
  disabledReason?: string;
}

export function ThreadMenu({ threadId, place }: { threadId: string; place: 'sidebar' | 'header' }) {
  const [open, setOpen] = useState(false);
  const running = useStore((s) => Boolean(s.views[threadId]?.turnId));
  // Only a thread in a git checkout can move between Local and a worktree.
  const workspace = useStore((s) => s.threads.find((t) => t.id === threadId)?.workspace?.kind);
  const root = useRef<HTMLSpanElement>(null);
  const list = useRef<HTMLUListElement>(null);
  // Opened: the first entry takes the focus, so the keyboard can go on from there.
  useEffect(() => {
    if (open) list.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    // Escape closes the menu wherever the focus is, before the app's Escape (interrupt) sees it.
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setOpen(false);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', escape, true);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', escape, true);
    };
  }, [open]);
  const busy = running ? 'Wait for the running turn to end (or interrupt it)' : undefined;
  const entries: MenuEntry[] = [
    { label: 'Rename', run: () => startRename(threadId, place) },
    { label: 'Fork', run: () => forkThread(threadId) },
    { label: 'Edit last message', run: () => editLastMessage(threadId), disabledReason: busy },
    { label: 'Compact now', run: () => compactThread(threadId), disabledReason: busy },
    ...(workspace
      ? [
          workspace === 'worktree'
            ? { label: 'Hand off to Local', run: () => handOff(threadId, 'local'), disabledReason: busy }
            : { label: 'Hand off to Worktree', run: () => handOff(threadId, 'worktree'), disabledReason: busy },
        ]
      : []),
    { label: 'Archive', run: () => archiveThread(threadId), disabledReason: busy },
    { label: 'Delete…', run: () => askDelete(threadId), danger: true, disabledReason: busy },
  ];
  return (
    <span className="thread-menu" ref={root}>
      <button
        type="button"
        className="link menu-button"
        aria-label="Thread actions"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(!open);
        }}
      >
        <Icon name="more" />
      </button>
      {open && (
        <ul ref={list} className="menu" role="menu" aria-label="Thread actions" onKeyDown={(e) => moveFocus(e, list.current)}>
          {entries.map((m) => (
            <li key={m.label} role="none">
              <button
                type="button"
                role="menuitem"
                className={m.danger ? 'danger' : undefined}
                disabled={Boolean(m.disabledReason)}
                title={m.disabledReason}
                onClick={(e) => {
                  e.stopPropagation();
                  setOpen(false);
                  void m.run();
                }}
              >
                {m.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}

/** Arrow keys move between the menu's enabled entries (wrapping around). */
function moveFocus(e: ReactKeyboardEvent, menu: HTMLUListElement | null): void {
  if ((e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || !menu) return;
  e.preventDefault();
  const items = [...menu.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  const next = (at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
  items[next]?.focus();
}
