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
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

const SETTLE_MS = 2_000;

/** `name` null: anything in `dir` may have changed. */
export type DirChanged = (dir: string, name: string | null) => void;

interface Listing {
  ino: number;
  mtimeMs: number;
  /** Full paths, newest first. */
  paths: string[];
  settled: boolean;
}

export class RolloutDirs {
  private readonly listings = new Map<string, Listing>();
  private readonly watchers = new Map<string, { ino: number; watcher: FSWatcher }>();
  /** The last answer of files(), reused while no directory's listing was read again. */
  private last: { dirs: string[]; paths: string[] } | undefined;

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
        .map((f) => join(dir, f)),
      settled: readAt - mtimeMs > SETTLE_MS,
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
