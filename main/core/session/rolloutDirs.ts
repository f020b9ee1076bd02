// The rollout files of one list (live sessions under sessions/YYYY/MM/DD, or
// the flat archived_sessions/), newest first, without reading every day
// directory on every listing: a directory's names are kept while its inode
// and mtime are those they were read at. Adding, removing or renaming a file
// in a directory always sets the directory's mtime; a listing read within
// SETTLE_MS of that mtime is not trusted (a change in the same clock tick
// would leave the mtime as it was) and is read again next time.
//
// Where it can, each directory also gets an fs.watch (inotify on Linux), so
// the summary index hears of files appended in place, which no directory
// mtime shows. A directory without a live watch is reported as unwatched and
// its files are checked one by one on every listing.
//
// Listings read by an earlier server come from the index file (seed): they are
// used under the same rule (same inode and mtime, and read long enough after
// that mtime), so a fresh server reads only the directories that changed.
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, sep } from 'node:path';

const SETTLE_MS = 2_000;

/** `name` null: anything in `dir` may have changed. */
export type DirChanged = (dir: string, name: string | null) => void;

interface Listing {
  ino: number;
  mtimeMs: number;
  /** Full paths, newest first. */
  paths: string[];
  /** When the names were read (wall clock ms). */
  readAt: number;
  settled: boolean;
  /** Taken from the index file, not read by this process. */
  seeded: boolean;
}

/** One directory's files within files(): from its key (the first) to `end` (excluded). */
export interface DirSpan {
  dir: string;
  end: number;
}

/** A listing as the index file keeps it. */
export interface SavedListing {
  ino: number;
  mtimeMs: number;
  /** null: read too soon after its mtime to be trusted. */
  readAt: number | null;
  /** Full paths, newest first. */
  paths: string[];
}

export class RolloutDirs {
  private readonly listings = new Map<string, Listing>();
  private readonly watchers = new Map<string, { ino: number; watcher: FSWatcher }>();
  /** The last answer of files(), reused while no directory's listing was read again. */
  private last: { dirs: string[]; paths: string[]; spans?: Map<number, DirSpan> } | undefined;

  /** `leafDirs`: the directories holding rollouts, newest first. `watchDirs` false: nothing is watched (short-lived processes). */
  constructor(
    private readonly leafDirs: () => string[],
    private readonly changed: DirChanged,
    private readonly watchDirs: boolean,
  ) {}

  static live(codexHome: string, changed: DirChanged, watchDirs: boolean): RolloutDirs {
    return new RolloutDirs(() => liveLeafDirs(join(codexHome, 'sessions')), changed, watchDirs);
  }

  static archived(codexHome: string, changed: DirChanged, watchDirs: boolean): RolloutDirs {
    return new RolloutDirs(() => [join(codexHome, 'archived_sessions')], changed, watchDirs);
  }

  /** Every rollout file, newest first. Directories are watched before their names are read, so no change falls between. */
  files(): string[] {
    const dirs = this.leafDirs();
    const present = new Set(dirs);
    for (const dir of [...this.listings.keys()]) if (!present.has(dir)) this.forget(dir);
    const parts: string[][] = [];
    let reread = false;
    for (const dir of dirs) {
      let st;
      try {
        st = statSync(dir);
      } catch {
        this.forget(dir);
        reread = true;
        continue;
      }
      if (this.watchDirs) this.watch(dir, st.ino);
      const known = this.listings.get(dir);
      const listing = this.listing(dir, st.ino, st.mtimeMs);
      if (listing !== known) reread = true;
      parts.push(listing.paths);
    }
    const last = this.last;
    if (!reread && last && sameList(last.dirs, dirs)) return last.paths;
    const paths = parts.flat();
    this.last = { dirs, paths };
    return paths;
  }

  /** The directories of the last files() answer, keyed by where their files start in it. */
  spans(): ReadonlyMap<number, DirSpan> {
    const last = this.last;
    if (!last) return new Map();
    if (!last.spans) {
      last.spans = new Map();
      let start = 0;
      for (const dir of last.dirs) {
        const n = this.listings.get(dir)?.paths.length ?? 0;
        if (n > 0) last.spans.set(start, { dir, end: start + n });
        start += n;
      }
    }
    return last.spans;
  }

