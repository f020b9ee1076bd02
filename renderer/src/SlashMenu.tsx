// The composer's `/` menu: the app's commands (the palette's list, commands.ts)
// filtered by what follows the slash. Enter or Tab runs the selected one with
// whatever was typed after its name; Escape closes the menu and keeps the text.
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useStore } from './store.js';
import { appCommands, matchSlash, parseSlash, type Command } from './commands.js';

export interface SlashMenuState {
  /** Entries shown (empty: no menu). */
  items: Command[];
  selected: number;
  /** Handles a key in the composer; true when the menu took it. */
  onKeyDown: (e: KeyboardEvent) => boolean;
  run: (c: Command) => void;
}

export function useSlashMenu(text: string, setText: (t: string) => void): SlashMenuState {
  const activeId = useStore((s) => s.activeId);
  const home = useStore((s) => s.homeDir);
  const commands = useMemo(() => appCommands({ activeId, threads: [], home }), [activeId, home]);
  const [selected, setSelected] = useState(0);
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  const items = dismissedFor === text ? [] : matchSlash(commands, text);
  const at = Math.min(selected, Math.max(items.length - 1, 0));
  const run = (c: Command) => {
    const arg = parseSlash(text)?.name === c.slash ? (parseSlash(text)?.arg ?? '') : '';
    setText('');
    setSelected(0);
    void c.run(arg);
  };
  const onKeyDown = (e: KeyboardEvent): boolean => {
    if (!items.length) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setSelected((at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      // Closes the menu only; the running turn is not interrupted by this Escape.
      e.stopPropagation();
      setDismissedFor(text);
      return true;
    }
    if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      e.preventDefault();
      run(items[at]!);
      return true;
    }
    return false;
  };
  return { items, selected: at, onKeyDown, run };
}

export function SlashMenu({ menu }: { menu: SlashMenuState }) {
  if (!menu.items.length) return null;
  return (
    <ul className="slash-menu" role="listbox" aria-label="Commands">
      {menu.items.map((c, i) => (
        <li
          key={c.id}
          role="option"
          aria-selected={i === menu.selected}
          className={i === menu.selected ? 'selected' : undefined}
          onMouseDown={(e) => {
            e.preventDefault();
            menu.run(c);
          }}
        >
          <span className="slash-name">
            /{c.slash}
            {c.arg && <span className="meta"> {c.arg}</span>}
          </span>
          <span className="meta">{c.title}</span>
        </li>
      ))}
    </ul>
  );
}
