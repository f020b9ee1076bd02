// `@` in the composer: the mention being typed, and the order its candidates
// (from the server's fuzzyFileSearch, session.ts) are shown in.
import { graphemes } from './textWidth.js';
import type { Composer } from './composer.js';

/** The `@word` being typed at the cursor: where it starts (grapheme index) and what follows the @. */
export function mentionAtCursor(c: Composer): { start: number; query: string } | null {
  const before = graphemes(c.text).slice(0, c.cursor).join('');
  const m = /(^|\s)@(\S*)$/.exec(before);
  if (!m) return null;
  return { start: c.cursor - graphemes(m[2]!).length - 1, query: m[2]! };
}

/** Best matches first: name contains the query, then path contains it, then its letters in order. */
export function searchFiles(files: readonly string[], query: string, limit = 8): string[] {
  const q = query.toLowerCase();
  const scored: { f: string; score: number }[] = [];
  for (const f of files) {
    const lower = f.toLowerCase();
    const name = lower.slice(lower.lastIndexOf('/') + 1);
    let score: number;
    if (!q) score = 3;
    else if (name.startsWith(q)) score = 0;
    else if (name.includes(q)) score = 1;
    else if (lower.includes(q)) score = 2;
    else if (isSubsequence(q, lower)) score = 3;
    else continue;
    scored.push({ f, score });
  }
  scored.sort((a, b) => a.score - b.score || a.f.length - b.f.length || a.f.localeCompare(b.f));
  return scored.slice(0, limit).map((s) => s.f);
}

function isSubsequence(q: string, s: string): boolean {
  let i = 0;
  for (const ch of s) if (ch === q[i]) i++;
  return i === q.length;
}
