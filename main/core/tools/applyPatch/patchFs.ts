// The file operations apply_patch needs, so the same planner and applier work
// on this machine (node:fs) and on an exec-server environment (fs/* calls).
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describeIoError } from './errors.js';

/** What a path looked like on disk when it was planned. */
export type DiskSnapshot =
  | { type: 'missing' }
  | { type: 'file'; bytes: Buffer; mode: number }
  | { type: 'symlink'; target: string; bytes?: Buffer }
  | { type: 'unreadable'; error: string }
  | { type: 'other' };

export interface PatchFs {
  /** What is at `abs` now, without following a final symlink. */
  snapshot(abs: string): Promise<DiskSnapshot>;
  /** Following symlinks; undefined when nothing (or a dangling link) is there. */
  stat(abs: string): Promise<{ isDirectory: boolean; isFile: boolean; mode: number } | undefined>;
  realpath(abs: string): Promise<string>;
  unlink(abs: string): Promise<void>;
  symlink(target: string, abs: string): Promise<void>;
  /** mkdir -p; resolves with the first directory it had to create, if any. */
  mkdirp(dir: string): Promise<string | undefined>;
  /** Replaces the content of `target` (atomically where the backend can), giving it `mode` if set. */
  writeAtomic(target: string, bytes: Uint8Array, mode: number | undefined): Promise<void>;
  /** Removes a file; a missing one is fine. */
  rm(abs: string): Promise<void>;
  /** Removes an empty directory. */
  rmdir(dir: string): Promise<void>;
}

async function localSnapshot(abs: string): Promise<DiskSnapshot> {
  let lst;
  try {
    lst = await fs.lstat(abs);
  } catch {
    return { type: 'missing' };
  }
  if (lst.isSymbolicLink()) {
    const target = await fs.readlink(abs);
    try {
      const st = await fs.stat(abs);
      if (st.isFile()) return { type: 'symlink', target, bytes: await fs.readFile(abs) };
    } catch {
      // dangling, or the target is unreadable
    }
    return { type: 'symlink', target };
  }
  if (lst.isFile()) {
    try {
      return { type: 'file', bytes: await fs.readFile(abs), mode: lst.mode & 0o7777 };
    } catch (err) {
      return { type: 'unreadable', error: describeIoError(err) };
    }
  }
  return { type: 'other' };
}

/** Writes `bytes` to a temporary file next to `target` and renames it into place. */
async function localAtomicWrite(target: string, bytes: Uint8Array, mode: number | undefined): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.apply_patch.tmp`);
  try {
    await fs.writeFile(tmp, bytes, { flag: 'wx', mode: mode ?? 0o666 });
    if (mode !== undefined) await fs.chmod(tmp, mode); // the umask must not narrow it
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

export const localPatchFs: PatchFs = {
  snapshot: localSnapshot,
  async stat(abs) {
    try {
      const st = await fs.stat(abs);
      return { isDirectory: st.isDirectory(), isFile: st.isFile(), mode: st.mode & 0o7777 };
    } catch {
      return undefined;
    }
  },
  realpath: (abs) => fs.realpath(abs),
  unlink: (abs) => fs.unlink(abs),
  symlink: (target, abs) => fs.symlink(target, abs),
  mkdirp: (dir) => fs.mkdir(dir, { recursive: true }),
  writeAtomic: localAtomicWrite,
  rm: (abs) => fs.rm(abs, { force: true }),
  rmdir: (dir) => fs.rmdir(dir),
};
