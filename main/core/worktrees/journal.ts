// Intent journal: before a multi-step operation changes anything, it writes
// what it is about to do to `$CODEX_HOME/worktrees/.journal/<id>.json`, and
// updates the step as it goes. The entry is deleted when the operation ends.
// An entry whose process is gone is an operation cut short: recovery reads it
// and finishes or undoes it (see recover.ts).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { worktreesRoot } from './paths.js';
import { currentProcess, type ProcessIdentity } from '../util/processIdentity.js';

export interface JournalEntry<T = unknown> {
  id: string;
  op: 'create' | 'remove' | 'handoff';
  step: string;
  owner: ProcessIdentity;
  startedAt: string;
  data: T;
}

export function journalDir(codexHome: string): string {
  return path.join(worktreesRoot(codexHome), '.journal');
}

/** Writes the file durably: temp file, fsync, rename. */
function writeDurably(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export class Journal<T> {
  private constructor(
    private readonly file: string,
    readonly entry: JournalEntry<T>,
  ) {}

  static begin<T>(codexHome: string, op: JournalEntry['op'], step: string, data: T): Journal<T> {
    const dir = journalDir(codexHome);
    fs.mkdirSync(dir, { recursive: true });
    const entry: JournalEntry<T> = { id: randomUUID(), op, step, owner: currentProcess(), startedAt: new Date().toISOString(), data };
    const j = new Journal(path.join(dir, `${entry.id}.json`), entry);
    j.save();
    return j;
  }

  /** Re-opens an entry left by another process, for recovery. */
  static adopt<T>(codexHome: string, entry: JournalEntry<T>): Journal<T> {
    return new Journal(path.join(journalDir(codexHome), `${entry.id}.json`), entry);
  }

  step(step: string, data?: Partial<T>): void {
    this.entry.step = step;
    if (data) Object.assign(this.entry.data as object, data);
    this.save();
  }

  end(): void {
    fs.rmSync(this.file, { force: true });
  }

  private save(): void {
    writeDurably(this.file, JSON.stringify(this.entry, null, 2) + '\n');
  }
}

/** Every entry on disk; unreadable ones are reported, not skipped silently. */
export function readJournal(codexHome: string): { entries: JournalEntry[]; unreadable: string[] } {
  const dir = journalDir(codexHome);
  const entries: JournalEntry[] = [];
  const unreadable: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return { entries, unreadable };
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    try {
      const entry = parseEntry(fs.readFileSync(file, 'utf8'));
      if (entry) entries.push(entry);
      else unreadable.push(file);
    } catch {
      unreadable.push(file);
    }
  }
  return { entries, unreadable };
}

function parseEntry(text: string): JournalEntry | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const { id, op, step, owner, startedAt, data } = v as Record<string, unknown>;
  if (typeof id !== 'string' || typeof step !== 'string' || typeof startedAt !== 'string') return undefined;
  if (op !== 'create' && op !== 'remove' && op !== 'handoff') return undefined;
  if (typeof owner !== 'object' || owner === null || typeof data !== 'object' || data === null) return undefined;
  const o = owner as Record<string, unknown>;
  if (typeof o.pid !== 'number' || typeof o.host !== 'string') return undefined;
  const ownerId: ProcessIdentity = { pid: o.pid, host: o.host, startTicks: typeof o.startTicks === 'string' ? o.startTicks : undefined };
  return { id, op, step, owner: ownerId, startedAt, data };
}
