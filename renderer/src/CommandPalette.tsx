import { listboxKeyDown } from './listboxKeys.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { setPaletteOpen, useStore } from './store.js';
import { appCommands, matchPalette, type Command } from './commands.js';

export { IS_MAC } from './commands.js';

export function CommandPalette() {
  const open = useStore((s) => s.paletteOpen);
  const threads = useStore((s) => s.threads);
  const activeId = useStore((s) => s.activeId);
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
  const commands = useMemo(() => appCommands({ activeId, threads, home }), [activeId, threads, home]);
  const shown = matchPalette(commands, query).slice(0, 50);
  if (!open) return null;
  const run = (c: Command | undefined) => {
    if (!c) return;
    setPaletteOpen(false);
    void c.run('');
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
          onKeyDown={(e) => listboxKeyDown(e, { count: shown.length, move: setSelected, pick: () => run(shown[selected]), close: () => setPaletteOpen(false) })}
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
