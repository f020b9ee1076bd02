// One query's pass over one root's listing, kept to the best MATCH_LIMIT
// matches. Run a chunk at a time (a plain function the engine optimizes like
// any other, rather than a long loop inside an async one) so the search can
// yield between chunks and a newer keystroke can cancel it.
import { basename } from 'node:path';
import { alignBoundIn, alignCeiling, fuzzyMatch, fuzzyScore, fuzzyScoreBoundIn } from './fuzzyMatch.js';
import type { Listing } from './listing.js';

export const MATCH_LIMIT = 50;
/**
 * The tighter ceiling (alignBoundIn) only pays off for short queries: their
 * letters have many places to go, so aligning each path is dear and the cheap
 * ceiling is far off ('ma' over 100,000 'moduleNHandler.ts': ~100 ms to ~20).
 * A longer query's letters mostly have one place each, aligned about as
 * cheaply as the tighter ceiling is worked out (measured: it made 'modh' to
 * 'modhandler' 2 to 5 times slower).
 */
const TIGHTER_BOUND_UP_TO = 3;

export interface FileSearchMatch {
  root: string;
  path: string;
  match_type: 'file' | 'directory';
  file_name: string;
  score: number;
  indices: number[] | null;
}

export interface ScanQuery {
  lower: string;
  /** charMask(lower) */
  chars: number;
}

export class RootScan {
  private next: number;
  private count = 0;
  private readonly end: number;
  /** The entries to look at, in this order; null: entries next..end. */
  private readonly from: Int32Array | null;
  /** Every entry the query matches, in the order met (what the next, longer query narrows to). */
  private readonly hits: Int32Array;
  private readonly generation: number;

  /**
   * `from`: the entries to look at (the last query's matches, when this one
   * types on from it, or the whole listing shortest first), or a range of
   * entries (what a listing still coming in has added since the last look).
   * `best` is shared by the roots of one search.
   */
  constructor(
    private readonly root: string,
    private readonly listing: Listing,
    from: Int32Array | { start: number; end: number },
    private readonly query: ScanQuery,
    private readonly best: FileSearchMatch[],
  ) {
    this.from = from instanceof Int32Array ? from : null;
    this.next = from instanceof Int32Array ? 0 : from.start;
    this.end = from instanceof Int32Array ? from.length : from.end;
    // Preallocated: pushing up to 100,000 matches one by one cost more than finding them.
    this.hits = new Int32Array(this.end - this.next);
    this.generation = listing.generation;
  }

  get done(): boolean {
    return this.next >= this.end;
  }

  get matched(): Int32Array {
    return this.hits.subarray(0, this.count);
  }

  /** Looks at up to `budget` more entries. */
  step(budget: number): void {
    const { listing, from, best, hits, root } = this;
    // The listing was thrown away meanwhile (git failed midway): nothing left to look at here.
    if (listing.generation !== this.generation) {
      this.next = this.end;
      return;
    }
    // Read each step: a listing still coming in may have moved to bigger arrays since the last.
    const { texts, lowers, block, start, end: ends, nameStart, chars: pathChars } = listing;
    const { lower: lowerQuery, chars } = this.query;
    const end = Math.min(this.end, this.next + budget);
    let count = this.count;
    for (let j = this.next; j < end; j++) {
      const at = from ? from[j]! : j;
      if ((chars & ~pathChars[at]!) !== 0) continue;
      const s = start[at]!;
      const ceiling = fuzzyScoreBoundIn(lowerQuery, lowers[block[at]!]!, s, ends[at]!, nameStart[at]!, listing.isDirectory(at), listing.topBonus(at));
      if (ceiling === 0) continue;
      hits[count++] = at;
      const length = ends[at]! - s;
      // Could not beat the current 50th even at its ceiling (the cheap one, then the tighter one): not scored at all.
      if (best.length === MATCH_LIMIT) {
        const fiftieth = best[MATCH_LIMIT - 1]!;
        if (compare(ceiling, length, listing, at, fiftieth) >= 0) continue;
        if (lowerQuery.length <= TIGHTER_BOUND_UP_TO) {
          const topBonus = listing.topBonus(at);
          const tighter =
            ceiling - alignCeiling(lowerQuery.length, topBonus) + alignBoundIn(lowerQuery, texts[block[at]!]!, lowers[block[at]!]!, s, ends[at]!, topBonus);
          if (compare(tighter, length, listing, at, fiftieth) >= 0) continue;
        }
      }
      const path = listing.path(at);
      const lowerPath = listing.lowerPath(at);
      const type = listing.type(at);
      const score = fuzzyScore(lowerQuery, path, lowerPath, type, nameStart[at]! - s);
      // Below the current 50th: not kept (cheap check before the insert).
      if (best.length === MATCH_LIMIT && compare(score, length, listing, at, best[MATCH_LIMIT - 1]!) >= 0) continue;
      // Positions only for a path that makes the list (the same alignment, now traced back).
      const indices = fuzzyMatch(lowerQuery, path, lowerPath, type)?.indices ?? null;
      insertSorted(best, { root, path, match_type: type, file_name: basename(path), score, indices });
      if (best.length > MATCH_LIMIT) best.pop();
    }
    this.count = count;
    this.next = end;
  }
}

/**
 * Which matches are kept: score descending, then the shorter path (Codex's
 * matcher keeps those among equal scores), then path ascending. The entry's
 * path is only made into a string for a tie on both.
 */
function compare(score: number, length: number, listing: Listing, at: number, other: FileSearchMatch): number {
  if (score !== other.score) return other.score - score;
  if (length !== other.path.length) return length - other.path.length;
  return byPath(listing.path(at), other.path);
}

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function insertSorted(list: FileSearchMatch[], m: FileSearchMatch): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const other = list[mid]!;
    const order =
      m.score !== other.score ? other.score - m.score : m.path.length !== other.path.length ? m.path.length - other.path.length : byPath(m.path, other.path);
    if (order < 0) hi = mid;
    else lo = mid + 1;
  }
  list.splice(lo, 0, m);
}
