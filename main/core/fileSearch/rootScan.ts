// One query's pass over one root's listing, kept to the best MATCH_LIMIT
// matches. Run a chunk at a time (a plain function the engine optimizes like
// any other, rather than a long loop inside an async one) so the search can
// yield between chunks and a newer keystroke can cancel it.
import { basename } from 'node:path';
import { fuzzyMatch, fuzzyScore, fuzzyScoreBound } from './fuzzyMatch.js';
import type { ListedEntry } from './listing.js';

export const MATCH_LIMIT = 50;

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
  /** The positions to look at; null: the range next..end. */
  private readonly from: Int32Array | null;
  /** Positions in the listing of every path the query matches (what the next, longer query narrows to). */
  private readonly hits: Int32Array;

  /**
   * `from`: the positions to look at (the last query's matches, when this one
   * types on from it), or a range of the listing (the entries a listing still
   * coming in has added since the last look). `best` is shared by the roots
   * of one search.
   */
  constructor(
    private readonly root: string,
    private readonly listing: ListedEntry[],
    from: Int32Array | { start: number; end: number },
    private readonly query: ScanQuery,
    private readonly best: FileSearchMatch[],
  ) {
    this.from = from instanceof Int32Array ? from : null;
    this.next = from instanceof Int32Array ? 0 : from.start;
    this.end = from instanceof Int32Array ? from.length : from.end;
    // Preallocated: pushing up to 100,000 matches one by one cost more than finding them.
    this.hits = new Int32Array(this.end - this.next);
  }

  get done(): boolean {
    return this.next >= this.end;
  }

  get matched(): Int32Array {
    return this.hits.subarray(0, this.count);
  }

  /** Looks at up to `budget` more paths. */
  step(budget: number): void {
    const { listing, from, best, hits, root } = this;
    const { lower: lowerQuery, chars } = this.query;
    const end = Math.min(this.end, this.next + budget);
    let count = this.count;
    for (let j = this.next; j < end; j++) {
      const at = from ? from[j]! : j;
      const e = listing[at]!;
      const ceiling = fuzzyScoreBound(lowerQuery, e, chars);
      if (ceiling === 0) continue;
      hits[count++] = at;
      // Could not beat the current 50th even at its ceiling: not scored at all.
      if (best.length === MATCH_LIMIT && compare(ceiling, e.path, best[MATCH_LIMIT - 1]!) >= 0) continue;
      const score = fuzzyScore(lowerQuery, e.path, e.lower, e.type, e.nameStart);
      // Below the current 50th: not kept (cheap check before the insert).
      if (best.length === MATCH_LIMIT && compare(score, e.path, best[MATCH_LIMIT - 1]!) >= 0) continue;
      // Positions only for a path that makes the list (the same alignment, now traced back).
      const indices = fuzzyMatch(lowerQuery, e.path, e.lower, e.type)?.indices ?? null;
      insertSorted(best, { root, path: e.path, match_type: e.type, file_name: basename(e.path), score, indices });
      if (best.length > MATCH_LIMIT) best.pop();
    }
    this.count = count;
    this.next = end;
  }
}

/**
 * Which matches are kept: score descending, then the shorter path (Codex's
 * matcher keeps those among equal scores), then path ascending.
 */
function compare(score: number, path: string, other: FileSearchMatch): number {
  if (score !== other.score) return other.score - score;
  if (path.length !== other.path.length) return path.length - other.path.length;
  return path < other.path ? -1 : path > other.path ? 1 : 0;
}

function insertSorted(list: FileSearchMatch[], m: FileSearchMatch): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(m.score, m.path, list[mid]!) < 0) hi = mid;
    else lo = mid + 1;
  }
  list.splice(lo, 0, m);
}
