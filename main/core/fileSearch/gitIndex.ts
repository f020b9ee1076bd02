// The tracked paths of a git work tree read straight from its index file,
// as `git ls-files -z --cached` would write them. On 100,000 files git needs
// a process and 100-200 ms before its first byte; reading the file here
// takes a few tens of milliseconds, so a picker's first matches show sooner.
// The file is read a chunk at a time as its entries are asked for, so the
// first ones are in a millisecond or two after a picker opens (a whole
// 10 MB index read at once took 35-70 ms on a busy machine, and through the
// thread pool longer still while the main thread was busy).
// Anything this reader is not sure to read as git does (another object
// format, a split or sparse index, an index or git dir set elsewhere, a
// worktree or submodule's .git file, an unknown required extension) answers
// null, and git lists the files instead.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of an entry before its path: ctime, mtime, dev, ino, mode, uid, gid, size (40), a SHA-1 (20), flags (2). */
const ENTRY_HEAD = 62;
const SHA1_SIZE = 20;
const FLAG_EXTENDED = 0x4000;
const NAME_MASK = 0xfff;
/**
 * Entries in the first piece of an index. A picker's first matches come from
 * it: on a fresh process the code reading and scanning it has not been
 * optimized yet (measured on 100,000 files: 4,096 entries took 60-70 ms to
 * read and add, and a keystroke arriving meanwhile waited for it).
 */
const FIRST_PIECE = 256;
/** Bytes of the file read at a time, and the window's size (about 2,500 entries of a typical index). */
const CHUNK = 256 * 1024;
/** Room an entry surely fits in but for a path longer than any file system allows (git can hold one: then the rest is read). */
const ENTRY_ROOM = 8192;

/**
 * An index file's bytes through a window that slides along it: the bytes
 * [base, end) of the file are in buf from 0. Reused as it slides, so a big
 * index costs neither a buffer its size nor the page faults of filling one
 * (a fresh 10 MB buffer took 60 ms to read into on a busy machine).
 */
export interface IndexBytes {
  buf: Buffer;
  base: number;
  end: number;
  /** The file's size. */
  size: number;
  /** Makes the bytes [from, to) of the file (cut at its end) be in the window; those before `from` may be let go. */
  window(from: number, to: number): void;
}

/**
 * The index of the git work tree at root, as pieces of paths each ended by a
 * NUL, in index order (a conflicted path once per stage, as git lists it);
 * null where git should list them instead. Opening it costs a few small
 * synchronous file calls; each piece asked for reads as much of the file as
 * it needs. Run the pieces to the end or call return(): either closes the file.
 */
export function openIndex(root: string, chunkBytes = CHUNK): Generator<string, boolean> | null {
  if (process.env.GIT_DIR || process.env.GIT_INDEX_FILE || process.env.GIT_WORK_TREE || process.env.GIT_COMMON_DIR) return null;
  const gitDir = join(root, '.git');
  let fd: number;
  try {
    if (!statSync(gitDir).isDirectory()) return null;
    const config = readFileSync(join(gitDir, 'config'), 'utf8').toLowerCase();
    // Another hash size, a work tree that is not this folder, a sparse index (directories for entries).
    if (config.includes('objectformat') || config.includes('worktree') || config.includes('sparse')) return null;
    // A split index: most entries are in a shared index file.
    if (readdirSync(gitDir).some((name) => name.startsWith('sharedindex.'))) return null;
    // Git replaces the index by renaming a new file over it: this descriptor keeps reading the one opened.
    fd = openSync(join(gitDir, 'index'), 'r');
  } catch {
    return null; // no index yet (a new repository), or unreadable: git will say
  }
  return closingWhenDone(fd, chunkBytes);
}

function* closingWhenDone(fd: number, chunkBytes: number): Generator<string, boolean> {
  try {
    const bytes = fileBytes(fd, chunkBytes);
    if (!bytes) return false;
    return yield* indexPieces(bytes);
  } catch {
    return false; // unreadable midway: git lists the files instead
  } finally {
    closeSync(fd);
  }
}

/** The file behind fd through a window of chunkBytes (more where an entry needs it); null if it cannot be read. */
function fileBytes(fd: number, chunkBytes: number): IndexBytes | null {
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch {
    return null;
  }
  const bytes: IndexBytes = {
    buf: Buffer.allocUnsafe(Math.min(size, chunkBytes)),
    base: 0,
    end: 0,
    size,
    window(from, to) {
      to = Math.min(to, size);
      if (from >= this.base && to <= this.end) return;
      const keep = Math.max(0, this.end - from);
      if (to - from > this.buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(size - from, Math.max(to - from, this.buf.length * 2)));
        if (keep > 0) this.buf.copy(bigger, 0, from - this.base, this.end - this.base);
        this.buf = bigger;
      } else if (keep > 0) {
        this.buf.copy(this.buf, 0, from - this.base, this.end - this.base);
      }
      this.base = from;
      this.end = from + keep;
      // As much as the window holds, at least up to `to`.
      const want = Math.min(size, from + this.buf.length);
      while (this.end < want) {
        const got = readSync(fd, this.buf, this.end - from, want - this.end, this.end);
        // Git never rewrites an index in place (it renames a new one over it): whoever cut this one short, its entries are not to be trusted.
        if (got === 0) throw new Error('git index ended before its size');
        this.end += got;
      }
    },
  };
  return bytes;
}

