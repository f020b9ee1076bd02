// The on-disk form of thread/list's summary index (CODEX_HOME/cache/
// thread-list.jsonl), in list order (day directories newest first, files
// newest first). Each day directory's block opens with a line holding the
// directory's listing (identity and file names) and the byte length of the
// entry lines that follow, one per name. A fresh server parses the
// directory lines only (the names make every listing), and decodes a
// block's entries when a listing first reaches it: the first page touches
// one block, not ten thousand records.
//
//   {"format":4}
//   {"dir":"/…/sessions/2026/03/04","ino":1,"mtimeMs":2,"readAt":3,"names":["rollout-….jsonl",…],"bytes":N}
//   [stable,"id","rollout-….jsonl",ino,size,mtimeMs,checkedAt,cwd,createdAt,updatedAt,provider,model,cliVersion,source,preview,lastCwd]
//   [0,null,"rollout-….jsonl",ino,size,mtimeMs,checkedAt]      no session meta: not listable
//   {"end":N}                                                  N entries in all: anything short of it was cut
//
// readAt null: the listing was read too soon after its mtime to be trusted.
// `stable` 1: the entry's preview came from the file's head and was checked
// after its directory's listing was read (see RolloutSummaryIndex).
//
// codex-rollout-check (native-helpers/rollout-check) reads this format too,
// to confirm each line's file identity as an app-server starts: a change
// here changes it (and INDEX_FORMAT). A line is parsed into a summary by
// rolloutIndexEntry.ts.
import { inDir } from './rolloutDirs.js';
import type { RolloutSummary } from './rollout.js';

export const INDEX_FORMAT = 4;

/** What a stat of the rollout showed when its summary was made, and the summary. */
export interface IndexEntry {
  ino: number;
  size: number;
  mtimeMs: number;
  /** Wall-clock ms of the last stat that showed the file as the summary was made from. */
  checkedAt: number;
  /** null: the file has no session meta (not listable); remembered so it is not read again. */
  summary: RolloutSummary | null;
}

/** A directory's listing as it was read: trusted again while ino and mtime are the same. */
export interface DirRecord {
  ino: number;
  mtimeMs: number;
  /** When the names were read; null when too soon after the mtime to be trusted. */
  readAt: number | null;
  /** The files' full paths, newest first. */
  paths: string[];
}

/** One file's line, kept as text until a listing needs it. */
export interface RawEntry {
  text: string;
  stable: boolean;
  /** The session id, read without parsing the line (null when it has no summary). */
  id: string | null;
  /** Where the file's identity (ino, size, mtimeMs) starts in `text`. */
  identityAt: number;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** One directory's entry lines, decoded when first asked for. */
interface Block {
  start: number;
  end: number;
  names: string[];
  decoded?: { latin: string; lines: string[]; starts: number[]; ascii: boolean; at: Map<string, number> } | null;
  mentioning?: { term: string; lines: Set<number> };
  /** Its lines (by place) that were taken (parsed into entries). */
  taken: Set<number>;
  heads?: BlockHeads | null;
}

/** The heads of a block's lines, in listing order, read in one pass over its text. */
export interface BlockHeads {
  /** Each line's session id; null where the file has no session meta. */
  ids: (string | null)[];
  /** The lines (by place) that are not stable (see the module comment) or have no id. */
  unstable: number[];
  /** Each line's file identity (ino, size, mtimeMs) as recorded, read without parsing the line. */
  identity(i: number): { ino: number; size: number; mtimeMs: number } | undefined;
  /** The lines taken so far (parsed into entries, which may since say otherwise): not to be judged from their text. */
  taken: ReadonlySet<number>;
}

/** The index file as read: its directories' listings, and their entries as lines not parsed yet. */
export class DecodedIndex {
  /** Directory → listing, in list order. */
  readonly dirs = new Map<string, DirRecord>();
  private readonly blocks = new Map<string, Block>();
  private readonly taken = new Set<string>();
  /** Why (part of) the file could not be used, for the log; undefined when it was whole. */
  problem: string | undefined;

  /** `broken`: told of a block whose lines do not match its names (its files are read from their rollouts). */
  constructor(
    private readonly buf: Buffer,
    private readonly broken: (dir: string) => void,
  ) {
    this.read();
  }

  /** `path`'s line, unless it has none or it was taken. */
  entry(path: string): RawEntry | undefined {
    const at = this.locate(path);
    if (!at) return undefined;
    const text = this.text(at.block, at.i);
    const head = recordHead(text);
    return head && head.name === at.name ? { text, stable: head.stable, id: head.id, identityAt: head.identityAt } : undefined;
  }

