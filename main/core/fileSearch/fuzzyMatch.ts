// Fuzzy matching of a query against a path, scored like fzf's optimal
// algorithm: every query character must appear in order (case-insensitively);
// matches at word starts and in runs score higher, gaps cost. Returns the
// best alignment's score and the matched character positions (what a picker
// highlights), or null when the query is not a subsequence of the path.

const SCORE_MATCH = 16;
const GAP_START = -3;
const GAP_EXTENSION = -1;
const BONUS_BOUNDARY = 8;
/** After whitespace (fzf's boundary-white). */
const BONUS_BOUNDARY_WHITE = 10;
/** After a path separator: the start of a file or folder name. */
const BONUS_SEPARATOR = 9;
const BONUS_CAMEL = 7;
const BONUS_CONSECUTIVE = 4;
const BONUS_FIRST_CHAR_MULTIPLIER = 2;
/**
 * As Codex's ranking: a match wholly inside the last path component outranks
 * any match that needs the folders, and a name equal to the query outranks
 * both.
 */
export const BONUS_IN_NAME = 1 << 16;

export interface FuzzyMatch {
  score: number;
  /** Positions in the path (UTF-16 code units), ascending. */
  indices: number[];
}

function isLower(c: string): boolean {
  return c >= 'a' && c <= 'z';
}
function isUpper(c: string): boolean {
  return c >= 'A' && c <= 'Z';
}
function isAlnum(c: string): boolean {
  return isLower(c) || isUpper(c) || (c >= '0' && c <= '9');
}

/** The bonus for a match at position i, from the character before it. */
function positionBonus(text: string, i: number): number {
  // The start counts as just after a separator (nucleo's path matching).
  if (i === 0) return BONUS_SEPARATOR;
  const prev = text[i - 1]!;
  const cur = text[i]!;
  if (prev === ' ' || prev === '\t') return BONUS_BOUNDARY_WHITE;
  if (prev === '/' || prev === '\\') return BONUS_SEPARATOR;
  if (!isAlnum(prev) && isAlnum(cur)) return BONUS_BOUNDARY;
  if (isLower(prev) && isUpper(cur)) return BONUS_CAMEL;
  if (!(prev >= '0' && prev <= '9') && cur >= '0' && cur <= '9') return BONUS_CAMEL;
  return 0;
}

/**
 * `lowerQuery` must be lower-cased by the caller (done once per search, not
 * once per path). Cheap rejection first: most paths fail the subsequence test.
 */
export function fuzzyMatch(lowerQuery: string, path: string, lowerPath: string = path.toLowerCase(), kind: 'file' | 'directory' = 'file'): FuzzyMatch | null {
  if (lowerQuery.length === 0) return null;
  const nameStart = lowerPath.lastIndexOf('/') + 1;
  const exactName = lowerPath.length - nameStart === lowerQuery.length && lowerPath.endsWith(lowerQuery);
  // As Codex: a file whose name holds the query is matched in its name alone (even where
  // a match across folders would score higher), and ranks above every other match.
  if (kind === 'file') {
    const inName = align(lowerQuery, path, lowerPath, nameStart);
    if (inName) return { score: inName.score + (exactName ? 2 : 1) * BONUS_IN_NAME, indices: inName.indices };
    return nameStart === 0 ? null : align(lowerQuery, path, lowerPath, 0);
  }
  // A folder ranks by its path; one named exactly like the query comes first.
  const whole = align(lowerQuery, path, lowerPath, 0);
  return whole && exactName ? { score: whole.score + 2 * BONUS_IN_NAME, indices: whole.indices } : whole;
}

