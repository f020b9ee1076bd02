// An answer still streaming is drawn every frame; parsing all of it each time
// makes a long answer slower with every line. Its complete lines are drawn
// once and kept (per item), and each frame parses only what came after them.
// Kept lines end where no code fence is open; where a blank line separates
// blocks, the blank row is kept too. When the answer completes it is drawn
// whole again (cellLines.ts), so any transient difference (a style spanning
// the cut) is gone then.
import { markdownLines } from './markdownLines.js';
import type { Line } from './styledLine.js';

interface Kept {
  width: number;
  /** Text drawn into `lines`; always ends with a line break. */
  text: string;
  lines: Line[];
  /** Fence lines seen in `text` (odd: a code block is open). */
  fences: number;
}

const kept = new Map<string, Kept>();
const FENCE = /^\s*(```|~~~)/gm;

function join(a: Line[], b: Line[], blankBetween: boolean): Line[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return blankBetween ? [...a, [], ...b] : [...a, ...b];
}

const blankAt = (before: string, after: string) => before.endsWith('\n\n') || after.startsWith('\n');

export function streamingMarkdownLines(id: string, text: string, width: number): Line[] {
  let k = kept.get(id);
  if (!k || k.width !== width || !text.startsWith(k.text)) k = { width, text: '', lines: [], fences: 0 };
  const cut = text.lastIndexOf('\n') + 1;
  if (cut > k.text.length) {
    const add = text.slice(k.text.length, cut);
    const fences = k.fences + (add.match(FENCE)?.length ?? 0);
    if (fences % 2 === 0) k = { width, text: text.slice(0, cut), lines: join(k.lines, markdownLines(add, width, true), blankAt(k.text, add)), fences };
  }
  kept.set(id, k);
  const rest = text.slice(k.text.length);
  return join(k.lines, markdownLines(rest, width, true), blankAt(k.text, rest));
}

/** Forgets an item's kept lines (it completed). */
export function forgetStreaming(id: string): void {
  kept.delete(id);
}
