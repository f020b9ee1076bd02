// Fuzzy file search over one or more roots, as Codex's `fuzzyFileSearch`
// answers it: the 50 best matches, best score first, then by path; each with
// its root, path relative to that root, file name, file or directory, score
// and matched positions. Listings are cached per root and made again in the
// background once a few seconds old, so a picker's keystrokes never wait for
// the tree to be listed again, and new files still show up.
import { basename } from 'node:path';
import { charMask, fuzzyMatch, fuzzyScore, fuzzyScoreBound } from './fuzzyMatch.js';
import { listSearchableFiles, type ListedEntry } from './listFiles.js';

export const MATCH_LIMIT = 50;
/** How old a root's listing may get before it is made again (in the background). */
const LISTING_TTL_MS = 3000;
/** Matching yields to the event loop every this many paths, so a cancel (or other requests) can get in. */
const YIELD_EVERY = 20_000;

export interface FileSearchMatch {
  root: string;
  path: string;
  match_type: 'file' | 'directory';
  file_name: string;
  score: number;
  indices: number[] | null;
}

export class FileSearchCancelled extends Error {
  constructor() {
    super('fuzzy file search cancelled');
    this.name = 'FileSearchCancelled';
  }
}

/**
 * What one picker (a search session) keeps between keystrokes: each root's
 * listing as it was when first searched (a background refresh would make
 * every next keystroke scan the whole tree again) and the last query's
 * matches per root.
 */
export interface SearchScope {
  listings: Map<string, Promise<ListedEntry[]>>;
  narrowed: Map<string, Narrowed>;
}

interface Narrowed {
  listing: ListedEntry[];
  query: string;
  /** Positions in `listing` of the entries `query` matched, ascending. */
  matched: Int32Array;
}

export function newSearchScope(): SearchScope {
  return { listings: new Map(), narrowed: new Map() };
}

export class FileSearcher {
  private readonly listings = new Map<string, { at: number; entries: Promise<ListedEntry[]>; refreshing?: boolean }>();
  /**
   * Per root, the last query and every entry it matched: a query typed on
   * from it (same listing) can only match among those, so each keystroke
   * scans fewer paths.
   */
  private readonly narrowed = new Map<string, Narrowed>();

  /** `scope`: a session's own listings and narrowing; without one, the searcher's shared ones. */
  async search(query: string, roots: string[], signal?: AbortSignal, scope?: SearchScope): Promise<FileSearchMatch[]> {
    if (!query || roots.length === 0) return [];
    const lowerQuery = query.toLowerCase();
    const queryChars = charMask(lowerQuery);
    const best: FileSearchMatch[] = [];
    const narrowed = scope?.narrowed ?? this.narrowed;
    for (const root of roots) {
      const listing = await this.scopedListing(root, scope);
      const last = narrowed.get(root);
      // Positions in the listing to look at: the last query's matches when this one types on from it.
      const from = last && last.listing === listing && lowerQuery.startsWith(last.query) ? last.matched : null;
      const total = from ? from.length : listing.length;
      // Preallocated: pushing up to 100,000 matches one by one cost more than finding them.
      const matched = new Int32Array(total);
      let count = 0;
      for (let j = 0; j < total; j++) {
        if (j % YIELD_EVERY === YIELD_EVERY - 1) {
          await new Promise<void>((r) => setImmediate(r));
          // Checked here only: reading the signal for every path cost more than matching some of them.
          if (signal?.aborted) throw new FileSearchCancelled();
        }
        const at = from ? from[j]! : j;
        const e = listing[at]!;
        const ceiling = fuzzyScoreBound(lowerQuery, e, queryChars);
        if (ceiling === 0) continue;
        matched[count++] = at;
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
      narrowed.set(root, { listing, query: lowerQuery, matched: matched.subarray(0, count) });
    }
    if (signal?.aborted) throw new FileSearchCancelled();
    // Kept by score, then the shorter path; answered by score, then path (both as Codex).
    return best.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Starts listing the roots for a scope (a picker opened: its first keystroke should not wait for the walk). */
  warm(roots: string[], scope: SearchScope): void {
    for (const root of roots) void this.scopedListing(root, scope);
  }

  private scopedListing(root: string, scope: SearchScope | undefined): Promise<ListedEntry[]> {
    if (!scope) return this.listing(root);
    let listing = scope.listings.get(root);
    if (!listing) scope.listings.set(root, (listing = this.listing(root)));
    return listing;
  }

  /**
   * A root's listing: listed on first use; after LISTING_TTL_MS the old one
   * still answers while a fresh one is made in the background (on a big tree
   * listing takes longer than a keystroke, so waiting for it would make every
   * keystroke pay for it).
   */
  private listing(root: string): Promise<ListedEntry[]> {
    const now = Date.now();
    const cached = this.listings.get(root);
    if (!cached) {
      const entries = list(root);
      this.listings.set(root, { at: now, entries });
      return entries;
    }
    if (now - cached.at >= LISTING_TTL_MS && !cached.refreshing) {
      cached.refreshing = true;
      void list(root).then((entries) => this.listings.set(root, { at: Date.now(), entries: Promise.resolve(entries) }));
    }
    return cached.entries;
  }
}

/** A missing or unreadable root lists nothing (Codex answers no files for it). */
function list(root: string): Promise<ListedEntry[]> {
  return listSearchableFiles(root).catch(() => []);
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