/** The best alignment of the query in lower[from..], scored; null when it is not a subsequence there. */
function align(lowerQuery: string, path: string, lower: string, from: number): FuzzyMatch | null {
  const m = lowerQuery.length;
  const n = lower.length;
  // Subsequence check, and the window [first, last] an alignment must lie in.
  let qi = 0;
  let first = -1;
  for (let i = from; i < n && qi < m; i++) {
    if (lower[i] === lowerQuery[qi]) {
      if (qi === 0) first = i;
      qi++;
    }
  }
  if (qi < m) return null;
  // One letter (the first keystroke, which matches most paths): its best-placed occurrence, no alignment to search.
  if (m === 1) return singleLetter(lowerQuery, path, lower, first);
  let last = n - 1;
  for (let i = n - 1, q = m - 1; i >= from; i--) {
    if (lower[i] === lowerQuery[q]) {
      if (q === m - 1) last = i;
      if (--q < 0) break;
    }
  }

  // S[q][k]: best score of query[0..q] with query[q] matched at first+k;
  // R[q][k]: length of the run of consecutive matches ending there;
  // F[q][k]: where query[q-1] was matched on that best alignment.
  const width = last - first + 1;
  const { S, R, F, bonus } = scratch(m * width, width);
  S.fill(-Infinity, 0, m * width);
  for (let k = 0; k < width; k++) bonus[k] = positionBonus(path, first + k);

  for (let k = 0; k < width; k++) {
    if (lower[first + k] !== lowerQuery[0]) continue;
    S[k] = SCORE_MATCH + bonus[k]! * BONUS_FIRST_CHAR_MULTIPLIER;
    R[k] = 1;
  }
  for (let q = 1; q < m; q++) {
    const qc = lowerQuery[q]!;
    const prevRow = (q - 1) * width;
    const row = q * width;
    // Best previous match with a gap of at least one character before k, and where it was.
    let gapBest = -Infinity;
    let gapFrom = -1;
    for (let k = 1; k < width; k++) {
      if (k >= 2) {
        const opened = S[prevRow + k - 2]! + GAP_START;
        const extended = gapBest + GAP_EXTENSION;
        if (opened >= extended) {
          gapBest = opened;
          gapFrom = k - 2;
        } else gapBest = extended;
      }
      if (lower[first + k] !== qc) continue;
      const b = bonus[k]!;
      let best = -Infinity;
      let run = 0;
      let from = -1;
      const diag = S[prevRow + k - 1]!;
      if (diag > -Infinity) {
        const prevRun = R[prevRow + k - 1]!;
        // A run keeps the bonus of the word start it began at, as fzf does.
        best = diag + SCORE_MATCH + Math.max(b, BONUS_CONSECUTIVE, bonus[k - prevRun]!);
        run = prevRun + 1;
        from = k - 1;
      }
      if (gapBest > -Infinity && gapBest + SCORE_MATCH + b > best) {
        best = gapBest + SCORE_MATCH + b;
        run = 1;
        from = gapFrom;
      }
      S[row + k] = best;
      R[row + k] = run;
      F[row + k] = from;
    }
  }

  let end = -1;
  let score = -Infinity;
  for (let k = 0; k < width; k++) {
    const s = S[(m - 1) * width + k]!;
    if (s > score) {
      score = s;
      end = k;
    }
  }
  if (end < 0) return null;
  const indices: number[] = new Array(m);
  for (let q = m - 1, k = end; q >= 0; q--) {
    indices[q] = first + k;
    k = F[q * width + k]!;
  }
  return { score: Math.max(1, Math.round(score)), indices };
}

function singleLetter(lowerQuery: string, path: string, lower: string, first: number): FuzzyMatch {
  let best = first;
  let bestBonus = positionBonus(path, first);
  for (let i = lower.indexOf(lowerQuery, first + 1); i >= 0; i = lower.indexOf(lowerQuery, i + 1)) {
    const b = positionBonus(path, i);
    if (b > bestBonus) {
      best = i;
      bestBonus = b;
    }
  }
  const indices = [best];
  return { score: SCORE_MATCH + bestBonus * BONUS_FIRST_CHAR_MULTIPLIER, indices };
}

/** Matrices reused across calls (matching runs over every path on each keystroke; allocating them each time dominated). */
let buffers = { S: new Float64Array(1024), R: new Uint16Array(1024), F: new Int32Array(1024), bonus: new Int16Array(256) };
function scratch(cells: number, width: number): typeof buffers {
  if (buffers.S.length < cells || buffers.bonus.length < width) {
    const size = Math.max(cells, buffers.S.length * 2);
    buffers = {
      S: new Float64Array(size),
      R: new Uint16Array(size),
      F: new Int32Array(size),
      bonus: new Int16Array(Math.max(width, buffers.bonus.length * 2)),
    };
  }
  return buffers;
}
