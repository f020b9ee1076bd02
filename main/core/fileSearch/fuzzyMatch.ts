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

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlnum = (c: number): boolean => isLower(c) || isUpper(c) || isDigit(c);

/** The bonus for a match at position i, from the character before it. */
function positionBonus(text: string, i: number): number {
  return positionBonusIn(text, 0, i);
}

/** positionBonus of the path held in text from `start` (a listing keeps many paths in one string). */
function positionBonusIn(text: string, start: number, i: number): number {
  // The start counts as just after a separator (nucleo's path matching).
  if (i === start) return BONUS_SEPARATOR;
  const prev = text.charCodeAt(i - 1);
  const cur = text.charCodeAt(i);
  if (prev === 32 || prev === 9) return BONUS_BOUNDARY_WHITE;
  if (prev === 47 || prev === 92) return BONUS_SEPARATOR;
  if (!isAlnum(prev) && isAlnum(cur)) return BONUS_BOUNDARY;
  if (isLower(prev) && isUpper(cur)) return BONUS_CAMEL;
  if (!isDigit(prev) && isDigit(cur)) return BONUS_CAMEL;
  return 0;
}

/**
 * `lowerQuery` must be lower-cased by the caller (done once per search, not
 * once per path). Cheap rejection first: most paths fail the subsequence test.
 */
export function fuzzyMatch(lowerQuery: string, path: string, lowerPath: string = path.toLowerCase(), kind: 'file' | 'directory' = 'file'): FuzzyMatch | null {
  const indices: number[] = [];
  const score = match(lowerQuery, path, lowerPath, kind, indices);
  return score > 0 ? { score, indices } : null;
}

/**
 * fuzzyMatch's score alone (0: no match), allocating nothing: a search scores
 * every path but needs the positions of its few best only.
 */
export function fuzzyScore(lowerQuery: string, path: string, lowerPath: string, kind: 'file' | 'directory', nameStart?: number): number {
  return match(lowerQuery, path, lowerPath, kind, null, nameStart);
}

/** What fuzzyScoreBound needs of a path, worked out once per listing rather than once per keystroke. */
export interface PathTraits {
  lower: string;
  type: 'file' | 'directory';
  /** Where the last path component starts (after the last '/'). */
  nameStart: number;
  /** The largest position bonus a character of the path can earn (see topPositionBonus). */
  topBonus: number;
  /** charMask of the lower-cased path: a query needing a character it lacks is refused without a scan. */
  chars: number;
}

export function pathTraits(path: string, type: 'file' | 'directory'): PathTraits & { path: string } {
  const lower = path.toLowerCase();
  return { path, lower, type, nameStart: lower.lastIndexOf('/') + 1, topBonus: topPositionBonus(lower), chars: charMask(lower) };
}

/** One bit per character code modulo 32 (letters and digits mostly get a bit each; a shared bit only lets more through). */
export function charMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= 1 << (text.charCodeAt(i) & 31);
  return mask;
}

/** Only a character after whitespace earns more than one after a separator (the start counts as one). */
function topPositionBonus(lower: string): number {
  return topBonusFor(lower.includes(' ') || lower.includes('\t'));
}

/** The largest position bonus in a path, from whether it holds whitespace. */
export function topBonusFor(hasWhitespace: boolean): number {
  return hasWhitespace ? BONUS_BOUNDARY_WHITE : BONUS_SEPARATOR;
}

/**
 * A cheap ceiling on fuzzyScore (0 exactly when it is 0), from subsequence
 * checks alone: every matched character earns at most SCORE_MATCH plus the
 * largest position bonus the path has (the first one twice), gaps only cost,
 * and the name bonuses follow from where the query fits. A search scores
 * exactly only the paths whose ceiling could still make its best 50: typed
 * word prefixes reach the ceiling, so once 50 do, the rest are skipped.
 */
