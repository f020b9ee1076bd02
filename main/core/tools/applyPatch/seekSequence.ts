// Finding a chunk's lines in a file, tolerating the small differences models
// introduce. Each pass scans every candidate position before the next, looser,
// pass is tried: exact, then ignoring trailing whitespace, then ignoring
// surrounding whitespace, then also folding typographic punctuation and
// unusual spaces to their ASCII equivalents.

import { trim, trimEnd } from './text.js';

const PUNCTUATION_FOLDS: Record<string, string> = {};
for (const c of '\u2010\u2011\u2012\u2013\u2014\u2015\u2212') PUNCTUATION_FOLDS[c] = '-';
for (const c of '\u2018\u2019\u201A\u201B') PUNCTUATION_FOLDS[c] = "'";
for (const c of '\u201C\u201D\u201E\u201F') PUNCTUATION_FOLDS[c] = '"';
for (const c of '\u00A0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000') {
  PUNCTUATION_FOLDS[c] = ' ';
}
const FOLDABLE = new RegExp(`[${Object.keys(PUNCTUATION_FOLDS).join('')}]`, 'g');

/** Trims, then maps dashes, quotes and special spaces to ASCII. */
export function normaliseLine(s: string): string {
  return trim(s).replace(FOLDABLE, (c) => PUNCTUATION_FOLDS[c]!);
}

const PASSES: ((s: string) => string)[] = [(s) => s, trimEnd, trim, normaliseLine];

/**
 * Returns the index in `lines` where `pattern` occurs at or after `start`, or
 * undefined. With `eof`, only the position where the pattern ends at the last
 * line is considered (and only if it is not before `start`). An empty pattern
 * matches at `start`.
 */
export function seekSequence(lines: readonly string[], pattern: readonly string[], start: number, eof: boolean): number | undefined {
  if (pattern.length === 0) return start;
  if (pattern.length > lines.length) return undefined;
  const last = lines.length - pattern.length;
  const from = eof ? Math.max(start, last) : start;
  for (const norm of PASSES) {
    const wanted = pattern.map(norm);
    const hay = norm === PASSES[0] ? lines : lines.map(norm);
    for (let i = from; i <= last; i++) {
      let ok = true;
      for (let j = 0; j < wanted.length; j++) {
        if (hay[i + j] !== wanted[j]) {
          ok = false;
          break;
        }
      }
      if (ok) return i;
    }
  }
  return undefined;
}
