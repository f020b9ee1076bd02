// `@` file mentions in the composer, as Codex's composer does them: the
// `@token` under the cursor (from the whitespace before it to the whitespace
// after) is the picker's query; choosing a file replaces the token with the
// path (in double quotes when it holds whitespace) and one space. Pure.

export interface AtToken {
  /** Offsets of the whole token, '@' included. */
  start: number;
  end: number;
  /** What follows the '@' (may be empty: the picker opens on '@' alone). */
  query: string;
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

function tokenAround(text: string, at: number): { start: number; end: number } {
  let start = at;
  while (start > 0 && !isSpace(text[start - 1])) start--;
  let end = at;
  while (end < text.length && !isSpace(text[end])) end++;
  return { start, end };
}

/** The `@token` the cursor is in or touching, or null. */
export function atTokenAt(text: string, cursor: number): AtToken | null {
  const candidates = [tokenAround(text, cursor)];
  // On whitespace right after a token, the token to the left counts (the user just typed it).
  if (isSpace(text[cursor]) && cursor > 0 && !isSpace(text[cursor - 1])) candidates.push(tokenAround(text, cursor - 1));
  for (const { start, end } of candidates) {
    if (end > start && text[start] === '@') return { start, end, query: text.slice(start + 1, end) };
  }
  return null;
}

/** The text after choosing `path` for `token`, and where the cursor goes (after the separator). */
export function insertMention(text: string, token: AtToken, path: string): { text: string; cursor: number } {
  const inserted = /\s/.test(path) && !path.includes('"') ? `"${path}"` : path;
  const before = text.slice(0, token.start) + inserted;
  const after = text.slice(token.end);
  // One separating space: reuse the one already there.
  if (isSpace(after[0])) return { text: before + after, cursor: before.length + 1 };
  return { text: `${before} ${after}`, cursor: before.length + 1 };
}