  /** The line is parsed now; later lookups go to the parsed entry. */
  take(path: string): void {
    if (this.taken.has(path)) return;
    const at = this.locate(path);
    this.taken.add(path);
    at?.block.taken.add(at.i);
  }

  /**
   * The heads of `dir`'s lines, when a listing may take its block as a
   * whole: each line names the file its place in the block's listing gives
   * (which is how the listing the index file carried over orders them);
   * undefined otherwise (the block is missing or spoilt, or a line's id is
   * escaped or outside ASCII: its files are then looked at one by one).
   */
  heads(dir: string): BlockHeads | undefined {
    const block = this.blocks.get(dir);
    if (!block) return undefined;
    if (block.heads === undefined) block.heads = this.readHeads(dir, block);
    return block.heads ?? undefined;
  }

  /**
   * The lines (by place) of `dir`'s block that, lowercased, contain `term`
   * (lowercase), as mentions() decides; undefined when there is no such
   * block.
   */
  linesMentioning(dir: string, term: string): ReadonlySet<number> | undefined {
    const block = this.blocks.get(dir);
    return block && this.decode(dir, block) ? this.mentioning(block, term) : undefined;
  }

  /** The lines (by place) of `dir`'s block that hold any of `texts` (compared as UTF-8 bytes); undefined when there is no such block. */
  linesContaining(dir: string, texts: readonly string[]): ReadonlySet<number> | undefined {
    const block = this.blocks.get(dir);
    const d = block && this.decode(dir, block);
    if (!d) return undefined;
    const lines = new Set<number>();
    for (const text of texts) {
      const bytes = Buffer.from(text).toString('latin1');
      for (let at = d.latin.indexOf(bytes); at >= 0; at = d.latin.indexOf(bytes, at + 1)) lines.add(upperBound(d.starts, at) - 1);
    }
    return lines;
  }

  /**
   * Whether `path`'s line, lowercased, contains `term` (lowercase), found in
   * one scan of its block rather than line by line. The line holds the term
   * as JSON writes it (a quote or backslash escaped, other characters as
   * they are), and escaping and lowercasing go character by character, so a
   * line whose text contains the term holds its escaped form. ASCII folds
   * case alike in a regular expression and in toLowerCase; a line with other
   * characters is lowercased whole (some lowercase to ASCII).
   */
  mentions(path: string, term: string): boolean {
    const at = this.locate(path);
    return !at || this.mentioning(at.block, term).has(at.i);
  }

