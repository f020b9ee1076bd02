// The transcript is drawn as lines of styled spans computed here, not by the
// renderer: the TUI then knows exactly how many rows each cell takes, which the
// full-screen viewport needs to show the newest rows and to scroll.
import { graphemes, graphemeWidth, textWidth } from './textWidth.js';

export interface Style {
  color?: 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray';
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

export interface Span {
  text: string;
  style?: Style;
}

export type Line = Span[];

export const span = (text: string, style?: Style): Span => (style ? { text, style } : { text });

export function lineWidth(line: Line): number {
  let w = 0;
  for (const s of line) w += textWidth(s.text);
  return w;
}

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

/**
 * Wraps one logical line to `width` columns. Breaks after spaces where it can,
 * inside a word only when the word alone is wider than the line. Continuation
 * rows start with `indent` (e.g. under a list bullet).
 */
export function wrapLine(line: Line, width: number, indent: Line = []): Line[] {
  const max = Math.max(1, width);
  if (lineWidth(line) <= max) return [line];
  const indentWidth = lineWidth(indent);
  // Cells: one grapheme each with its style, so a break may fall anywhere.
  const cells: { g: string; w: number; style: Style | undefined }[] = [];
  for (const s of line) for (const g of graphemes(s.text)) cells.push({ g, w: graphemeWidth(g), style: s.style });
  const rows: Line[] = [];
  let start = 0;
  let first = true;
  while (start < cells.length) {
    const room = Math.max(1, first ? max : max - indentWidth);
    let used = 0;
    let end = start;
    let lastBreak = -1;
    while (end < cells.length && used + cells[end]!.w <= room) {
      used += cells[end]!.w;
      if (cells[end]!.g === ' ') lastBreak = end + 1;
      end++;
    }
    if (end === start) end = start + 1; // a grapheme wider than the row
    if (end < cells.length && lastBreak > start) end = lastBreak;
    rows.push([...(first ? [] : indent), ...joinCells(cells.slice(start, end))]);
    start = end;
    // A break at spaces does not carry the spaces to the next row.
    while (start < cells.length && cells[start]!.g === ' ' && end === lastBreak) start++;
    first = false;
  }
  return rows;
}

function joinCells(cells: { g: string; style: Style | undefined }[]): Span[] {
  const out: Span[] = [];
  for (const c of cells) {
    const prev = out.at(-1);
    if (prev && prev.style === c.style) prev.text += c.g;
    else out.push(c.style ? { text: c.g, style: c.style } : { text: c.g });
  }
  return out;
}

/** Cuts a line to `width` columns (for rows that must not wrap). */
export function truncateLine(line: Line, width: number): Line {
  if (lineWidth(line) <= width) return line;
  const out: Span[] = [];
  let used = 0;
  for (const s of line) {
    let text = '';
    for (const g of graphemes(s.text)) {
      const w = graphemeWidth(g);
      if (used + w > width - 1) {
        out.push({ ...s, text: text });
        out.push({ text: '…', style: s.style });
        return out.filter((x) => x.text);
      }
      used += w;
      text += g;
    }
    out.push({ ...s, text });
  }
  return out;
}
