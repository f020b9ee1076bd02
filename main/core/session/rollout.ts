// Session rollouts: one JSONL file per thread under CODEX_HOME/sessions, in
// Codex's layout and line format, so Codex's tools and ours read each other's.
// Lines are appended with one write(2) each as things happen, so a crash loses
// at most the line being written.
import { threadItemFromRollout } from './codexRolloutItems.js';
import { closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ResponseItem } from '../model/types.js';
import type { SessionSource } from '../../../shared/protocol/types.js';
import { sessionSourceToWire } from './sessionSource.js';
import { RolloutWriteError } from './rolloutWriteError.js';
import {
  asResponseItem,
  parseRolloutLine,
  responseItemProblem,
  sessionMetaSchema,
  type RolloutEntry,
  type RolloutItem,
  type SessionMeta,
} from './rolloutSchema.js';
import { pairCallsWithOutputs } from './callPairing.js';

export { RolloutWriteError } from './rolloutWriteError.js';

export type { RolloutEntry, RolloutItem, RolloutRecord, SessionMeta } from './rolloutSchema.js';

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** `rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl` in local time, as Codex names them. */
export function rolloutPathFor(codexHome: string, threadId: string, when = new Date()): string {
  const y = when.getFullYear();
  const mo = pad(when.getMonth() + 1);
  const d = pad(when.getDate());
  const stamp = `${y}-${mo}-${d}T${pad(when.getHours())}-${pad(when.getMinutes())}-${pad(when.getSeconds())}`;
  return join(codexHome, 'sessions', String(y), mo, d, `rollout-${stamp}-${threadId}.jsonl`);
}

export class RolloutRecorder {
  private fd: number | undefined;
  private ordinal = 0;
  /** Bytes of whole lines in the file: where a failed write is cut back to. */
  private size = 0;
  /** The first write that failed; nothing is written after it, so the file never has a gap. */
  private failed: RolloutWriteError | undefined;

  private constructor(
    readonly path: string,
    startOrdinal: number,
  ) {
    this.ordinal = startOrdinal;
    try {
      this.fd = openSync(path, 'a', 0o600);
      this.size = fstatSync(this.fd).size;
    } catch (err) {
      throw new RolloutWriteError(path, err);
    }
  }

  /** A new rollout file for a new thread; writes the session_meta line first. */
  static create(codexHome: string, meta: SessionMeta): RolloutRecorder {
    const path = rolloutPathFor(codexHome, meta.id, new Date(meta.timestamp));
    try {
      mkdirSync(join(path, '..'), { recursive: true });
    } catch (err) {
      throw new RolloutWriteError(path, err);
    }
    const rec = new RolloutRecorder(path, 0);
    rec.append({ type: 'session_meta', payload: meta });
    if (rec.failed) {
      rec.close();
      // An empty file would list as a session with no meta; leave nothing behind.
      rmSync(path, { force: true });
      throw rec.failed;
    }
    return rec;
  }

  /**
   * Reopen an existing rollout for appending (resume keeps the same file). A
   * file cut mid-line (power loss) gets a newline first, so the torn fragment
   * stays a line of its own that readers skip instead of merging with ours.
   */
  static reopen(path: string, lineCount: number): RolloutRecorder {
    const rec = new RolloutRecorder(path, lineCount);
    if (rec.size > 0 && !endsWithNewline(path, rec.size)) rec.writeWhole(Buffer.from('\n'));
    return rec;
  }

  /** The write error that stopped this recorder, if any. */
  get failure(): RolloutWriteError | undefined {
    return this.failed;
  }

  /** Throws the write error, if any: a turn must not go on unrecorded. */
  throwIfFailed(): void {
    if (this.failed) throw this.failed;
  }

  /** Appends one line. Never throws: a failure is kept (see `failure`) and later lines are dropped. */
  append(line: RolloutItem): void {
    if (this.fd === undefined || this.failed) return;
    const record = { timestamp: new Date().toISOString(), ordinal: this.ordinal, type: line.type, payload: line.payload };
    if (this.writeWhole(Buffer.from(JSON.stringify(record) + '\n'))) this.ordinal++;
  }

