// The prompt being typed: text, cursor and the history Up/Down walk through.
// Pure, so key handling is tested without a terminal.
import { graphemes } from './textWidth.js';

export interface Composer {
  text: string;
  /** Cursor position in graphemes. */
  cursor: number;
  /** Sent prompts, oldest first. */
  history: string[];
  /** Which history entry is shown, or null while editing a new prompt. */
  historyIndex: number | null;
  /** What was typed before walking into the history. */
  draft: string;
}

export const emptyComposer = (history: string[] = []): Composer => ({ text: '', cursor: 0, history, historyIndex: null, draft: '' });

const chars = (s: string) => graphemes(s);
export const graphemesOf = chars;
const withText = (c: Composer, text: string, cursor: number): Composer => ({ ...c, text, cursor, historyIndex: null });

export function insert(c: Composer, s: string): Composer {
  // Pasted line breaks arrive as CR in raw mode.
  const clean = s.replace(/\r\n?/g, '\n').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
  if (!clean) return c;
  const g = chars(c.text);
  const add = chars(clean);
  return withText(c, [...g.slice(0, c.cursor), ...add, ...g.slice(c.cursor)].join(''), c.cursor + add.length);
}

export function backspace(c: Composer): Composer {
  if (c.cursor === 0) return c;
  const g = chars(c.text);
  g.splice(c.cursor - 1, 1);
  return withText(c, g.join(''), c.cursor - 1);
}

export function deleteForward(c: Composer): Composer {
  const g = chars(c.text);
  if (c.cursor >= g.length) return c;
  g.splice(c.cursor, 1);
  return withText(c, g.join(''), c.cursor);
}

/** Ctrl-W: the word before the cursor. */
export function deleteWordBack(c: Composer): Composer {
  const g = chars(c.text);
  let i = c.cursor;
  while (i > 0 && /\s/.test(g[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(g[i - 1]!)) i--;
  return withText(c, [...g.slice(0, i), ...g.slice(c.cursor)].join(''), i);
}

export function move(c: Composer, to: 'left' | 'right' | 'home' | 'end'): Composer {
  const len = chars(c.text).length;
  const cursor = to === 'left' ? Math.max(0, c.cursor - 1) : to === 'right' ? Math.min(len, c.cursor + 1) : to === 'home' ? 0 : len;
  return { ...c, cursor };
}

/** Up: the previous sent prompt (the first Up keeps what was typed as the draft). */
export function historyUp(c: Composer): Composer {
  if (c.history.length === 0) return c;
  const index = c.historyIndex === null ? c.history.length - 1 : Math.max(0, c.historyIndex - 1);
  const text = c.history[index]!;
  return { ...c, text, cursor: chars(text).length, historyIndex: index, draft: c.historyIndex === null ? c.text : c.draft };
}

export function historyDown(c: Composer): Composer {
  if (c.historyIndex === null) return c;
  if (c.historyIndex >= c.history.length - 1) return { ...c, text: c.draft, cursor: chars(c.draft).length, historyIndex: null };
  const text = c.history[c.historyIndex + 1]!;
  return { ...c, text, cursor: chars(text).length, historyIndex: c.historyIndex + 1 };
}

/** Takes the text to send; the composer is empty again and remembers it. */
export function submit(c: Composer): { text: string; next: Composer } {
  const text = c.text.trim();
  const history = text && c.history.at(-1) !== text ? [...c.history, text] : c.history;
  return { text, next: emptyComposer(history) };
}

/** Ctrl-R: the newest sent prompts containing `query`, newest first. */
export function historyMatches(c: Composer, query: string): string[] {
  const q = query.toLowerCase();
  const out: string[] = [];
  for (let i = c.history.length - 1; i >= 0; i--) {
    const h = c.history[i]!;
    if (h.toLowerCase().includes(q) && !out.includes(h)) out.push(h);
  }
  return out;
}

/** Puts `text` in the composer, cursor at the end (history kept). */
export function withDraft(c: Composer, text: string): Composer {
  return { ...emptyComposer(c.history), text, cursor: chars(text).length };
}
