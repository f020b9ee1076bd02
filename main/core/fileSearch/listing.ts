// A root's listing as it comes in: each file, and each folder the first time
// a file inside it is met (what Codex offers as directory matches), prepared
// for matching and appended in arrival order. A search can start on the first
// entries while git or the walk is still listing the rest (on 100,000 files
// that takes a few hundred milliseconds), and a picker can show matches
// before the whole tree is in.
import { pathTraits, type PathTraits } from './fuzzyMatch.js';

/** A path as offered, with what matching needs of it (lower-cased etc.) worked out once per listing. */
export interface ListedEntry extends PathTraits {
  path: string;
}

export class Listing {
  /** Arrival order; grows until `complete`, and is searched in place meanwhile (a reset starts a new array). */
  entries: ListedEntry[] = [];
  complete = false;
  /** Bumped when the entries so far are thrown away (git failed midway: the walk lists the tree instead). */
  generation = 0;
  /** Resolves once complete. */
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private readonly folders = new Set<string>();
  /** The folder of the last file added: git lists a folder's files together, so most files need no folder lookup. */
  private lastFolder: string | null = null;
  private waiters: (() => void)[] = [];
  private shortestFirst?: ListedEntry[];

  constructor() {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Adds files (paths relative to the root, forward slashes, no duplicates) and the folders on the way to them. */
  addFiles(paths: readonly string[]): void {
    const { entries, folders } = this;
    for (const path of paths) {
      const slash = path.lastIndexOf('/');
      // Same folder as the last file: it and every folder above it are in already.
      const sameFolder = this.lastFolder !== null && slash === this.lastFolder.length && path.startsWith(this.lastFolder);
      if (!sameFolder) {
        for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
          const dir = path.slice(0, i);
          if (folders.has(dir)) continue;
          folders.add(dir);
          entries.push(pathTraits(dir, 'directory'));
        }
        this.lastFolder = slash < 0 ? null : path.slice(0, slash);
      }
      entries.push(pathTraits(path, 'file'));
    }
    if (paths.length > 0) this.wake();
  }

  /** Throws away what was added so far (searches running on it start over). */
  reset(): void {
    this.entries = [];
    this.folders.clear();
    this.lastFolder = null;
    this.generation++;
    this.wake();
  }

  finish(): void {
    if (this.complete) return;
    this.complete = true;
    this.resolveDone();
    this.wake();
    // Ready before the next keystroke needs it (after the searches woken above have had their turn).
    setImmediate(() => this.shortestFirstEntries());
  }

  /** Resolves when more entries come in, or the listing completes (at once if it is complete). */
  grown(): Promise<void> {
    if (this.complete) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * The complete listing, shortest path first (made once). Among equal scores
   * the shorter path is kept, so a scan that meets the short ones first fills
   * its best 50 with keepers early and skips the rest without scoring them.
   */
  shortestFirstEntries(): ListedEntry[] {
    if (!this.complete) throw new Error('listing is not complete yet');
    return (this.shortestFirst ??= byLength(this.entries));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Shortest first, in their order otherwise (a counting sort: the listing can hold 500,000 paths). */
function byLength(entries: ListedEntry[]): ListedEntry[] {
  let longest = 0;
  for (const e of entries) longest = Math.max(longest, e.path.length);
  const starts = new Int32Array(longest + 2);
  for (const e of entries) starts[e.path.length + 1]!++;
  for (let l = 1; l < starts.length; l++) starts[l]! += starts[l - 1]!;
  const sorted = new Array<ListedEntry>(entries.length);
  for (const e of entries) sorted[starts[e.path.length]!++] = e;
  return sorted;
}
