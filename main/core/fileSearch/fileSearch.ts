// Fuzzy file search over one or more roots, as Codex's `fuzzyFileSearch`
// answers it: the 50 best matches, best score first, then by path; each with
// its root, path relative to that root, file name, file or directory, score
// and matched positions. Listings are cached per root and made again in the
// background once a few seconds old, so a picker's keystrokes never wait for
// the tree to be listed again, and new files still show up. A search on a
// listing still coming in scans it as it grows (and can show what it has so
// far), so the first keystroke's matches are complete soon after the listing.
import { charMask } from './fuzzyMatch.js';
import { RootScan, type FileSearchMatch, type ScanQuery } from './rootScan.js';
import { startListing } from './listFiles.js';
import type { Listing } from './listing.js';
import { primeMatcher } from './primeMatcher.js';

/** How old a root's listing may get before it is made again (in the background). */
const LISTING_TTL_MS = 3000;
/**
 * A listing made again in the background goes on only once no search has
 * run for this long: while a picker's keystrokes keep coming, git and the
 * listing's work would slow each of them (measured: 'ma' after 'm' on
 * 100,000 files, ~30 ms alone, 85-130 ms beside a re-listing).
 */
const QUIET_MS = 250;
/** Matching yields to the event loop every this many paths, so a cancel (or other requests) can get in. */
const YIELD_EVERY = 20_000;
/**
 * While a listing comes in, the matches so far are shown at once, then at
 * most this often: each costs a notification of 50 matches, and on 100,000
 * files the listing is in a few hundred milliseconds later anyway.
 */
const PARTIAL_EVERY_MS = 150;

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
  listings: Map<string, Listing>;
  narrowed: Map<string, Narrowed>;
}

interface Narrowed {
  listing: Listing;
  query: string;
  /** The entries `query` matched, in the order the scan met them (shortest path first). */
  matched: Int32Array;
}

export function newSearchScope(): SearchScope {
  return { listings: new Map(), narrowed: new Map() };
}

/** Given the matches found so far (best first) while a listing is still coming in. */
export type PartialMatches = (files: FileSearchMatch[]) => void;

export class FileSearcher {
  private readonly listings = new Map<string, { at: number; listing: Listing; refreshing?: boolean }>();
  /**
   * Per root, the last query and every entry it matched: a query typed on
   * from it (same listing) can only match among those, so each keystroke
   * scans fewer paths.
   */
  private readonly narrowed = new Map<string, Narrowed>();
  /** Searches under way, and what waits for there to be none (a listing made again in the background). */
  private running = 0;
  private lastSearchEnded = -Infinity;
  private idleWaiters: (() => void)[] = [];

