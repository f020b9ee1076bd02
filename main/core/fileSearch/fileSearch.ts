// Fuzzy file search over one or more roots, as Codex's `fuzzyFileSearch`
// answers it: the 50 best matches, best score first, then by path; each with
// its root, path relative to that root, file name, file or directory, score
// and matched positions. Listings are cached per root and made again in the
// background once a few seconds old, so a picker's keystrokes never wait for
// the tree to be listed again, and new files still show up.
import { charMask } from './fuzzyMatch.js';
import { RootScan, type FileSearchMatch } from './rootScan.js';
import { listSearchableFiles, type ListedEntry } from './listFiles.js';
import { primeMatcher } from './primeMatcher.js';

/** How old a root's listing may get before it is made again (in the background). */
const LISTING_TTL_MS = 3000;
/** Matching yields to the event loop every this many paths, so a cancel (or other requests) can get in. */
const YIELD_EVERY = 20_000;

export { MATCH_LIMIT, type FileSearchMatch } from './rootScan.js';

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
    primeMatcher();
    const lowerQuery = query.toLowerCase();
    const scanQuery = { lower: lowerQuery, chars: charMask(lowerQuery) };
    const best: FileSearchMatch[] = [];
    const narrowed = scope?.narrowed ?? this.narrowed;
    for (const root of roots) {
      const listing = await this.scopedListing(root, scope);
      const last = narrowed.get(root);
      // Positions in the listing to look at: the last query's matches when this one types on from it.
      const from = last && last.listing === listing && lowerQuery.startsWith(last.query) ? last.matched : null;
      const scan = new RootScan(root, listing, from, scanQuery, best);
      while (!scan.done) {
        scan.step(YIELD_EVERY);
        if (scan.done) break;
        await new Promise<void>((r) => setImmediate(r));
        if (signal?.aborted) throw new FileSearchCancelled();
      }
      narrowed.set(root, { listing, query: lowerQuery, matched: scan.matched });
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
