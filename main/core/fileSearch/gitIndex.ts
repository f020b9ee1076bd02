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
/** Bytes read from the file at a time (about 5,000 entries of a typical index). */
const CHUNK = 512 * 1024;
/** Room an entry surely fits in but for a path longer than any file system allows (git can hold one: then the rest is read). */
const ENTRY_ROOM = 8192;

/** An index file's bytes, read up to `upTo` on demand. */
export interface IndexBytes {
  buf: Buffer;
  /** Makes buf[0, upTo) (or up to the end of the file) read; false where the file ended before. */
  ensure(upTo: number): boolean;
  /** How many bytes from the start are read so far. */
  read(): number;
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

/** The file behind fd, read chunkBytes (or more) at a time; null if it cannot be read. */
function fileBytes(fd: number, chunkBytes: number): IndexBytes | null {
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(size);
    let filled = 0;
    return {
      buf,
      ensure(upTo) {
        if (upTo <= filled) return true;
        const want = Math.min(size, Math.max(upTo, filled + chunkBytes));
        while (filled < want) {
          const got = readSync(fd, buf, filled, want - filled, filled);
          // Git never rewrites an index in place (it renames a new one over it): whoever cut this one short, its entries are not to be trusted.
          if (got === 0) throw new Error('git index ended before its size');
          filled += got;
        }
        return filled >= Math.min(upTo, size);
      },
      read: () => filled,
    };
  } catch {
    return null;
  }
}

/** A whole index file already in memory. */
export function bytesOf(buf: Buffer): IndexBytes {
  return { buf, ensure: (upTo) => upTo <= buf.length, read: () => buf.length };
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
  const { buf } = bytes;
  if (!bytes.ensure(12) || buf.length < 12 + SHA1_SIZE || buf.toString('latin1', 0, 4) !== 'DIRC') return false;
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
  let piece = Math.min(firstPiece, entriesPerPiece);
  /** The entry count at which the piece under way ends. */
  let pieceEnd = piece;
  let off = 12;
  /** Where the first NUL from `from` on is, reading on until one is among the bytes read (what is not read yet may hold anything), or -1. */
  const nulFrom = (from: number): number => {
    for (;;) {
      const at = buf.indexOf(0, from);
      const read = bytes.read();
      if ((at >= 0 && at < read) || read >= buf.length) return at < read ? at : -1;
      bytes.ensure(read + 1);
    }
  };
  for (let n = 0; n < count; n++) {
    bytes.ensure(off + ENTRY_ROOM);
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
      const suffixEnd = nulFrom(at);
      if (suffixEnd < 0 || suffixEnd > end || strip > previousLength) return false;
      const kept = previousLength - strip;
      room(kept + (suffixEnd - at) + 1);
      for (let k = previousStart; k < previousStart + kept; k++) out[used++] = out[k]!;
      for (let k = at; k < suffixEnd; k++) out[used++] = buf[k]!;
      off = suffixEnd + 1;
    } else {
      const length = flags & NAME_MASK;
      const nameEnd = length < NAME_MASK ? nameOff + length : nulFrom(nameOff);
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
    if (n + 1 === pieceEnd) {
      yield out.toString('utf8', pieceStart, used);
      pieceStart = used;
      piece = Math.min(piece * 2, entriesPerPiece);
      pieceEnd += piece;
    }
  }
  // Extensions: a required one (lower-case first letter: a split index's link, a sparse index's sdir) means
  // the entries above are not the whole story.
  bytes.ensure(buf.length);
  while (off + 8 <= end) {
    const first = buf[off]!;
    if (first >= 0x61 && first <= 0x7a) return false;
    off += 8 + buf.readUInt32BE(off + 4);
  }
  if (used > pieceStart) yield out.toString('utf8', pieceStart, used);
  return true;
}