  /**
   * `scope`: a session's own listings and narrowing; without one, the
   * searcher's shared ones. `onPartial`: told the matches so far while a
   * listing is still coming in (the answer is still the complete matches).
   */
  async search(query: string, roots: string[], signal?: AbortSignal, scope?: SearchScope, onPartial?: PartialMatches): Promise<FileSearchMatch[]> {
    if (!query || roots.length === 0) return [];
    this.running++;
    try {
      return await this.searchNow(query, roots, signal, scope, onPartial);
    } finally {
      this.lastSearchEnded = performance.now();
      if (--this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private async searchNow(query: string, roots: string[], signal?: AbortSignal, scope?: SearchScope, onPartial?: PartialMatches): Promise<FileSearchMatch[]> {
    const lowerQuery = query.toLowerCase();
    const scanQuery = { lower: lowerQuery, chars: charMask(lowerQuery) };
    const best: FileSearchMatch[] = [];
    const narrowed = scope?.narrowed ?? this.narrowed;
    const shown = { at: -Infinity };
    // Every root's listing under way at once; then the roots one after the other (among equal matches of two roots, the earlier root's comes first).
    const listings = roots.map((root) => this.scopedListing(root, scope));
    for (const [r, root] of roots.entries()) {
      const listing = listings[r]!;
      if (!listing.complete) {
        await this.searchComing(root, listing, scanQuery, best, signal, onPartial && (() => showPartial(best, shown, onPartial)));
        continue;
      }
      primeMatcher();
      const last = narrowed.get(root);
      // The entries to look at: the last query's matches when this one types on from it.
      const from = last && last.listing === listing && lowerQuery.startsWith(last.query) ? last.matched : listing.shortestFirst();
      const scan = new RootScan(root, listing, from, scanQuery, best);
      await scanAll(scan, signal);
      narrowed.set(root, { listing, query: lowerQuery, matched: scan.matched });
    }
    if (signal?.aborted) throw new FileSearchCancelled();
    return sorted(best);
  }

  /** Starts listing the roots for a scope (a picker opened: its first keystroke should not wait for the walk). */
  warm(roots: string[], scope: SearchScope): void {
    for (const root of roots) this.scopedListing(root, scope);
  }

  /** Scans a listing as it comes in, round by round, until the round that began with it complete. */
  private async searchComing(
    root: string,
    listing: Listing,
    query: ScanQuery,
    best: FileSearchMatch[],
    signal: AbortSignal | undefined,
    showSoFar: (() => void) | undefined,
  ): Promise<void> {
    let scanned = 0;
    let generation = listing.generation;
    let primedHere = false;
    for (;;) {
      const complete = listing.complete;
      if (listing.generation !== generation) {
        // Git failed midway and the walk took over: this root's matches so far are forgotten.
        for (let i = best.length - 1; i >= 0; i--) if (best[i]!.root === root) best.splice(i, 1);
        scanned = 0;
        generation = listing.generation;
      }
      const end = listing.count;
      await scanAll(new RootScan(root, listing, { start: scanned, end }, query, best), signal);
      scanned = end;
      if (complete && listing.generation === generation) return;
      showSoFar?.();
      if (!primedHere) {
        // Primed once the first matches are out, and after what waits its turn (git's start): the later scans need it
        // (unprimed, the rest of a 100,000-file listing scanned 2-3 times slower), the first piece's scan did not.
        primedHere = true;
        await new Promise<void>((resolve) => setImmediate(resolve));
        primeMatcher();
      }
      // More may have come in while priming: then it is scanned at once.
      if (listing.count === scanned && !listing.complete && listing.generation === generation) await grownOrAborted(listing, signal);
    }
  }

  /**
   * Resolves once no search has run for QUIET_MS, nor since `since` (a
   * picker's keystrokes come closer together than that, and its first ones
   * right after it opens).
   */
  private async idle(since: number): Promise<void> {
    for (;;) {
      if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      const quietFor = performance.now() - Math.max(this.lastSearchEnded, since);
      if (this.running === 0 && quietFor >= QUIET_MS) return;
      if (this.running === 0) await new Promise((resolve) => setTimeout(resolve, QUIET_MS - quietFor));
    }
  }

  private scopedListing(root: string, scope: SearchScope | undefined): Listing {
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
  private listing(root: string): Listing {
    const now = Date.now();
    const cached = this.listings.get(root);
    if (!cached) {
      const listing = startListing(root);
      this.listings.set(root, { at: now, listing });
      return listing;
    }
    if (now - cached.at >= LISTING_TTL_MS && !cached.refreshing) {
      cached.refreshing = true;
      // Made only while no search runs (nor ran for QUIET_MS): a picker's keystrokes must not wait behind it.
      const requested = performance.now();
      const fresh = startListing(root, () => this.idle(requested));
      void fresh.done.then(() => this.listings.set(root, { at: Date.now(), listing: fresh }));
    }
    return cached.listing;
  }
}

async function scanAll(scan: RootScan, signal: AbortSignal | undefined): Promise<void> {
  for (;;) {
    if (signal?.aborted) throw new FileSearchCancelled();
    scan.step(YIELD_EVERY);
    if (scan.done) return;
    await new Promise<void>((r) => setImmediate(r));
  }
}

function grownOrAborted(listing: Listing, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return listing.grown();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(new FileSearchCancelled());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void listing.grown().then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/** The first matches at once, then no more often than PARTIAL_EVERY_MS. */
function showPartial(best: FileSearchMatch[], shown: { at: number }, onPartial: PartialMatches): void {
  const now = performance.now();
  if (best.length === 0 || now - shown.at < PARTIAL_EVERY_MS) return;
  shown.at = now;
  onPartial(sorted(best));
}

/** Kept by score, then the shorter path; answered by score, then path (both as Codex). */
function sorted(best: FileSearchMatch[]): FileSearchMatch[] {
  return [...best].sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
