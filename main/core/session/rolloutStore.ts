// Where a thread's rollout lives and the file operations on it: archive and
// unarchive (a rename between CODEX_HOME/sessions/YYYY/MM/DD and the flat
// CODEX_HOME/archived_sessions, as Codex lays them out), delete, and writing a
// whole new rollout atomically (temporary file, fsync, rename), so a crash
// leaves either the old file or the new one, never half of one.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { listRolloutFiles, threadIdFromRolloutPath } from './rollout.js';

export const ARCHIVED_SESSIONS_DIR = 'archived_sessions';

export interface RolloutLocation {
  path: string;
  archived: boolean;
}

function sameId(path: string, threadId: string): boolean {
  return threadIdFromRolloutPath(path)?.toLowerCase() === threadId.toLowerCase();
}

/** Archived rollouts, newest first (their names start with the creation time). */
export function listArchivedRolloutFiles(codexHome: string): string[] {
  const dir = join(codexHome, ARCHIVED_SESSIONS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith('rollout-') && f.endsWith('.jsonl'))
    .sort()
    .reverse()
    .map((f) => join(dir, f));
}

/** The thread's rollout, live or archived; undefined when there is none. */
export function locateRollout(codexHome: string, threadId: string): RolloutLocation | undefined {
  const live = listRolloutFiles(codexHome).find((f) => sameId(f, threadId));
  if (live) return { path: live, archived: false };
  const archived = listArchivedRolloutFiles(codexHome).find((f) => sameId(f, threadId));
  return archived ? { path: archived, archived: true } : undefined;
}

/**
 * Every file of the thread where its newest one is (live or archived), newest
 * first: one, or several when Codex reverted it (revert segments).
 */
export function threadRolloutFiles(codexHome: string, threadId: string, archived: boolean): string[] {
  return (archived ? listArchivedRolloutFiles(codexHome) : listRolloutFiles(codexHome)).filter((f) => sameId(f, threadId));
}

/** `rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl` → sessions/YYYY/MM/DD/, where Codex puts it back on unarchive. */
function liveDirFor(codexHome: string, fileName: string): string {
  const m = /^rollout-(\d{4})-(\d{2})-(\d{2})T/.exec(fileName);
  if (!m) throw new Error(`${fileName}: not a rollout file name (rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl)`);
  return join(codexHome, 'sessions', m[1]!, m[2]!, m[3]!);
}

/** Moves a live rollout to archived_sessions/ (one rename); returns the new path. */
export function archiveRollout(codexHome: string, path: string): string {
  const dest = join(codexHome, ARCHIVED_SESSIONS_DIR, basename(path));
  return moveWithoutOverwrite(path, dest);
}

/** Moves an archived rollout back to its dated sessions folder; returns the new path. */
export function unarchiveRollout(codexHome: string, path: string): string {
  const name = basename(path);
  return moveWithoutOverwrite(path, join(liveDirFor(codexHome, name), name));
}

function moveWithoutOverwrite(from: string, to: string): string {
  if (existsSync(to)) throw new Error(`${to} already exists; not overwriting it with ${from}`);
  mkdirSync(dirname(to), { recursive: true });
  renameSync(from, to);
  return to;
}

/** Writes `lines` (JSON records) as the file at `path`, replacing any old one only once the new one is complete on disk. */
export function writeRolloutAtomically(path: string, lines: unknown[]): void {
  writeFileAtomically(path, lines.map((l) => JSON.stringify(l) + '\n').join(''));
}

/** `text` as the file at `path`: a temporary file in the same folder, fsynced, then renamed over it. */
export function writeFileAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    const bytes = Buffer.from(text);
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

export function deleteRollout(path: string): void {
  rmSync(path);
}