/** A whole index file already in memory. */
export function bytesOf(buf: Buffer): IndexBytes {
  return { buf, base: 0, end: buf.length, size: buf.length, window: () => {} };
}

/** openIndex's pieces joined: every path, or null. */
export function readIndexPaths(root: string, chunkBytes = CHUNK): string | null {
  const pieces = openIndex(root, chunkBytes);
  return pieces && joined(pieces);
}

/** The paths of an index file (version 2, 3 or 4, SHA-1) in one string, or null. */
export function parseIndex(buf: Buffer): string | null {
  return joined(indexPieces(bytesOf(buf)));
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
 * at a time (the first pieces smaller: `firstPiece`, then twice as many each
 * time), so the first ones can be searched while the rest are read.
 * Returns false (perhaps after some pieces) where the file is not one this
 * reader knows to read as git does.
 */
export function* indexPieces(bytes: IndexBytes, entriesPerPiece = 4096, firstPiece = FIRST_PIECE): Generator<string, boolean> {
  const { size } = bytes;
  if (size < 12 + SHA1_SIZE) return false;
  bytes.window(0, 12);
  if (bytes.buf.toString('latin1', 0, 4) !== 'DIRC') return false;
  const version = bytes.buf.readUInt32BE(4);
  if (version < 2 || version > 4) return false;
  const count = bytes.buf.readUInt32BE(8);
  const end = size - SHA1_SIZE;
  /** The paths of the piece under way, after the previous path (version 4 paths build on it). */
  let out = Buffer.allocUnsafe(64 * 1024);
  let used = 0;
  let previousStart = 0;
  let previousLength = 0;
  const room = (more: number) => {
    if (used + more <= out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, used + more));
    out.copy(bigger, 0, 0, used);
    out = bigger;
  };
  let pieceStart = 0;
  let piece = Math.min(firstPiece, entriesPerPiece);
  /** The entry count at which the piece under way ends. */
  let pieceEnd = piece;
  let off = 12;
  /** Where (in the file) the first NUL from `from` on is, the window growing from the entry at `off` until it holds one; -1 if none. */
  const nulFrom = (from: number): number => {
    for (;;) {
      const at = bytes.buf.indexOf(0, from - bytes.base);
      if (at >= 0 && at < bytes.end - bytes.base) return bytes.base + at;
      if (bytes.end >= size) return -1;
      bytes.window(off, bytes.end + ENTRY_ROOM);
    }
  };
  for (let n = 0; n < count; n++) {
    if (off + ENTRY_HEAD > end) return false;
    bytes.window(off, off + ENTRY_ROOM);
    let buf = bytes.buf;
    let base = bytes.base;
    const flags = (buf[off - base + ENTRY_HEAD - 2]! << 8) | buf[off - base + ENTRY_HEAD - 1]!;
    const nameOff = off + ENTRY_HEAD + (version >= 3 && flags & FLAG_EXTENDED ? 2 : 0);
    const pathStart = used;
    if (version === 4) {
      // The path is the previous one cut short by a varint, then a NUL-ended suffix.
      let at = nameOff;
      let c = buf[at++ - base]!;
      let strip = c & 127;
      // Read no further than a strip longer than the previous path (a corrupt index): no overflow, no huge copy.
      while (c & 128 && strip <= previousLength) {
        c = buf[at++ - base]!;
        strip = (strip + 1) * 128 + (c & 127);
      }
      const suffixEnd = nulFrom(at);
      if (suffixEnd < 0 || suffixEnd > end || strip > previousLength) return false;
      ({ buf, base } = bytes);
      const kept = previousLength - strip;
      room(kept + (suffixEnd - at) + 1);
      for (let k = previousStart; k < previousStart + kept; k++) out[used++] = out[k]!;
      for (let k = at - base; k < suffixEnd - base; k++) out[used++] = buf[k]!;
      off = suffixEnd + 1;
    } else {
      const length = flags & NAME_MASK;
      const nameEnd = length < NAME_MASK ? nameOff + length : nulFrom(nameOff);
      if (nameEnd < 0 || nameEnd > end) return false;
      ({ buf, base } = bytes);
      room(nameEnd - nameOff + 1);
      // Byte by byte: paths are short, and a copy call each cost more than the bytes.
      for (let k = nameOff - base; k < nameEnd - base; k++) out[used++] = buf[k]!;
      // Padded with 1 to 8 NULs to a multiple of 8 bytes.
      off += (nameEnd - off + 8) & ~7;
    }
    previousStart = pathStart;
    previousLength = used - pathStart;
    out[used++] = 0;
    if (n + 1 === pieceEnd) {
      yield out.toString('utf8', pieceStart, used);
      // The next piece starts afresh, after a copy of the last path.
      out.copy(out, 0, previousStart, previousStart + previousLength);
      previousStart = 0;
      used = pieceStart = previousLength;
      piece = Math.min(piece * 2, entriesPerPiece);
      pieceEnd += piece;
    }
  }
  // Extensions: a required one (lower-case first letter: a split index's link, a sparse index's sdir) means
  // the entries above are not the whole story.
  while (off + 8 <= end) {
    bytes.window(off, off + 8);
    const first = bytes.buf[off - bytes.base]!;
    if (first >= 0x61 && first <= 0x7a) return false;
    off += 8 + bytes.buf.readUInt32BE(off - bytes.base + 4);
  }
  if (used > pieceStart) yield out.toString('utf8', pieceStart, used);
  return true;
}
