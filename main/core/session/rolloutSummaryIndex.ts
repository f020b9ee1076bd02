// thread/list over thousands of sessions: what a list needs of each rollout
// (its summary) is kept in CODEX_HOME/cache, keyed by the file's identity, so
// a search or a folder filter stats each rollout instead of reading and
// parsing its head and tail every time. The rollouts stay the source of
// truth: an entry is used only while the file's inode, size and mtime are
// those it was made from (rollouts are append-only, and rewrites go through
// a rename), so sessions written by the CLI or by Codex itself are seen; a
// missing, unreadable or corrupt index is rebuilt from the rollouts.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { sessionSource } from '../../../shared/protocol/thread.js';
import { summarizeRollout, type RolloutSummary } from './rollout.js';
import { writeFileAtomically } from './rolloutStore.js';

const FORMAT = 1;

/** `summary` null: the file has no session meta (not listable); remembered so it is not read again. */
type Entry = z.output<typeof entrySchema>;

export class RolloutSummaryIndex {
  private entries: Map<string, Entry> | undefined;
  private dirty = false;

  /** `file`: where the index is kept (one per list: live sessions, archived ones). */
  constructor(private readonly file: string) {}

  static forList(codexHome: string, archived: boolean): RolloutSummaryIndex {
    return new RolloutSummaryIndex(join(codexHome, 'cache', archived ? 'thread-list-archived.json' : 'thread-list.json'));
  }

  /** The summary of one rollout: from the index while the file is unchanged, else read again. */
  summary(path: string): RolloutSummary | undefined {
    const entries = this.load();
    let st;
    try {
      st = statSync(path);
    } catch {
      return undefined; // removed meanwhile
    }
    const known = entries.get(path);
    if (known && known.ino === st.ino && known.size === st.size && known.mtimeMs === st.mtimeMs) return known.summary ?? undefined;
    const summary = summarizeRollout(path) ?? null;
    entries.set(path, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, summary });
    this.dirty = true;
    return summary ?? undefined;
  }

  /**
   * Writes the index if it changed, keeping only the files of `listed` (the
   * whole list, or undefined when only part of it was seen).
   */
  save(listed?: readonly string[]): void {
    const entries = this.entries;
    if (!entries) return;
    if (listed) {
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
