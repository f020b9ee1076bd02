// Styled lines as raw ANSI text, for what is drawn without Ink (the first
// frame, painted before Ink has loaded). Same styles as the Ink view uses.
import type { Line, Style } from './styledLine.js';

const COLOR: Record<NonNullable<Style['color']>, number> = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90 };

function sgr(style: Style): string {
  const codes: number[] = [];
  if (style.bold) codes.push(1);
  if (style.dim) codes.push(2);
  if (style.italic) codes.push(3);
  if (style.underline) codes.push(4);
  if (style.inverse) codes.push(7);
  if (style.color) codes.push(COLOR[style.color]);
  return codes.length ? `\x1b[${codes.join(';')}m` : '';
}

/** One row: its spans, styles reset after each, the rest of the row cleared. */
export function ansiLine(line: Line): string {
  let out = '';
  for (const s of line) {
    const on = s.style ? sgr(s.style) : '';
    out += on ? `${on}${s.text}\x1b[0m` : s.text;
  }
  return `${out}\x1b[K`;
}
