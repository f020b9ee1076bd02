// Session rollouts: one JSONL file per thread under CODEX_HOME/sessions, in
// Codex's layout and line format, so Codex's tools and ours read each other's.
// Lines are appended with one write(2) each as things happen, so a crash loses
// at most the line being written.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ResponseItem } from '../model/types.js';
import type { ThreadItem } from '../../protocol/types.js';

export interface SessionMeta {
  id: string;
  timestamp: string;
  cwd: string;
  originator: string;
  cli_version: string;
  source: string;
  model_provider: string;
  model?: string;
  base_instructions?: { text: string };
}

export type RolloutLine =
  | { type: 'session_meta'; payload: SessionMeta }
  | { type: 'response_item'; payload: ResponseItem }
  | { type: 'turn_context'; payload: { turn_id: string; cwd: string; approval_policy: string; sandbox_policy: unknown; model: string; effort?: string | null } }
  | { type: 'compacted'; payload: { message: string; replacement_history: ResponseItem[] } }
  | { type: 'event_msg'; payload: EventMsg };

export type EventMsg =
  | { type: 'task_started'; turn_id: string; started_at: number; model_context_window: number }
  | { type: 'task_complete'; turn_id: string; last_agent_message: string | null; completed_at?: number; duration_ms?: number }
  | { type: 'turn_aborted'; turn_id: string; reason: string }
  | { type: 'turn_failed'; turn_id: string; message: string }
  | { type: 'user_message'; message: string; images?: string[] }
  | { type: 'item_completed'; thread_id: string; turn_id: string; item: ThreadItem | Record<string, unknown>; started_at_ms?: number; completed_at_ms?: number }
  | { type: 'token_count'; info: { total_token_usage: Record<string, number>; last_token_usage: Record<string, number>; model_context_window: number } }
  | { type: string; [key: string]: unknown };

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

  private constructor(readonly path: string, startOrdinal: number) {
    this.ordinal = startOrdinal;
    this.fd = openSync(path, 'a', 0o600);
  }

  /** A new rollout file for a new thread; writes the session_meta line first. */
  static create(codexHome: string, meta: SessionMeta): RolloutRecorder {
    const path = rolloutPathFor(codexHome, meta.id, new Date(meta.timestamp));
    mkdirSync(join(path, '..'), { recursive: true });
    const rec = new RolloutRecorder(path, 0);
    rec.append({ type: 'session_meta', payload: meta });
    return rec;
  }

  /** Reopen an existing rollout for appending (resume keeps the same file). */
  static reopen(path: string, lineCount: number): RolloutRecorder {
    return new RolloutRecorder(path, lineCount);
  }

  append(line: RolloutLine): void {
    if (this.fd === undefined) return;
    const record = { timestamp: new Date().toISOString(), ordinal: this.ordinal++, type: line.type, payload: line.payload };
    writeSync(this.fd, JSON.stringify(record) + '\n');
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export interface ParsedRollout {
  path: string;
  meta: SessionMeta | undefined;
  lines: { timestamp: string; type: string; payload: any }[];
  /** Lines that could not be parsed, as "path:line: reason". */
  warnings: string[];
}

/** Reads a rollout, skipping (and reporting) truncated or corrupt lines. */
export function readRollout(path: string): ParsedRollout {
  const text = readFileSync(path, 'utf8');
  const out: ParsedRollout = { path, meta: undefined, lines: [], warnings: [] };
  const raw = text.split('\n');
  raw.forEach((line, idx) => {
    if (!line.trim()) return;
    try {
      const rec = JSON.parse(line);
      if (!rec || typeof rec !== 'object' || typeof rec.type !== 'string') throw new Error('not a rollout record');
      out.lines.push(rec);
      if (rec.type === 'session_meta' && !out.meta) out.meta = rec.payload as SessionMeta;
    } catch (err) {
      out.warnings.push(`${path}:${idx + 1}: skipped unreadable rollout line (${(err as Error).message})`);
    }
  });
  return out;
}

/** Rebuilds the model-facing history, honouring compaction records. */
export function historyFromRollout(rollout: ParsedRollout): ResponseItem[] {
  let history: ResponseItem[] = [];
  for (const line of rollout.lines) {
    if (line.type === 'response_item') history.push(line.payload as ResponseItem);
    else if (line.type === 'compacted' && Array.isArray(line.payload?.replacement_history)) {
      history = [...line.payload.replacement_history];
    }
  }
  return history;
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

const ID_SUFFIX = /-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

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
  source: string;
  preview: string;
  /** cwd of the last turn_context, which `resume --last` matches against. */
  lastCwd: string;
}

/** Reads just enough of a rollout to list it (meta, first user message, last cwd). */
/** Rollouts larger than this are summarised from their head and tail only. */
export const SUMMARY_FULL_READ_BYTES = 256 * 1024;
const SUMMARY_SLICE_BYTES = 64 * 1024;

/** Parsable records of `text`; a line cut by a slice boundary is dropped. */
function recordsOf(text: string): { type: string; timestamp: string; payload: any }[] {
  const out: { type: string; timestamp: string; payload: any }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const rec = JSON.parse(line);
      if (rec && typeof rec === 'object' && typeof rec.type === 'string') out.push(rec);
    } catch {
      /* partial or corrupt line: the summary does without it */
    }
  }
  return out;
}