  /** Listings an earlier process read (from the index file); used while their directory's inode and mtime are the same. */
  seed(listings: ReadonlyMap<string, SavedListing>): void {
    for (const [dir, l] of listings) {
      if (l.readAt === null || this.listings.has(dir)) continue;
      this.listings.set(dir, { ino: l.ino, mtimeMs: l.mtimeMs, paths: l.paths, readAt: l.readAt, settled: true, seeded: true });
    }
  }

  /** Whether `dir`'s current listing is the one the index file held (its directory unchanged since). */
  seeded(dir: string): boolean {
    return this.listings.get(dir)?.seeded === true;
  }

  /** The listings of the last files() call, newest first, as the index file keeps them. */
  saved(): Map<string, SavedListing> {
    const out = new Map<string, SavedListing>();
    for (const dir of this.last?.dirs ?? []) {
      const l = this.listings.get(dir);
      if (l) out.set(dir, { ino: l.ino, mtimeMs: l.mtimeMs, readAt: l.settled ? l.readAt : null, paths: l.paths });
    }
    return out;
  }

  /** Whether changes to files in `dir` are reported as they happen. */
  watched(dir: string): boolean {
    return this.watchers.has(dir);
  }

  close(): void {
    for (const w of this.watchers.values()) w.watcher.close();
    this.watchers.clear();
  }

  private listing(dir: string, ino: number, mtimeMs: number): Listing {
    const known = this.listings.get(dir);
    const same = known !== undefined && known.ino === ino && known.mtimeMs === mtimeMs;
    if (known && same && known.settled) return known;
    const readAt = Date.now();
    let names: string[];
    try {
      names = readdirSync(dir).filter((f) => f.startsWith('rollout-') && f.endsWith('.jsonl'));
    } catch {
      names = [];
    }
    // Files renamed over others keep their names: their summaries must be checked again.
    if (known && !same) this.changed(dir, null);
    const listing = {
      ino,
      mtimeMs,
      paths: names
        .sort()
        .reverse()
        .map((f) => inDir(dir, f)),
      readAt,
      settled: readAt - mtimeMs > SETTLE_MS,
      seeded: false,
    };
    this.listings.set(dir, listing);
    return listing;
  }

  private watch(dir: string, ino: number): void {
    const current = this.watchers.get(dir);
    if (current?.ino === ino) return;
    // A directory removed and made again is another inode; the old watch sees nothing of it.
    if (current) this.unwatch(dir);
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => this.changed(dir, typeof name === 'string' ? name : null));
      watcher.on('error', () => this.unwatch(dir));
      this.watchers.set(dir, { ino, watcher });
    } catch {
      // No fs.watch here, or no inotify watches left: this directory's files are checked on every listing.
    }
  }

  private unwatch(dir: string): void {
    const w = this.watchers.get(dir);
    if (!w) return;
    this.watchers.delete(dir);
    w.watcher.close();
    this.changed(dir, null);
  }

  private forget(dir: string): void {
    this.unwatch(dir);
    if (this.listings.delete(dir)) this.changed(dir, null);
  }
}

/** `name` in `dir`, a path already normal (made by path.join): join itself costs too much ten thousand times over. */
export function inDir(dir: string, name: string): string {
  return dir + sep + name;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** sessions/YYYY/MM/DD directories, newest first. */
function liveLeafDirs(root: string): string[] {
  const out: string[] = [];
  for (const y of namesDescending(root)) {
    if (!/^\d{4}$/.test(y)) continue;
    for (const m of namesDescending(join(root, y))) {
      for (const d of namesDescending(join(root, y, m))) out.push(join(root, y, m, d));
    }
  }
  return out;
}

function namesDescending(dir: string): string[] {
  try {
    return readdirSync(dir).sort().reverse();
  } catch {
    return []; // missing, or a stray file where a directory belongs
  }
}
