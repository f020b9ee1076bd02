// The prompt history shared by every session, as Codex keeps it:
// CODEX_HOME/history.jsonl, one {"session_id","ts","text"} object per line,
// mode 0600. A line is written whole in one write(2) on an O_APPEND descriptor,
// so parallel sessions (ours or Codex's) never tear or interleave lines. With
// `[history] max_bytes`, the write and the trim happen under a lock file, so
// one of our processes never trims over another's append. (Codex locks with
// flock, which Node lacks: a Codex process trimming at the same moment as ours
// appends could drop that one line.)
import fs from 'node:fs';
import path from 'node:path';
import { withFileLock } from '../core/config/fileLock.js';

export const HISTORY_FILENAME = 'history.jsonl';
/** After a trim the file is at most this share of max_bytes, so the next append does not trim again (Codex's ratio). */
const SOFT_CAP_RATIO = 0.8;
/** Longer than Codex's 10 × 100 ms flock tries: our lock is a file, slower to take on a busy machine. */
const LOCK_TIMEOUT_MS = 5_000;

export interface HistorySettings {
  /** "save-all" (Codex's default) writes every prompt; "none" writes nothing (the file is still read). */
  persistence: 'save-all' | 'none';
  /** Trim to this size; null or 0: no cap (Codex's default). */
  maxBytes: number | null;
}

/** `[history]` as config/read gives it; a bad value is an error naming the key. */
export function historySettings(raw: unknown): HistorySettings {
  const out: HistorySettings = { persistence: 'save-all', maxBytes: null };
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('config: [history] must be a table');
  const { persistence, max_bytes: maxBytes } = raw as Record<string, unknown>;
  if (persistence !== undefined) {
    if (persistence !== 'save-all' && persistence !== 'none')
      throw new Error(`config: history.persistence = ${JSON.stringify(persistence)}: expected "save-all" or "none"`);
    out.persistence = persistence;
  }
  if (maxBytes !== undefined) {
    if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes < 0)
      throw new Error(`config: history.max_bytes = ${JSON.stringify(maxBytes)}: expected a whole number of bytes, 0 or more`);
    out.maxBytes = maxBytes;
  }
  return out;
}

export class MessageHistory {
  readonly file: string;

  constructor(
    codexHome: string,
    readonly settings: HistorySettings,
  ) {
    this.file = path.join(codexHome, HISTORY_FILENAME);
  }

  /** Appends one prompt (nothing with persistence "none"), then trims the file to max_bytes. */
  append(text: string, sessionId: string): void {
    if (this.settings.persistence === 'none') return;
    const line = JSON.stringify({ session_id: sessionId, ts: Math.floor(Date.now() / 1000), text }) + '\n';
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const write = () => {
      const fd = fs.openSync(this.file, fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_RDWR, 0o600);
      try {
        // A file made by someone else (or before) is narrowed to the owner, as Codex does.
        if ((fs.fstatSync(fd).mode & 0o777) !== 0o600) fs.fchmodSync(fd, 0o600);
        writeWhole(fd, Buffer.from(line));
        this.trim(fd, Buffer.byteLength(line));
      } finally {
        fs.closeSync(fd);
      }
    };
    // An O_APPEND write of a whole line needs no lock; a trim (read, truncate, rewrite) would
    // lose a line appended in between, so with a cap every writer takes the lock.
    if (this.settings.maxBytes) withFileLock(this.file, write, { timeoutMs: LOCK_TIMEOUT_MS });
    else write();
  }

  /** Over max_bytes: the oldest lines go until the file fits the soft cap; the newest line always stays. */
  private trim(fd: number, newestBytes: number): void {
    const max = this.settings.maxBytes;
    if (!max) return;
    const size = fs.fstatSync(fd).size;
    if (size <= max) return;
    const target = Math.max(Math.min(Math.max(1, Math.floor(max * SOFT_CAP_RATIO)), max), newestBytes);
    const whole = Buffer.alloc(size);
    fs.readSync(fd, whole, 0, size, 0);
    let start = 0;
    while (size - start > target) {
      const nl = whole.indexOf(0x0a, start);
      if (nl < 0 || nl + 1 >= size) break;
      start = nl + 1;
    }
    fs.ftruncateSync(fd, 0);
    // O_APPEND: the write lands at the new end, i.e. the start.
    writeWhole(fd, whole.subarray(start));
  }

  /** Every saved prompt, oldest first; lines that are not entries are skipped. */
  load(): string[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: string[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry: unknown = JSON.parse(line);
        if (entry && typeof entry === 'object' && typeof (entry as { text?: unknown }).text === 'string') out.push((entry as { text: string }).text);
      } catch {
        /* a torn or foreign line: skipped, as Codex skips it */
      }
    }
    return out;
  }
}

/** One write(2) for the whole buffer when the kernel takes it (it does for regular files); the rest if not. */
function writeWhole(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
}