export function fuzzyScoreBound(lowerQuery: string, p: PathTraits, queryChars: number = charMask(lowerQuery)): number {
  if ((queryChars & ~p.chars) !== 0) return 0;
  return fuzzyScoreBoundIn(lowerQuery, p.lower, 0, p.lower.length, p.nameStart, p.type === 'directory', p.topBonus);
}

/**
 * fuzzyScoreBound of the lower-cased path held in text[start..end) (a
 * listing keeps many paths in one string rather than a string each), its
 * name starting at text[nameStart].
 */
export function fuzzyScoreBoundIn(
  lowerQuery: string,
  text: string,
  start: number,
  end: number,
  nameStart: number,
  directory: boolean,
  topBonus: number,
): number {
  const m = lowerQuery.length;
  if (m === 0) return 0;
  const inName = isSubsequence(lowerQuery, text, nameStart, end);
  if (!inName && (nameStart === start || !isSubsequence(lowerQuery, text, start, end))) return 0;
  const ceiling = alignCeiling(m, topBonus);
  const exactName = end - nameStart === m && text.startsWith(lowerQuery, nameStart);
  if (!directory) return inName ? ceiling + (exactName ? 2 : 1) * BONUS_IN_NAME : ceiling;
  return exactName ? ceiling + 2 * BONUS_IN_NAME : ceiling;
}

/** The part of fuzzyScoreBoundIn's ceiling that is the alignment's (the rest is the name bonus). */
export function alignCeiling(queryLength: number, topBonus: number): number {
  return SCORE_MATCH * queryLength + topBonus * (queryLength - 1 + BONUS_FIRST_CHAR_MULTIPLIER);
}

/**
 * A tighter (and dearer) ceiling on the alignment's score than
 * alignCeiling, for the path held in text[start..end) (lower-cased alike in
 * `lower`): each query character at best at one of its own places, with the
 * bonus that place earns, and after a gap from the nearest place before it
 * the previous query character could take (so at least that gap's cost).
 * Letters found only inside words far apart ('ma' in 'module4Handler') make
 * it far lower than alignCeiling, so a search can still skip most paths
 * without aligning each one.
 */
export function alignBoundIn(lowerQuery: string, text: string, lower: string, start: number, end: number, topBonus: number): number {
  let total = 0;
  for (let q = 0; q < lowerQuery.length; q++) {
    const c = lowerQuery.charCodeAt(q);
    const before = q > 0 ? lowerQuery.charCodeAt(q - 1) : -1;
    let best = -Infinity;
    let lastBefore = -1;
    for (let i = start; i < end; i++) {
      const ch = lower.charCodeAt(i);
      if (ch === c && (q === 0 || lastBefore >= 0)) {
        const b = positionBonusIn(text, start, i);
        // First character: its bonus counts twice. Right after the previous one: a run, which may keep its
        // start's bonus (at most the path's top). Otherwise a gap of at least i - lastBefore - 1 characters.
        const v =
          q === 0
            ? b * BONUS_FIRST_CHAR_MULTIPLIER
            : lastBefore === i - 1
              ? Math.max(b, BONUS_CONSECUTIVE, topBonus)
              : b + GAP_START + (i - lastBefore - 2) * GAP_EXTENSION;
        if (v > best) best = v;
      }
      if (ch === before) lastBefore = i;
    }
    if (best === -Infinity) return 0;
    total += SCORE_MATCH + best;
  }
  return Math.max(1, total);
}

function isSubsequence(lowerQuery: string, text: string, from: number, end: number): boolean {
  for (let q = 0, i = from; q < lowerQuery.length; q++, i++) {
    const c = lowerQuery.charCodeAt(q);
    while (i < end && text.charCodeAt(i) !== c) i++;
    if (i === end) return false;
  }
  return true;
}