  /**
   * Writes all of `bytes` or none: a short or failed write (a full disk) is
   * cut back to the last whole line, so the file never ends mid-record.
   */
  private writeWhole(bytes: Buffer): boolean {
    const fd = this.fd!;
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      this.size += bytes.length;
      return true;
    } catch (err) {
      try {
        ftruncateSync(fd, this.size);
      } catch {
        /* the fragment stays; readers skip it and reopen starts on a new line */
      }
      this.failed = new RolloutWriteError(this.path, err);
      return false;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function endsWithNewline(path: string, size: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

export interface ParsedRollout {
  path: string;
  meta: SessionMeta | undefined;
  /** Every usable line, in file order, each record as written. */
  lines: RolloutEntry[];
  /** Lines that could not be used, as "path:line: reason". */
  warnings: string[];
}

/**
 * Reads a rollout, each line parsed once against the rollout schema
 * (rolloutSchema.ts). Lines that are not usable records (a torn last line,
 * corrupt JSON, valid JSON of the wrong shape) are skipped and reported:
 * they must never reach the model.
 */
export function readRollout(path: string): ParsedRollout {
  const text = readFileSync(path, 'utf8');
  const out: ParsedRollout = { path, meta: undefined, lines: [], warnings: [] };
  const raw = text.split('\n');
  raw.forEach((line, idx) => {
    if (!line.trim()) return;
    const where = `${path}:${idx + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      const torn = idx === raw.length - 1;
      out.warnings.push(`${where}: skipped unreadable rollout line (${torn ? 'torn last line: the file ends mid-record' : (err as Error).message})`);
      return;
    }
    const parsed = parseRolloutLine(value);
    if ('problem' in parsed) {
      out.warnings.push(`${where}: skipped rollout line: ${parsed.problem}`);
      return;
    }
    const { item } = parsed.entry;
    if (item?.type === 'compacted') {
      // The record is kept whole; the items that cannot be sent are left out of the history (historyFromRollout).
      (item.payload.replacement_history ?? []).forEach((entry, i) => {
        const p = responseItemProblem(entry);
        if (p) out.warnings.push(`${where}: dropped replacement_history[${i}] of a compacted record: ${p}`);
      });
    }
    out.lines.push(parsed.entry);
    if (item?.type === 'session_meta' && !out.meta) out.meta = item.payload;
  });
  return out;
}

/**
 * Rebuilds the model-facing history, honouring compaction records. Calls cut
 * off by a crash get Codex's "aborted" output, so the history is one the
 * Responses API accepts.
 */
export function historyFromRollout(rollout: ParsedRollout): ResponseItem[] {
  let history: ResponseItem[] = [];
  for (const { item } of rollout.lines) {
    if (item?.type === 'response_item') history.push(item.payload);
    else if (item?.type === 'compacted' && item.payload.replacement_history) {
      history = item.payload.replacement_history.flatMap((entry) => asResponseItem(entry) ?? []);
    }
  }
  return pairCallsWithOutputs(history).items;
}

/** All rollout files, newest first (file names sort by time within a day folder). */
export function listRolloutFiles(codexHome: string): string[] {
  const root = join(codexHome, 'sessions');
  if (!existsSync(root)) return [];
  const files: string[] = [];
  const desc = (dir: string) =>
    readdirSync(dir, { withFileTypes: true })
      .map((d) => d.name)
      .sort()
      .reverse();
  for (const y of desc(root)) {
    if (!/^\d{4}$/.test(y)) continue;
    for (const m of desc(join(root, y))) {
      for (const d of desc(join(root, y, m))) {
        for (const f of desc(join(root, y, m, d))) {
          if (f.startsWith('rollout-') && f.endsWith('.jsonl')) files.push(join(root, y, m, d, f));
        }
      }
    }
  }
  return files;
}

// `…-<thread id>.jsonl`, or `…-<thread id>_<segment id>.jsonl` for a segment Codex 0.169 writes on revert.
const ID_SUFFIX = /-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?\.jsonl$/i;

export function threadIdFromRolloutPath(path: string): string | undefined {
  return ID_SUFFIX.exec(path)?.[1];
}

export function findRolloutById(codexHome: string, threadId: string): string | undefined {
  return listRolloutFiles(codexHome).find((f) => threadIdFromRolloutPath(f)?.toLowerCase() === threadId.toLowerCase());
}

export interface RolloutSummary {
  path: string;
  id: string;
  cwd: string;
  createdAt: number;
  updatedAt: number;
  modelProvider: string;
  model: string | null;
  cliVersion: string;
  source: SessionSource;
  preview: string;
  /** cwd of the last turn_context, which `resume --last` matches against. */
  lastCwd: string;
}

/** Reads just enough of a rollout to list it (meta, first user message, last cwd). */
/** Rollouts larger than this are summarised from their head and tail only. */
export const SUMMARY_FULL_READ_BYTES = 256 * 1024;
const SUMMARY_SLICE_BYTES = 64 * 1024;

/** The fields of a line a summary reads, each checked where read: one odd line must not hide a session from the list. */
interface SummaryLine {
  timestamp: unknown;
  type: string;
  payload: Record<string, unknown>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parsable records of `text`; a line cut by a slice boundary is dropped.
 * Most lines (model output, tool calls) only lend their timestamp: a line
 * that starts as Codex and we write records and ends whole gives it without
 * being parsed; the kinds a summary reads are parsed in full.
 */
function recordsOf(text: string): SummaryLine[] {
  const out: SummaryLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const head = RECORD_HEAD.exec(line);
    if (head && line.endsWith('}') && !summaryReads(head[2]!, line)) {
      out.push({ timestamp: head[1], type: head[2]!, payload: {} });
      continue;
    }
    try {
      const rec: unknown = JSON.parse(line);
      if (isPlainObject(rec) && typeof rec.type === 'string')
        out.push({ timestamp: rec.timestamp, type: rec.type, payload: isPlainObject(rec.payload) ? rec.payload : {} });
    } catch {
      /* partial or corrupt line: the summary does without it */
    }
  }
  return out;
}

/** `{"timestamp":"…",["ordinal":N,]"type":"…","payload":` (Codex's records, and ours with their ordinal). */
const RECORD_HEAD = /^\{"timestamp":"([^"\\]*)",(?:"ordinal":\d+,)?"type":"([a-z_]+)","payload":/;

/** Whether a summary needs the payload of a line of this type: the meta, turn contexts, user messages. */
function summaryReads(type: string, line: string): boolean {
  if (type === 'session_meta' || type === 'turn_context') return true;
  return type === 'event_msg' && (line.includes('"user_message"') || line.includes('"item_completed"'));
}

/**
 * The records a session list needs. A long session is read as its first and
 * last 64 KiB: the meta and first user message sit at the head, the latest
 * turn context and timestamp at the tail, so listing thousands of sessions
 * does not read every byte of every rollout. `headRecords`: how many of
 * `lines` lie in the first 64 KiB, which appends never change.
 */
function summaryRecords(path: string): { meta: SessionMeta | undefined; lines: SummaryLine[]; headRecords: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let head: SummaryLine[];
    let rest: SummaryLine[];
    if (size <= SUMMARY_SLICE_BYTES) {
      head = recordsOf(readFileSync(fd, 'utf8'));
      rest = [];
    } else if (size <= SUMMARY_FULL_READ_BYTES) {
      const buf = readFileSync(fd);
      // Split after the head's last whole line, so no record is parsed twice.
      const cut = buf.lastIndexOf(10, SUMMARY_SLICE_BYTES - 1) + 1;
      head = recordsOf(buf.toString('utf8', 0, cut));
      rest = recordsOf(buf.toString('utf8', cut));
    } else {
      const headBuf = Buffer.alloc(SUMMARY_SLICE_BYTES);
      const tailBuf = Buffer.alloc(SUMMARY_SLICE_BYTES);
      readSync(fd, headBuf, 0, headBuf.length, 0);
      readSync(fd, tailBuf, 0, tailBuf.length, size - tailBuf.length);
      head = recordsOf(headBuf.toString('utf8'));
      rest = recordsOf(tailBuf.toString('utf8'));
    }
    const lines = head.concat(rest);
    const metaLine = lines.find((l) => l.type === 'session_meta');
    const meta = metaLine && sessionMetaSchema.safeParse(metaLine.payload);
    return { meta: meta?.success ? meta.data : undefined, lines, headRecords: head.length };
  } finally {
    closeSync(fd);
  }
}

/** The text of a user's message: a `user_message` event (ours, older Codex) or Codex 0.169's completed UserMessage item. */
function userMessageText(line: SummaryLine): string | undefined {
  if (line.type !== 'event_msg') return undefined;
  if (line.payload.type === 'user_message' && typeof line.payload.message === 'string') return line.payload.message;
  if (line.payload.type !== 'item_completed') return undefined;
  const item = threadItemFromRollout(line.payload.item);
  return item?.type === 'userMessage' ? item.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('\n') : undefined;
}

export function summarizeRollout(path: string): RolloutSummary | undefined {
  return summarizeRolloutForIndex(path)?.summary;
}

/**
 * summarizeRollout, and whether the preview came from the file's first
 * 64 KiB: then no append can change it (appends only add after it, and the
 * head is always read), which lets thread/list's index trust it unchecked.
 */
export function summarizeRolloutForIndex(path: string): { summary: RolloutSummary; previewInHead: boolean } | undefined {
  let parsed: ReturnType<typeof summaryRecords>;
  try {
    parsed = summaryRecords(path);
  } catch {
    return undefined;
  }
  const meta = parsed.meta;
  if (!meta) return undefined;
  let preview = '';
  let previewAt = -1;
  let lastCwd = meta.cwd;
  let model: string | null = meta.model ?? null;
  let updated = Date.parse(meta.timestamp);
  for (const [i, line] of parsed.lines.entries()) {
    const ts = typeof line.timestamp === 'string' ? Date.parse(line.timestamp) : NaN;
    if (Number.isFinite(ts)) updated = Math.max(updated, ts);
    if (line.type === 'turn_context') {
      if (typeof line.payload.cwd === 'string') lastCwd = line.payload.cwd;
      if (typeof line.payload.model === 'string') model = line.payload.model;
    }
    if (!preview) {
      preview = userMessageText(line) ?? '';
      if (preview) previewAt = i;
    }
  }
  const created = Date.parse(meta.timestamp);
  const summary: RolloutSummary = {
    path,
    id: meta.id,
    cwd: meta.cwd,
    createdAt: Math.floor(created / 1000),
    updatedAt: Math.floor(updated / 1000),
    modelProvider: meta.model_provider ?? 'openai',
    model,
    cliVersion: meta.cli_version ?? '',
    source: sessionSourceToWire(meta.source),
    preview,
    lastCwd,
  };
  return { summary, previewInHead: previewAt >= 0 && previewAt < parsed.headRecords };
}
