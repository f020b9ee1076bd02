// Thread names, kept as Codex keeps them: CODEX_HOME/session_index.jsonl, one
// `{"id","thread_name","updated_at"}` line appended per rename; the last line
// for an id wins. So `codex resume NAME` finds names set by either program.
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { writeFileAtomically } from './rolloutStore.js';
import { join } from 'node:path';

export const SESSION_INDEX_FILE = 'session_index.jsonl';

interface IndexEntry {
  id: string;
  thread_name: string;
  updated_at: string;
}

function indexPath(codexHome: string): string {
  return join(codexHome, SESSION_INDEX_FILE);
}

/** Every thread's current name (id → name); unreadable lines are skipped. */
export function readThreadNames(codexHome: string): Map<string, string> {
  const names = new Map<string, string>();
  const path = indexPath(codexHome);
  if (!existsSync(path)) return names;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as Partial<IndexEntry>;
      if (typeof e.id !== 'string' || typeof e.thread_name !== 'string') continue;
      // Re-inserted, so the map's order is the order of the latest renames.
      names.delete(e.id.toLowerCase());
      names.set(e.id.toLowerCase(), e.thread_name);
    } catch {
      /* a torn line from a crash: the names before and after it still count */
    }
  }
  return names;
}

/**
 * readThreadNames for a caller that asks often (thread/list): the file is
 * read again only when its inode, size or mtime moved. It only grows by
 * appends (size moves) or is replaced by a rename (inode moves).
 */
export class ThreadNamesCache {
  private last: { ino: number; size: number; mtimeMs: number; names: Map<string, string> } | undefined;

  constructor(private readonly codexHome: string) {}

  names(): Map<string, string> {
    const st = statSync(indexPath(this.codexHome), { throwIfNoEntry: false });
    if (!st) return new Map();
    const l = this.last;
    if (l && l.ino === st.ino && l.size === st.size && l.mtimeMs === st.mtimeMs) return l.names;
    const names = readThreadNames(this.codexHome);
    this.last = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, names };
    return names;
  }
}

export function threadName(codexHome: string, threadId: string): string | null {
  return readThreadNames(codexHome).get(threadId.toLowerCase()) ?? null;
}

/** Records a name with one append (a single write of one line, so concurrent writers never interleave). */
export function setThreadName(codexHome: string, threadId: string, name: string): void {
  const entry: IndexEntry = { id: threadId, thread_name: name, updated_at: new Date().toISOString() };
  appendFileSync(indexPath(codexHome), JSON.stringify(entry) + '\n', { mode: 0o600 });
}

/** Ids whose current name is `name`, most recently named first. */
export function threadIdsNamed(codexHome: string, name: string): string[] {
  const ids: string[] = [];
  for (const [id, n] of readThreadNames(codexHome)) if (n === name) ids.unshift(id);
  return ids;
}

/** Forgets a deleted thread's names (as Codex does on delete): the index is rewritten without its lines, atomically. */
export function removeThreadNames(codexHome: string, threadId: string): void {
  const path = indexPath(codexHome);
  if (!existsSync(path)) return;
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const kept = lines.filter((line) => {
    try {
      return (JSON.parse(line) as Partial<IndexEntry>).id?.toLowerCase() !== threadId.toLowerCase();
    } catch {
      return true; // not ours to judge: kept as it was
    }
  });
  if (kept.length !== lines.length) writeFileAtomically(path, kept.map((l) => l + '\n').join(''));
}