/** The score (0: no match); the matched positions go to `indices` when given. */
function match(
  lowerQuery: string,
  path: string,
  lowerPath: string,
  kind: 'file' | 'directory',
  indices: number[] | null,
  nameStart = lowerPath.lastIndexOf('/') + 1,
): number {
  if (lowerQuery.length === 0) return 0;
  const exactName = lowerPath.length - nameStart === lowerQuery.length && lowerPath.endsWith(lowerQuery);
  // As Codex: a file whose name holds the query is matched in its name alone (even where
  // a match across folders would score higher), and ranks above every other match.
  if (kind === 'file') {
    const inName = align(lowerQuery, path, lowerPath, nameStart, indices);
    if (inName > 0) return inName + (exactName ? 2 : 1) * BONUS_IN_NAME;
    return nameStart === 0 ? 0 : align(lowerQuery, path, lowerPath, 0, indices);
  }
  // A folder ranks by its path; one named exactly like the query comes first.
  const whole = align(lowerQuery, path, lowerPath, 0, indices);
  return whole > 0 && exactName ? whole + 2 * BONUS_IN_NAME : whole;
}

/**
 * The best alignment's score of the query in lower[from..] (0 when it is not
 * a subsequence there); its positions go to `indices` when given.
 */
function align(lowerQuery: string, path: string, lower: string, from: number, indices: number[] | null): number {
  const m = lowerQuery.length;
  const n = lower.length;
  const { lo, hi } = scratch(0, 0, m);
  // Subsequence check; lo[q] is the earliest place query[q] can be matched.
  for (let q = 0, i = from; q < m; q++, i++) {
    const c = lowerQuery.charCodeAt(q);
    while (i < n && lower.charCodeAt(i) !== c) i++;
    if (i === n) return 0;
    lo[q] = i;
  }
  const first = lo[0]!;
  // One letter (the first keystroke, which matches most paths): its best-placed occurrence, no alignment to search.
  if (m === 1) return singleLetter(lowerQuery, path, lower, first, indices);
  // hi[q]: the latest place query[q] can be matched with the rest still after it.
  for (let q = m - 1, i = n - 1; q >= 0; q--, i--) {
    const c = lowerQuery.charCodeAt(q);
    while (lower.charCodeAt(i) !== c) i--;
    hi[q] = i;
  }
  const last = hi[m - 1]!;
  let forced = true;
  for (let q = 0; q < m && forced; q++) forced = lo[q] === hi[q];
  if (forced) return forcedAlignment(path, lo, m, indices);

  // S[q][k]: best score of query[0..q] with query[q] matched at first+k;
  // R[q][k]: length of the run of consecutive matches ending there;
  // F[q][k]: where query[q-1] was matched on that best alignment.
  // Row q is only computed within [lo[q], hi[q]]: outside it no full
  // alignment can pass, so the cells there never reach the answer.
  // bonus[k] is filled where a query character matches (the only places read).
  const width = last - first + 1;
  const { S, R, F, bonus } = scratch(m * width, width, m);
  S.fill(-Infinity, 0, m * width);

  for (let k = lo[0]! - first, end0 = hi[0]! - first; k <= end0; k++) {
    if (lower[first + k] !== lowerQuery[0]) continue;
    const b = positionBonus(path, first + k);
    bonus[k] = b;
    S[k] = SCORE_MATCH + b * BONUS_FIRST_CHAR_MULTIPLIER;
    R[k] = 1;
  }
  for (let q = 1; q < m; q++) {
    const qc = lowerQuery[q]!;
    const prevRow = (q - 1) * width;
    const row = q * width;
    const kLo = lo[q]! - first;
    const kHi = hi[q]! - first;
    // Best previous match with a gap of at least one character before k, and where it was.
    let gapBest = -Infinity;
    let gapFrom = -1;
    for (let k = Math.max(1, lo[q - 1]! - first + 1); k <= kHi; k++) {
      if (k >= 2) {
        const opened = S[prevRow + k - 2]! + GAP_START;
        const extended = gapBest + GAP_EXTENSION;
        if (opened >= extended) {
          gapBest = opened;
          gapFrom = k - 2;
        } else gapBest = extended;
      }
      if (k < kLo || lower[first + k] !== qc) continue;
      const b = positionBonus(path, first + k);
      bonus[k] = b;
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
      if (indices) F[row + k] = from;
    }
  }

  let end = -1;
  let score = -Infinity;
  for (let k = lo[m - 1]! - first; k < width; k++) {
    const s = S[(m - 1) * width + k]!;
    if (s > score) {
      score = s;
      end = k;
    }
  }
  if (end < 0) return 0;
  if (indices) {
    indices.length = m;
    for (let q = m - 1, k = end; q >= 0; q--) {
      indices[q] = first + k;
      k = F[q * width + k]!;
    }
  }
  return Math.max(1, Math.round(score));
}

