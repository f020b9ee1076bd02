// The keys of a search box that drives a listbox below it (the command palette,
// the project picker): arrows move the highlight within `count` rows, Enter
// picks it, Escape closes without letting the key reach the app's shortcuts.
import type { KeyboardEvent } from 'react';

export interface ListboxKeyActions {
  count: number;
  move: (change: (index: number) => number) => void;
  pick: () => void;
  close: () => void;
}

export function listboxKeyDown(e: KeyboardEvent, a: ListboxKeyActions): void {
  if (e.key === 'ArrowDown') a.move((i) => Math.min(i + 1, a.count - 1));
  else if (e.key === 'ArrowUp') a.move((i) => Math.max(i - 1, 0));
  else if (e.key === 'Enter') a.pick();
  else if (e.key === 'Escape') {
    e.stopPropagation();
    a.close();
  } else return;
  e.preventDefault();
}