  /** The lines of a decoded block that mention `term` (see mentions), found once per block and term. */
  private mentioning(block: Block, term: string): Set<number> {
    if (block.mentioning?.term === term) return block.mentioning.lines;
    const d = block.decoded!;
    const escaped = JSON.stringify(term).slice(1, -1);
    const lines = new Set<number>();
    // A term outside ASCII is in no line of ASCII alone, whose Latin-1 text is exact.
    if (!NON_ASCII.test(escaped)) {
      const re = new RegExp(escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
      for (let m = re.exec(d.latin); m; m = re.exec(d.latin)) {
        const line = upperBound(d.starts, m.index) - 1;
        lines.add(line);
        re.lastIndex = d.starts[line + 1] ?? d.latin.length; // one hit per line is enough
      }
    }
    if (!d.ascii) for (let i = 0; i < d.lines.length; i++) if (NON_ASCII.test(d.lines[i]!) && this.text(block, i).toLowerCase().includes(escaped)) lines.add(i);
    block.mentioning = { term, lines };
    return lines;
  }

  /** See heads(): each line's head read from the block's Latin-1 text, checked against the name its place gives. */
  private readHeads(dir: string, block: Block): BlockHeads | null {
    const d = this.decode(dir, block);
    if (!d) return null;
    const { latin, starts } = d;
    const ids: (string | null)[] = [];
    const unstable: number[] = [];
    const identityAt: number[] = [];
    for (let i = 0; i < starts.length; i++) {
      const s = starts[i]!;
      const flag = latin.charCodeAt(s + 1);
      if (latin.charCodeAt(s) !== 91 /* [ */ || (flag !== 48 && flag !== 49) /* 0 1 */ || latin.charCodeAt(s + 2) !== 44 /* , */) return null;
      let nameAt: number;
      if (latin.startsWith('null,', s + 3)) {
        ids.push(null);
        unstable.push(i);
        nameAt = s + 8;
      } else {
        if (latin.charCodeAt(s + 3) !== 34 /* " */) return null;
        const close = latin.indexOf('"', s + 4);
        if (close < 0 || latin.charCodeAt(close + 1) !== 44) return null;
        const id = latin.slice(s + 4, close);
        if (id.includes('\\') || (!d.ascii && NON_ASCII.test(id))) return null;
        ids.push(id);
        if (flag !== 49) unstable.push(i);
        nameAt = close + 2;
      }
      const name = block.names[i]!;
      if (latin.charCodeAt(nameAt) !== 34 || !latin.startsWith(name, nameAt + 1) || !latin.startsWith('",', nameAt + 1 + name.length)) return null;
      identityAt.push(nameAt + name.length + 3);
    }
    return { ids, unstable, identity: (i) => identityIn(latin, identityAt[i]!), taken: block.taken };
  }

  private locate(path: string): { block: Block; i: number; name: string } | undefined {
    if (this.taken.has(path)) return undefined;
    const dir = dirOf(path);
    const block = this.blocks.get(dir);
    if (!block) return undefined;
    const d = this.decode(dir, block);
    const name = path.slice(dir.length + 1);
    const i = d?.at.get(name);
    return i === undefined ? undefined : { block, i, name };
  }

  private decode(dir: string, block: Block): Block['decoded'] {
    if (block.decoded !== undefined) return block.decoded;
    const latin = this.buf.toString('latin1', block.start, block.end);
    const lines = latin.split('\n');
    lines.pop(); // after the last newline
    if (lines.length !== block.names.length) {
      this.broken(dir);
      return (block.decoded = null);
    }
    const starts: number[] = [];
    let at = 0;
    for (const l of lines) {
      starts.push(at);
      at += l.length + 1;
    }
    const index = new Map(block.names.map((n, i) => [n, i]));
    return (block.decoded = { latin, lines, starts, ascii: !NON_ASCII.test(latin), at: index });
  }

  /** Line `i` of a block, decoded as UTF-8 where it is not ASCII (Latin-1 is exact for ASCII and far cheaper). */
  private text(block: Block, i: number): string {
    const d = block.decoded!;
    const l = d.lines[i]!;
    if (d.ascii || !NON_ASCII.test(l)) return l;
    return this.buf.toString('utf8', block.start + d.starts[i]!, block.start + d.starts[i]! + l.length);
  }

  private read(): void {
    const buf = this.buf;
    let at = buf.indexOf(10);
    const header = parseObject(buf.toString('utf8', 0, at < 0 ? buf.length : at));
    if (header?.format !== INDEX_FORMAT) {
      this.problem = buf.length === 0 ? 'empty' : `not format ${INDEX_FORMAT}`;
      return;
    }
    let count = 0;
    for (let n = 2; ; n++) {
      at++;
      if (at >= buf.length) return this.cut('cut short (no end line)');
      const nl = buf.indexOf(10, at);
      const obj = parseObject(buf.toString('utf8', at, nl < 0 ? buf.length : nl));
      if (obj && 'end' in obj) {
        if (obj.end !== count) this.problem = `holds ${count} entries where its end says ${String(obj.end)}`;
        return;
      }
      const names = obj?.names;
      if (
        !obj ||
        typeof obj.dir !== 'string' ||
        !isNum(obj.ino) ||
        !isNum(obj.mtimeMs) ||
        (obj.readAt !== null && !isNum(obj.readAt)) ||
        !isNum(obj.bytes) ||
        !Array.isArray(names) ||
        !names.every((f): f is string => typeof f === 'string' && f.startsWith('rollout-') && !f.includes('/'))
      )
        return this.cut(`block ${n - 1} does not open with a directory line`);
      if (nl < 0 || nl + 1 + obj.bytes > buf.length) return this.cut(`cut short (in block ${n - 1})`);
      if (obj.bytes > 0 && buf[nl + obj.bytes] !== 10) return this.cut(`block ${n - 1} does not end where its directory line says`);
      const dir = obj.dir;
      // Each directory once: the early check (codex-rollout-check) answers by block, in this order.
      if (this.dirs.has(dir)) return this.cut(`block ${n - 1} repeats the directory ${dir}`);
      this.dirs.set(dir, { ino: obj.ino, mtimeMs: obj.mtimeMs, readAt: obj.readAt, paths: names.map((f) => inDir(dir, f)) });
      this.blocks.set(dir, { start: nl + 1, end: nl + 1 + obj.bytes, names, taken: new Set() });
      count += names.length;
      at = nl + obj.bytes;
    }
  }

  private cut(problem: string): void {
    this.problem = problem;
  }
}

/** The index file's directory line, followed by its entry lines. */
export function encodeBlock(dir: string, d: Omit<DirRecord, 'paths'>, names: readonly string[], lines: readonly string[]): string {
  const body = lines.map((l) => l + '\n').join('');
  return JSON.stringify({ dir, ino: d.ino, mtimeMs: d.mtimeMs, readAt: d.readAt, names, bytes: Buffer.byteLength(body) }) + '\n' + body;
}

export function encodeHeader(): string {
  return JSON.stringify({ format: INDEX_FORMAT }) + '\n';
}

export function encodeEnd(count: number): string {
  return JSON.stringify({ end: count }) + '\n';
}

/** The directory part of a rollout path (made by inDir). */
function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return path.slice(0, slash >= 0 ? slash : path.lastIndexOf('\\'));
}

/** The first index in sorted `xs` whose value is above `v`. */
function upperBound(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What tells a rollout unchanged: its inode, size and mtime (as Node's Stats give them, to the last bit). */
export interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

/** Whether `a` and `b` (a stat, a recorded line, an entry) describe the same file unchanged. */
export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** The file identity a line records (the numbers after its name), read without parsing the line. */
export function lineIdentity(raw: RawEntry): FileIdentity | undefined {
  return identityIn(raw.text, raw.identityAt);
}

/** The three numbers from `at` in `text` (a line, or a block of them): ino, size, mtimeMs. */
function identityIn(text: string, at: number): FileIdentity | undefined {
  const a = text.indexOf(',', at);
  const b = text.indexOf(',', a + 1);
  const c = text.indexOf(',', b + 1);
  const eol = text.indexOf('\n', at);
  if (a < 0 || b < 0 || c < 0 || (eol >= 0 && c > eol)) return undefined;
  const ino = Number(text.slice(at, a));
  const size = Number(text.slice(a + 1, b));
  const mtimeMs = Number(text.slice(b + 1, c));
  return isNum(ino) && isNum(size) && isNum(mtimeMs) ? { ino, size, mtimeMs } : undefined;
}

/** One file line. */
export function encodeEntry(name: string, e: IndexEntry, stable: boolean): string {
  const base = [e.ino, e.size, e.mtimeMs, e.checkedAt];
  const s = e.summary;
  if (!s) return JSON.stringify([0, null, name, ...base]);
  return JSON.stringify([
    stable ? 1 : 0,
    s.id,
    name,
    ...base,
    s.cwd,
    s.createdAt,
    s.updatedAt,
    s.modelProvider,
    s.model,
    s.cliVersion,
    s.source,
    s.preview,
    s.lastCwd,
  ]);
}

/** A file line with another stable flag, without parsing it. */
export function withStable(line: string, stable: boolean): string {
  return (stable ? '[1' : '[0') + line.slice(2);
}

/** Flag, id and name from the fixed head of a file line (`[1,"id","name",…` or `[0,null,"name",…`). */
function recordHead(line: string): { stable: boolean; id: string | null; name: string; identityAt: number } | undefined {
  const flag = line[1];
  if ((flag !== '0' && flag !== '1') || line[2] !== ',') return undefined;
  let at = 3;
  let id: string | null = null;
  if (line.startsWith('null,', at)) at += 5;
  else {
    const s = stringAt(line, at);
    if (!s) return undefined;
    id = s.value;
    at = s.end + 1;
  }
  const name = stringAt(line, at);
  if (!name || !name.value.startsWith('rollout-') || name.value.includes('/')) return undefined;
  return { stable: flag === '1', id, name: name.value, identityAt: name.end + 1 };
}

/** A JSON string starting at `at`; one with escapes is parsed properly. */
function stringAt(line: string, at: number): { value: string; end: number } | undefined {
  if (line[at] !== '"') return undefined;
  const close = line.indexOf('"', at + 1);
  if (close < 0) return undefined;
  const body = line.slice(at + 1, close);
  if (!body.includes('\\')) return line[close + 1] === ',' ? { value: body, end: close + 1 } : undefined;
  // Escapes: find the real end by parsing the prefix of the array as JSON strings would.
  const m = /^"(?:[^"\\]|\\.)*"/.exec(line.slice(at));
  if (!m) return undefined;
  try {
    const value: unknown = JSON.parse(m[0]);
    return typeof value === 'string' && line[at + m[0].length] === ',' ? { value, end: at + m[0].length } : undefined;
  } catch {
    return undefined;
  }
}

function parseObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
