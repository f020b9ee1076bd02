// The on-disk form of thread/list's summary index (CODEX_HOME/cache/
// thread-list.jsonl): one line per rollout, in list order (day directories
// newest first, names newest first), each day directory's block opened by a
// line with the directory's listing identity. Lines are parsed only when a
// listing reaches them, so a fresh server's first page reads the file and
// parses fifty lines, not ten thousand records.
//
//   {"format":3}
//   {"dir":"/…/sessions/2026/03/04","ino":1,"mtimeMs":2,"readAt":3}   readAt null: listing not settled
//   [stable,"id","rollout-….jsonl",ino,size,mtimeMs,checkedAt,cwd,createdAt,updatedAt,provider,model,cliVersion,source,preview,lastCwd]
//   [0,null,"rollout-….jsonl",ino,size,mtimeMs,checkedAt]             no session meta: not listable
//   {"end":N}                                                         N file lines: anything short of it was cut
//
// `stable` 1: the entry's preview is set and was checked after its directory's
// listing was read (see RolloutSummaryIndex for what that allows).
import { inDir } from './rolloutDirs.js';
import { sessionSource } from '../../../shared/protocol/thread.js';
import type { RolloutSummary } from './rollout.js';

export const INDEX_FORMAT = 3;

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

/** One file line, kept as text until a listing needs it. */
export interface RawEntry {
  line: number;
  stable: boolean;
  /** The session id, read without parsing the line (null when it has no summary). */
  id: string | null;
}

export interface DecodedIndex {
  lines: IndexLines;
  dirs: Map<string, DirRecord>;
  /** path → its line. */
  raw: Map<string, RawEntry>;
  /** Why (part of) the file could not be used, for the log; undefined when it was whole. */
  problem: string | undefined;
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The file's lines, decoded as Latin-1 (a copy, where UTF-8 decoding of
 * megabytes costs tens of ms): exact for ASCII lines; a line with other bytes
 * is decoded as UTF-8 when asked for.
 */
export class IndexLines {
  private readonly whole: string;
  private readonly latin: string[];
  private readonly starts: number[] = [];
  /** Most indexes are ASCII throughout: then no line needs checking. */
  private readonly ascii: boolean;
  private mentioning: { term: string; lines: Set<number> } | undefined;

  constructor(private readonly buf: Buffer) {
    const text = (this.whole = buf.toString('latin1'));
    this.ascii = !NON_ASCII.test(text);
    this.latin = text.split('\n');
    let at = 0;
    for (const l of this.latin) {
      this.starts.push(at);
      at += l.length + 1;
    }
  }

  get length(): number {
    return this.latin.length;
  }

  /** Line `i` as Latin-1: only its ASCII characters are the file's. */
  latin1(i: number): string {
    return this.latin[i] ?? '';
  }

  /**
   * The lines whose text, lowercased, contains `term` (lowercase printable
   * ASCII), found in one scan of the whole file rather than line by line:
   * ASCII folds case alike in a regular expression and in toLowerCase, and a
   * line with other characters is lowercased whole (some lowercase to ASCII).
   */
  linesMentioning(term: string): Set<number> {
    if (this.mentioning?.term === term) return this.mentioning.lines;
    const lines = new Set<number>();
    const re = new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    for (let m = re.exec(this.whole); m; m = re.exec(this.whole)) {
      const line = this.lineAt(m.index);
      lines.add(line);
      re.lastIndex = this.starts[line + 1] ?? this.whole.length; // one hit per line is enough
    }
    if (!this.ascii) {
      const other = new RegExp(NON_ASCII.source, 'g');
      for (let m = other.exec(this.whole); m; m = other.exec(this.whole)) {
        const line = this.lineAt(m.index);
        if (this.text(line).toLowerCase().includes(term)) lines.add(line);
        other.lastIndex = this.starts[line + 1] ?? this.whole.length;
      }
    }
    this.mentioning = { term, lines };
    return lines;
  }

