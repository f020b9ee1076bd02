// Read-change-write of a config file that loses no write: under the file's lock
// (fileLock.ts) the CURRENT bytes are read, changed, and written atomically and
// durably (temp file in the same directory, fsync, rename, fsync of the
// directory). A symlinked file is written through to its target, like Codex
// does, so the link stays a link; the target keeps its mode.
import fs from 'node:fs';
import path from 'node:path';
import { withFileLock, type FileLockOptions } from './fileLock.js';

export interface WriteTarget {
  /** Where the current content is; null when a symlink chain cannot be followed (a cycle). */
  readPath: string | null;
  /** The file to replace: the end of the symlink chain, or `file` itself. */
  writePath: string;
}

/**
 * Follows `file`'s symlink chain (relative targets against the link's directory)
 * to the first path that is not a link. A missing final target is fine (it is
 * created). A cycle or an unreadable link gives the original path with nothing
 * to read, as Codex does: writing there replaces the broken link.
 */
export function resolveWriteTarget(file: string): WriteTarget {
  const root = path.resolve(file);
  const seen = new Set<string>();
  let current = root;
  for (;;) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { readPath: current, writePath: current };
      return { readPath: null, writePath: root };
    }
    if (!st.isSymbolicLink()) return { readPath: current, writePath: current };
    if (seen.has(current)) return { readPath: null, writePath: root };
    seen.add(current);
    try {
      current = path.resolve(path.dirname(current), fs.readlinkSync(current));
    } catch {
      return { readPath: null, writePath: root };
    }
  }
}

/** The file's text, '' when it does not exist. */
function readCurrent(readPath: string | null): string {
  if (readPath === null) return '';
  try {
    return fs.readFileSync(readPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new Error(`${readPath}: cannot read: ${(err as Error).message}`);
  }
}

/**
 * Replaces `file` with `text` atomically and durably, keeping its mode (0600
 * for a new file). `file` must be the real file, not a symlink (see resolveWriteTarget).
 */
export function writeFileDurably(file: string, text: string): void {
  commit(writeTemp(file, text), file);
}

/** `text` in a new fsynced temp file beside `file`, with `file`'s mode. */
function writeTemp(file: string, text: string): string {
  const dir = path.dirname(file);
  let mode = 0o600;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    /* new file */
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'wx', mode);
    try {
      fs.writeSync(fd, text);
      fs.fchmodSync(fd, mode); // the umask may have narrowed it
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return tmp;
}

/** Renames the temp file over `file` and makes the rename durable. */
function commit(tmp: string, file: string): void {
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(path.dirname(file));
}

/** Makes the rename itself durable; some platforms (Windows) cannot open a directory, which is fine there. */
function syncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    /* not supported for directories here */
  } finally {
    fs.closeSync(fd);
  }
}

export interface LockedUpdate {
  /** The text read under the lock ('' for a missing file). */
  before: string;
  /** The text written (equal to `before` when nothing changed; then nothing is written). */
  after: string;
  /** The real file (the symlink's target when `file` is a link). */
  writePath: string;
}

/** Editors do not take our lock: how often a save landing mid-update makes us start over. */
const MAX_REREADS = 5;

/**
 * Applies `change` to the current text of `file` under its lock and writes the
 * result. `change` may throw (a version conflict, an invalid edit): then nothing
 * is written. Just before the rename the file is read again; if someone without
 * the lock (an editor) saved meanwhile, `change` runs again on their text, so
 * their save is not reverted. The lock sits beside the real file, so writers
 * reaching it through different links still queue on one lock.
 */
export function updateFileLocked(file: string, change: (current: string) => string, opts?: FileLockOptions): LockedUpdate {
  for (;;) {
    const target = resolveWriteTarget(file);
    fs.mkdirSync(path.dirname(target.writePath), { recursive: true }); // the lock goes there too
    const result = withFileLock(
      target.writePath,
      () => {
        // The link may have been re-pointed while we waited: then lock the new target.
        if (resolveWriteTarget(file).writePath !== target.writePath) return null;
        for (let attempt = 0; ; attempt++) {
          const before = readCurrent(target.readPath);
          const after = change(before);
          if (after === before) return { before, after, writePath: target.writePath };
          const tmp = writeTemp(target.writePath, after);
          if (attempt < MAX_REREADS && readCurrent(target.readPath) !== before) {
            fs.rmSync(tmp, { force: true });
            continue;
          }
          commit(tmp, target.writePath);
          return { before, after, writePath: target.writePath };
        }
      },
      opts,
    );
    if (result) return result;
  }
}