/**
 * The score when each query character has one place only (lo = hi, common
 * once a few letters are typed): the DP's single path, scored the same way
 * without its matrices.
 */
function forcedAlignment(path: string, at: Int32Array, m: number, indices: number[] | null): number {
  const firstBonus = positionBonus(path, at[0]!);
  let score = SCORE_MATCH + firstBonus * BONUS_FIRST_CHAR_MULTIPLIER;
  let runBonus = firstBonus;
  for (let q = 1; q < m; q++) {
    const i = at[q]!;
    const b = positionBonus(path, i);
    const gap = i - at[q - 1]! - 1;
    if (gap === 0) score += SCORE_MATCH + Math.max(b, BONUS_CONSECUTIVE, runBonus);
    else {
      score += GAP_START + (gap - 1) * GAP_EXTENSION + SCORE_MATCH + b;
      runBonus = b;
    }
  }
  if (indices) {
    indices.length = m;
    for (let q = 0; q < m; q++) indices[q] = at[q]!;
  }
  return Math.max(1, Math.round(score));
}

function singleLetter(lowerQuery: string, path: string, lower: string, first: number, indices: number[] | null): number {
  let best = first;
  let bestBonus = positionBonus(path, first);
  for (let i = lower.indexOf(lowerQuery, first + 1); i >= 0; i = lower.indexOf(lowerQuery, i + 1)) {
    const b = positionBonus(path, i);
    if (b > bestBonus) {
      best = i;
      bestBonus = b;
    }
  }
  if (indices) {
    indices.length = 1;
    indices[0] = best;
  }
  return SCORE_MATCH + bestBonus * BONUS_FIRST_CHAR_MULTIPLIER;
}

/** Matrices reused across calls (matching runs over every path on each keystroke; allocating them each time dominated). */
let buffers = {
  S: new Float64Array(1024),
  R: new Uint16Array(1024),
  F: new Int32Array(1024),
  bonus: new Int16Array(256),
  lo: new Int32Array(64),
  hi: new Int32Array(64),
};
function scratch(cells: number, width: number, queryLength: number): typeof buffers {
  if (buffers.S.length < cells || buffers.bonus.length < width || buffers.lo.length < queryLength) {
    const size = Math.max(cells, buffers.S.length * 2);
    const rows = Math.max(queryLength, buffers.lo.length * 2);
    // lo/hi are filled before the matrices are sized: keep their contents.
    const lo = new Int32Array(rows);
    const hi = new Int32Array(rows);
    lo.set(buffers.lo.subarray(0, Math.min(rows, buffers.lo.length)));
    hi.set(buffers.hi.subarray(0, Math.min(rows, buffers.hi.length)));
    buffers = {
      S: buffers.S.length < cells ? new Float64Array(size) : buffers.S,
      R: buffers.R.length < cells ? new Uint16Array(size) : buffers.R,
      F: buffers.F.length < cells ? new Int32Array(size) : buffers.F,
      bonus: buffers.bonus.length < width ? new Int16Array(Math.max(width, buffers.bonus.length * 2)) : buffers.bonus,
      lo,
      hi,
    };
  }
  return buffers;
}