/**
 * The records a session list needs. A long session is read as its first and
 * last 64 KiB: the meta and first user message sit at the head, the latest
 * turn context and timestamp at the tail, so listing thousands of sessions
 * does not read every byte of every rollout.
 */
function summaryRecords(path: string): { meta: SessionMeta | undefined; lines: { type: string; timestamp: string; payload: any }[] } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let lines;
    if (size <= SUMMARY_FULL_READ_BYTES) {
      lines = recordsOf(readFileSync(fd, 'utf8'));
    } else {
      const head = Buffer.alloc(SUMMARY_SLICE_BYTES);
      const tail = Buffer.alloc(SUMMARY_SLICE_BYTES);
      readSync(fd, head, 0, head.length, 0);
      readSync(fd, tail, 0, tail.length, size - tail.length);
      lines = [...recordsOf(head.toString('utf8')), ...recordsOf(tail.toString('utf8'))];
    }
    const metaLine = lines.find((l) => l.type === 'session_meta');
    return { meta: metaLine?.payload as SessionMeta | undefined, lines };
  } finally {
    closeSync(fd);
  }
}

export function summarizeRollout(path: string): RolloutSummary | undefined {
  let parsed: ReturnType<typeof summaryRecords>;
  try {
    parsed = summaryRecords(path);
  } catch {
    return undefined;
  }
  const meta = parsed.meta;
  if (!meta) return undefined;
  let preview = '';
  let lastCwd = meta.cwd;
  let model: string | null = meta.model ?? null;
  let updated = Date.parse(meta.timestamp);
  for (const line of parsed.lines) {
    const ts = Date.parse(line.timestamp);
    if (Number.isFinite(ts)) updated = Math.max(updated, ts);
    if (line.type === 'turn_context') {
      if (typeof line.payload?.cwd === 'string') lastCwd = line.payload.cwd;
      if (typeof line.payload?.model === 'string') model = line.payload.model;
    }
    if (!preview && line.type === 'event_msg' && line.payload?.type === 'user_message' && typeof line.payload.message === 'string') {
      preview = line.payload.message;
    }
  }
  const created = Date.parse(meta.timestamp);
  return {
    path,
    id: meta.id ?? threadIdFromRolloutPath(path) ?? '',
    cwd: meta.cwd,
    createdAt: Math.floor(created / 1000),
    updatedAt: Math.floor(updated / 1000),
    modelProvider: meta.model_provider ?? 'openai',
    model,
    cliVersion: meta.cli_version ?? '',
    source: typeof meta.source === 'string' ? meta.source : 'unknown',
    preview,
    lastCwd,
  };
}
