// thread/list over thousands of sessions: what a list needs of each rollout
// (its summary) is kept in CODEX_HOME/cache, keyed by the file's identity, so
// a listing, a search or a folder filter neither reads nor parses rollouts.
// The rollouts stay the source of truth; why no change is missed:
// - Files added, removed or renamed (by us, the CLI, Codex, a user): each
//   changes its directory's mtime, and RolloutDirs reads a directory again
//   whenever its mtime moved or was too recent to trust (same clock tick).
// - A summary is used only while the file's inode, size and mtime are those
//   it was made from (rollouts are append-only; rewrites go through a rename).
//   Checking that costs a stat per file, so a file is stat'ed once after its
//   directory is watched (fs.watch, set up before that stat) and again only
//   when the watch reports it or its directory changed. A directory without
//   a live watch (none available, limit reached, watch failed) gets its files
//   stat'ed on every listing. The server lets pending watch events run before
//   it lists (see AppServer), so a write finished before the request is seen.
// - inotify drops events silently when its queue overflows (libuv does not
//   report IN_Q_OVERFLOW); a background sweep (SWEEP_MS) re-stats every file
//   trusted that way, so a lost event delays a change by one sweep at most.
// - A missing, unreadable or corrupt index is rebuilt from the rollouts.
import { readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { sessionSource } from '../../../shared/protocol/thread.js';
import { summarizeRollout, type RolloutSummary } from './rollout.js';
import { writeFileAtomically } from './rolloutStore.js';
import { RolloutDirs } from './rolloutDirs.js';

const FORMAT = 2;
const SWEEP_MS = 30_000;

/** `summary` null: the file has no session meta (not listable); remembered so it is not read again. */
type Entry = z.output<typeof entrySchema>;

export class RolloutSummaryIndex {
  private entries: Map<string, Entry> | undefined;
  private dirty = false;
  /** Files whose entry was checked while their directory was watched, and not reported changed since. */
  private readonly trusted = new Set<string>();
  /** Lowercased preview and cwd per summary, for searches. */
  private readonly lowered = new WeakMap<RolloutSummary, { preview: string; cwd: string }>();
  private readonly dirs: RolloutDirs;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;

  /**
   * `file`: where the index is kept (one per list: live sessions, archived ones).
   * `watch`: a long-lived server watches the directories; a one-shot listing does not.
   */
  constructor(
    private readonly file: string,
    dirs: (changed: (dir: string, name: string | null) => void) => RolloutDirs,
    watch: boolean,
  ) {
    this.dirs = dirs((dir, name) => this.distrust(dir, name));
    if (watch) this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS).unref();
  }

  static forList(codexHome: string, archived: boolean, opts: { watch: boolean }): RolloutSummaryIndex {
    const file = join(codexHome, 'cache', archived ? 'thread-list-archived.json' : 'thread-list.json');
    const make = archived ? RolloutDirs.archived : RolloutDirs.live;
    return new RolloutSummaryIndex(file, (changed) => make(codexHome, changed, opts.watch), opts.watch);
  }

  /** The list's rollout files, newest first. */
  files(): string[] {
    return this.dirs.files();
  }

  close(): void {
    clearInterval(this.sweepTimer);
    this.dirs.close();
  }

  /** The summary of one rollout: from the index while the file is unchanged, else read again. */
  summary(path: string): RolloutSummary | undefined {
    const entries = this.load();
    const known = entries.get(path);
    if (known && this.trusted.has(path)) return known.summary ?? undefined;
    let st;
    try {
      st = statSync(path);
    } catch {
      return undefined; // removed meanwhile
    }
    if (this.dirs.watched(dirname(path))) this.trusted.add(path);
    if (known && known.ino === st.ino && known.size === st.size && known.mtimeMs === st.mtimeMs) return known.summary ?? undefined;
    const summary = summarizeRollout(path) ?? null;
    entries.set(path, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, summary });
    this.dirty = true;
    return summary ?? undefined;
  }

  /** Whether the summary's preview or cwd contains `term` (lowercase), ignoring case. */
  mentions(s: RolloutSummary, term: string): boolean {
    let l = this.lowered.get(s);
    if (!l) this.lowered.set(s, (l = { preview: s.preview.toLowerCase(), cwd: s.cwd.toLowerCase() }));
    return l.preview.includes(term) || l.cwd.includes(term);
  }

  /**
   * Writes the index if it changed, keeping only the files of `listed` (the
   * whole list, or undefined when only part of it was seen).
   */
  save(listed?: readonly string[]): void {
    const entries = this.entries;
    if (!entries) return;
    // A full pass summarised every listed file, so as many entries as files means nothing to drop.
    if (listed && entries.size !== listed.length) {
      const keep = new Set(listed);
      for (const path of entries.keys()) {
        if (!keep.has(path)) {
          entries.delete(path);
          this.dirty = true;
        }
      }
    }
    if (!this.dirty) return;
    try {
      writeFileAtomically(this.file, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(entries) }));
      this.dirty = false;
    } catch {
      // A cache that cannot be written (read-only or full disk) only costs the next listing its speed.
    }
  }

  private distrust(dir: string, name: string | null): void {
    if (name !== null) {
      this.trusted.delete(join(dir, name));
      return;
    }
    const prefix = join(dir, '_').slice(0, -1);
    for (const path of this.trusted) if (path.startsWith(prefix)) this.trusted.delete(path);
  }

  /** Re-checks every trusted file off the request path, for events the watch lost. */
  private async sweep(): Promise<void> {
    if (this.sweeping || !this.entries) return;
    this.sweeping = true;
    try {
      for (const path of [...this.trusted]) {
        const st = await stat(path).catch(() => undefined);
        const e = this.entries.get(path);
        if (!st || !e || e.ino !== st.ino || e.size !== st.size || e.mtimeMs !== st.mtimeMs) this.trusted.delete(path);
      }
    } finally {
      this.sweeping = false;
    }
  }

  private load(): Map<string, Entry> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return this.entries; // missing or corrupt: rebuilt as the rollouts are read
    }
    const raw = (parsed as { format?: unknown; entries?: unknown } | null) ?? {};
    if (raw.format !== FORMAT || typeof raw.entries !== 'object' || raw.entries === null) return this.entries;
    for (const [path, e] of Object.entries(raw.entries as Record<string, unknown>)) {
      const entry = entrySchema.safeParse(e);
      if (entry.success) this.entries.set(path, entry.data);
    }
    return this.entries;
  }
}

// What the index file may hold; anything else in it is ignored (and rebuilt).
const summarySchema = z.object({
  path: z.string(),
  id: z.string(),
  cwd: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  modelProvider: z.string(),
  model: z.string().nullable(),
  cliVersion: z.string(),
  source: sessionSource,
  preview: z.string(),
  lastCwd: z.string(),
}) satisfies z.ZodType<RolloutSummary>;
const entrySchema = z.object({ ino: z.number(), size: z.number(), mtimeMs: z.number(), summary: summarySchema.nullable() });