  /** The line holding character `at`. */
  private lineAt(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Line `i`, exactly. */
  text(i: number): string {
    const l = this.latin1(i);
    return !this.ascii && NON_ASCII.test(l) ? this.buf.toString('utf8', this.starts[i], this.starts[i]! + l.length) : l;
  }
}

/** Splits the file into directory listings and unparsed entries; a bad line ends the usable part. */
export function decodeIndex(buf: Buffer): DecodedIndex {
  const lines = new IndexLines(buf);
  const dirs = new Map<string, DirRecord>();
  const raw = new Map<string, RawEntry>();
  const out: DecodedIndex = { lines, dirs, raw, problem: undefined };
  const header = parseObject(lines.text(0));
  if (header?.format !== INDEX_FORMAT) {
    out.problem = buf.length === 0 ? 'empty' : `not format ${INDEX_FORMAT}`;
    return out;
  }
  let dir: string | undefined;
  let paths: string[] = [];
  let count = 0;
  for (let i = 1; i < lines.length; i++) {
    const latin = lines.latin1(i);
    if (latin.startsWith('[')) {
      let head = recordHead(latin);
      if (head && (NON_ASCII.test(head.name) || (head.id !== null && NON_ASCII.test(head.id)))) head = recordHead(lines.text(i));
      if (!head || dir === undefined) return cut(out, `line ${i + 1} is not an entry`);
      const path = inDir(dir, head.name);
      paths.push(path);
      raw.set(path, { line: i, stable: head.stable, id: head.id });
      count++;
      continue;
    }
    const obj = parseObject(lines.text(i));
    if (obj && typeof obj.dir === 'string' && isNum(obj.ino) && isNum(obj.mtimeMs) && (obj.readAt === null || isNum(obj.readAt))) {
      dir = obj.dir;
      paths = [];
      dirs.set(dir, { ino: obj.ino, mtimeMs: obj.mtimeMs, readAt: obj.readAt, paths });
      continue;
    }
    if (obj && obj.end === count) return out;
    return cut(out, obj && 'end' in obj ? `holds ${count} entries where its end says ${String(obj.end)}` : `line ${i + 1} is not an entry`);
  }
  return cut(out, 'cut short (no end line)');
}

/** A file cut at line `i` keeps nothing of the directory being read there: its listing is incomplete. */
function cut(out: DecodedIndex, problem: string): DecodedIndex {
  out.problem = problem;
  const last = [...out.dirs.keys()].pop();
  if (last !== undefined) out.dirs.delete(last);
  return out;
}

/** A file line's entry, or undefined when it is not one (checked field by field). */
export function parseEntry(line: string, path: string): IndexEntry | undefined {
  let a: unknown;
  try {
    a = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!Array.isArray(a) || !isNum(a[3]) || !isNum(a[4]) || !isNum(a[5]) || !isNum(a[6]) || typeof a[2] !== 'string') return undefined;
  const base = { ino: a[3], size: a[4], mtimeMs: a[5], checkedAt: a[6] };
  if (a.length === 7 && a[1] === null) return { ...base, summary: null };
  const [, id, , , , , , cwd, createdAt, updatedAt, modelProvider, model, cliVersion, rawSource, preview, lastCwd] = a as unknown[];
  const source = sessionSource.safeParse(rawSource);
  if (
    a.length !== 16 ||
    typeof id !== 'string' ||
    typeof cwd !== 'string' ||
    !isNum(createdAt) ||
    !isNum(updatedAt) ||
    typeof modelProvider !== 'string' ||
    (model !== null && typeof model !== 'string') ||
    typeof cliVersion !== 'string' ||
    !source.success ||
    typeof preview !== 'string' ||
    typeof lastCwd !== 'string'
  )
    return undefined;
  const summary: RolloutSummary = {
    path,
    id,
    cwd,
    createdAt,
    updatedAt,
    modelProvider,
    model,
    cliVersion,
    source: source.data,
    preview,
    lastCwd,
  };
  return { ...base, summary };
}

/** The file identity a line records (the numbers after its name), read without parsing the line. */
export function lineIdentity(line: string, name: string): { ino: number; size: number; mtimeMs: number } | undefined {
  const at = line.indexOf(`"${name}",`);
  if (at < 0) return undefined;
  const [ino, size, mtimeMs] = line
    .slice(at + name.length + 3, at + name.length + 80)
    .split(',', 3)
    .map(Number);
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

export function encodeDir(dir: string, d: Omit<DirRecord, 'paths'>): string {
  return JSON.stringify({ dir, ino: d.ino, mtimeMs: d.mtimeMs, readAt: d.readAt });
}

export function encodeHeader(): string {
  return JSON.stringify({ format: INDEX_FORMAT });
}

export function encodeEnd(count: number): string {
  return JSON.stringify({ end: count });
}

/** A file line with another stable flag, without parsing it. */
export function withStable(line: string, stable: boolean): string {
  return (stable ? '[1' : '[0') + line.slice(2);
}

/** Flag, id and name from the fixed head of a file line (`[1,"id","name",…` or `[0,null,"name",…`). */
function recordHead(line: string): { stable: boolean; id: string | null; name: string } | undefined {
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
  return { stable: flag === '1', id, name: name.value };
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

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
