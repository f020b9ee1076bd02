import { useEffect, useMemo, useRef, useState } from 'react';
import { formatCwd } from './format.js';
import { SHORTCUTS, shortcutLabel, type ShortcutAction } from './shortcuts.js';
import { toggleTerminal } from './terminals.js';
import { interrupt, newThreadLikeActive, openSettings, openThread, refreshThreads, setDiffMode, setPaletteOpen, setTheme, switchThread, useStore } from './store.js';

interface Command {
  id: string;
  title: string;
  hint?: string;
  run: () => void | Promise<void>;
}

export const IS_MAC = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

function keysFor(action: ShortcutAction): string | undefined {
  const s = SHORTCUTS.find((x) => x.action === action);
  return s ? shortcutLabel(s.keys, IS_MAC) : undefined;
}

function toggleActiveTerminal(): void {
  const id = useStore.getState().activeId;
  if (id) toggleTerminal(id);
}

export function CommandPalette() {
  const open = useStore((s) => s.paletteOpen);
  const threads = useStore((s) => s.threads);
  const home = useStore((s) => s.homeDir);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) {
      setQuery('');
      setSelected(0);
      input.current?.focus();
    }
  }, [open]);
  const commands = useMemo<Command[]>(
    () => [
      { id: 'new', title: 'New thread', hint: keysFor('newThread'), run: newThreadLikeActive },
      { id: 'settings', title: 'Open settings', hint: keysFor('settings'), run: openSettings },
      { id: 'interrupt', title: 'Interrupt the running turn', hint: keysFor('interrupt'), run: interrupt },
      { id: 'next', title: 'Next thread', hint: keysFor('nextThread'), run: () => switchThread(1) },
      { id: 'prev', title: 'Previous thread', hint: keysFor('previousThread'), run: () => switchThread(-1) },
      { id: 'terminal', title: 'Toggle terminal', hint: keysFor('toggleTerminal'), run: () => toggleActiveTerminal() },
      { id: 'refresh', title: 'Refresh thread list', run: refreshThreads },
      { id: 'theme-light', title: 'Theme: light', run: () => setTheme('light') },
      { id: 'theme-dark', title: 'Theme: dark', run: () => setTheme('dark') },
      { id: 'theme-system', title: 'Theme: follow the system', run: () => setTheme('system') },
      { id: 'diff-unified', title: 'Diffs: unified view', run: () => setDiffMode('unified') },
      { id: 'diff-split', title: 'Diffs: split view', run: () => setDiffMode('split') },
      ...threads.map((t) => ({ id: `thread-${t.id}`, title: `Go to: ${t.preview || '(new thread)'}`, hint: formatCwd(t.cwd, home), run: () => openThread(t.id) })),
    ],
    [threads, home],
  );
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = commands.filter((c) => words.every((w) => `${c.title} ${c.hint ?? ''}`.toLowerCase().includes(w))).slice(0, 50);
  if (!open) return null;
  const run = (c: Command | undefined) => {
    if (!c) return;
    setPaletteOpen(false);
    void c.run();
  };
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && setPaletteOpen(false)}>
      <div className="palette" role="dialog" aria-label="Command palette">
        <input
          ref={input}
          aria-label="Command"
          placeholder="Type a command or a thread…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setSelected(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setSelected((i) => Math.min(i + 1, shown.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setSelected((i) => Math.max(i - 1, 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              run(shown[selected]);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setPaletteOpen(false);
            }
          }}
        />
        <ul role="listbox" aria-label="Commands">
          {shown.map((c, i) => (
            <li key={c.id} role="option" aria-selected={i === selected} className={i === selected ? 'selected' : undefined} onMouseDown={() => run(c)}>
              <span>{c.title}</span>
              {c.hint && <span className="meta">{c.hint}</span>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
