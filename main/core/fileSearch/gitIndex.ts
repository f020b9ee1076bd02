// The tracked paths of a git work tree read straight from its index file,
// as `git ls-files -z --cached` would write them. On 100,000 files git needs
// a process and 100-200 ms before its first byte; reading the file here
// takes a few tens of milliseconds, so a picker's first matches show sooner.
// Anything this reader is not sure to read as git does (another object
// format, a split or sparse index, an index or git dir set elsewhere, a
// worktree or submodule's .git file, an unknown required extension) answers
// null, and git lists the files instead.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes of an entry before its path: ctime, mtime, dev, ino, mode, uid, gid, size (40), a SHA-1 (20), flags (2). */
const ENTRY_HEAD = 62;
const SHA1_SIZE = 20;
const FLAG_EXTENDED = 0x4000;
const NAME_MASK = 0xfff;

/**
 * The index of the git work tree at root, as pieces of paths each ended by a
 * NUL, in index order (a conflicted path once per stage, as git lists it);
 * null where git should list them instead.
 */
export async function openIndex(root: string): Promise<Generator<string, boolean> | null> {
  if (process.env.GIT_DIR || process.env.GIT_INDEX_FILE || process.env.GIT_WORK_TREE || process.env.GIT_COMMON_DIR) return null;
  const gitDir = join(root, '.git');
  try {
    if (!(await stat(gitDir)).isDirectory()) return null;
    const config = (await readFile(join(gitDir, 'config'), 'utf8')).toLowerCase();
    // Another hash size, a work tree that is not this folder, a sparse index (directories for entries).
    if (config.includes('objectformat') || config.includes('worktree') || config.includes('sparse')) return null;
    // A split index: most entries are in a shared index file.
    if ((await readdir(gitDir)).some((name) => name.startsWith('sharedindex.'))) return null;
    return indexPieces(await readFile(join(gitDir, 'index')));
  } catch {
    return null; // no index yet (a new repository), or unreadable: git will say
  }
}

/** openIndex's pieces joined: every path, or null. */
export async function readIndexPaths(root: string): Promise<string | null> {
  const pieces = await openIndex(root);
  return pieces && joined(pieces);
}

/** The paths of an index file (version 2, 3 or 4, SHA-1) in one string, or null. */
export function parseIndex(buf: Buffer): string | null {
  return joined(indexPieces(buf));
}

function joined(pieces: Generator<string, boolean>): string | null {
  let text = '';
  for (;;) {
    const next = pieces.next();
    if (next.done) return next.value ? text : null;
    text += next.value;
  }
}

/**
 * The paths of an index file (version 2, 3 or 4, SHA-1), `entriesPerPiece`
 * at a time, so the first ones can be searched while the rest are read.
 * Returns false (perhaps after some pieces) where the file is not one this
 * reader knows to read as git does.
 */
export function* indexPieces(buf: Buffer, entriesPerPiece = 4096): Generator<string, boolean> {
  if (buf.length < 12 + SHA1_SIZE || buf.toString('latin1', 0, 4) !== 'DIRC') return false;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return false;
  const count = buf.readUInt32BE(8);
  const end = buf.length - SHA1_SIZE;
  let out = Buffer.allocUnsafe(Math.max(1024, buf.length));
  let used = 0;
  /** Where the previous path is in `out` (version 4 paths build on it). */
  let previousStart = 0;
  let previousLength = 0;
  const room = (bytes: number) => {
    if (used + bytes <= out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, used + bytes));
    out.copy(bigger, 0, 0, used);
    out = bigger;
  };
  let pieceStart = 0;
  let off = 12;
  for (let n = 0; n < count; n++) {
    if (off + ENTRY_HEAD > end) return false;
    const flags = (buf[off + ENTRY_HEAD - 2]! << 8) | buf[off + ENTRY_HEAD - 1]!;
    const nameOff = off + ENTRY_HEAD + (version >= 3 && flags & FLAG_EXTENDED ? 2 : 0);
    const pathStart = used;
    if (version === 4) {
      // The path is the previous one cut short by a varint, then a NUL-ended suffix.
      let at = nameOff;
      let c = buf[at++]!;
      let strip = c & 127;
      while (c & 128) {
        c = buf[at++]!;
        strip = ((strip + 1) << 7) + (c & 127);
      }
      const suffixEnd = buf.indexOf(0, at);
      if (suffixEnd < 0 || suffixEnd > end || strip > previousLength) return false;
      const kept = previousLength - strip;
      room(kept + (suffixEnd - at) + 1);
      for (let k = previousStart; k < previousStart + kept; k++) out[used++] = out[k]!;
      for (let k = at; k < suffixEnd; k++) out[used++] = buf[k]!;
      off = suffixEnd + 1;
    } else {
      const length = flags & NAME_MASK;
      const nameEnd = length < NAME_MASK ? nameOff + length : buf.indexOf(0, nameOff);
      if (nameEnd < 0 || nameEnd > end) return false;
      room(nameEnd - nameOff + 1);
      // Byte by byte: paths are short, and a copy call each cost more than the bytes.
      for (let k = nameOff; k < nameEnd; k++) out[used++] = buf[k]!;
      // Padded with 1 to 8 NULs to a multiple of 8 bytes.
      off += (nameEnd - off + 8) & ~7;
    }
    previousStart = pathStart;
    previousLength = used - pathStart;
    out[used++] = 0;
    if ((n + 1) % entriesPerPiece === 0) {
      yield out.toString('utf8', pieceStart, used);
      pieceStart = used;
    }
  }
  // Extensions: a required one (lower-case first letter: a split index's link, a sparse index's sdir) means
  // the entries above are not the whole story.
  while (off + 8 <= end) {
    const first = buf[off]!;
    if (first >= 0x61 && first <= 0x7a) return false;
    off += 8 + buf.readUInt32BE(off + 4);
  }
  if (used > pieceStart) yield out.toString('utf8', pieceStart, used);
  return true;
}
