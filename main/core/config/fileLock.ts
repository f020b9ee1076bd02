// A cross-process lock file: `<file>.lock`, created with O_EXCL, holding the
// holder's pid, host, process start time and when it was taken. Every writer of config.toml (`codex mcp
// add/remove`, the app-server's config writes, "Always allow") takes it around
// its read-change-write, so parallel writers queue instead of overwriting each
// other. Codex itself has no such lock; this one only serializes our processes.
//
// Synchronous on purpose: the callers are synchronous, the lock is held for the
// few milliseconds of one read and one write, and a waiter sleeps with
// Atomics.wait (no busy loop).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { createExclusiveFile } from '../util/exclusiveFile.js';
import { currentProcess, isAlive } from '../util/processIdentity.js';

export interface FileLockOptions {
  /** How long to wait for a live holder before giving up (ms). */
  timeoutMs?: number;
  /**
   * A lock older than this is stale when its holder cannot be checked: written
   * on another host, without a process start time, or not readable (ms). A
   * holder on this host that is still running is never stale: it is waited for.
   */
  staleMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_STALE_MS = 30_000;

export class FileLockTimeoutError extends Error {
  constructor(
    readonly lockFile: string,
    holder: string,
    waitedMs: number,
  ) {
    super(`could not lock ${lockFile} after ${Math.round(waitedMs / 1000)}s: held by ${holder}; if no codex process is writing the config, delete ${lockFile}`);
    this.name = 'FileLockTimeoutError';
  }
}

interface LockRecord {
  pid: number;
  host: string;
  /** Kernel start time of the holder (Linux), so a reused pid is not taken for it. */
  startTicks?: string;
  createdAt: string;
  token: string;
}

/** Runs `fn` holding the lock `<file>.lock`; the lock is released however `fn` ends. */
export function withFileLock<T>(file: string, fn: () => T, opts: FileLockOptions = {}): T {
  const lockFile = `${file}.lock`;
  const token = acquire(lockFile, opts);
  try {
    return fn();
  } finally {
    release(lockFile, token);
  }
}

function acquire(lockFile: string, opts: FileLockOptions): string {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
  const token = randomBytes(12).toString('hex');
  const record: LockRecord = { ...currentProcess(), createdAt: new Date().toISOString(), token };
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    if (createExclusiveFile(lockFile, JSON.stringify(record) + '\n', 'the lock file')) return token;
    const holder = inspect(lockFile);
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new FileLockTimeoutError(lockFile, describe(holder), waited);
    if (holder && isStale(holder, staleMs)) breakStale(lockFile, holder.ino, staleMs);
    // Short, growing, jittered sleeps: a holder keeps the lock for milliseconds.
    else sleep(Math.min(5 * 2 ** Math.min(attempt, 5), 100) + Math.random() * 10);
  }
}

interface Holder {
  record: LockRecord | null;
  ino: number;
  ageMs: number;
}

/** Who holds the lock now; null when it vanished in between. */
function inspect(lockFile: string): Holder | null {
  try {
    const st = fs.statSync(lockFile);
    const text = fs.readFileSync(lockFile, 'utf8');
    return { record: parseRecord(text), ino: st.ino, ageMs: Date.now() - st.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function parseRecord(text: string): LockRecord | null {
  try {
    const r: unknown = JSON.parse(text);
    if (typeof r !== 'object' || r === null) return null;
    const { pid, host, startTicks, createdAt, token } = r as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof createdAt !== 'string' || typeof token !== 'string') return null;
    if (startTicks !== undefined && typeof startTicks !== 'string') return null;
    return { pid, host, startTicks, createdAt, token };
  } catch {
    return null; // still being written, or not ours
  }
}

/**
 * Stale: written on this host by a process that is gone (or whose pid now
 * belongs to another process). A live holder on this host is never stale,
 * however long it holds the lock. What cannot be checked that way (another
 * host, a record without start time, a record not yet written) is stale once
 * older than `staleMs`.
 */
function isStale(h: Holder, staleMs: number): boolean {
  const r = h.record;
  if (r && r.host === os.hostname()) {
    if (!isAlive(r)) return true;
    if (r.startTicks !== undefined) return false;
  }
  return h.ageMs > staleMs;
}

/**
 * Removes a stale lock. Two waiters may judge the same lock stale; the second
 * must not remove the fresh lock the first has created since. So breaking is
 * itself serialized by `<lock>.break`, and under it the lock is re-checked: the
 * same file (inode) and still stale.
 */
function breakStale(lockFile: string, ino: number, staleMs: number): void {
  const breaker = `${lockFile}.break`;
  if (!createExclusiveFile(breaker, String(process.pid), 'the lock breaker')) {
    // Another process is breaking it. Its own break lock lives for microseconds;
    // one left by a crashed breaker is removed once it is old.
    try {
      if (Date.now() - fs.statSync(breaker).mtimeMs > Math.min(staleMs, 5_000)) fs.rmSync(breaker, { force: true });
    } catch {
      /* gone already */
    }
    sleep(5);
    return;
  }
  try {
    const now = inspect(lockFile);
    if (now && now.ino === ino && isStale(now, staleMs)) fs.rmSync(lockFile, { force: true });
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

/** Removes the lock if it is still ours (it may have been broken as stale meanwhile). */
function release(lockFile: string, token: string): void {
  try {
    if (parseRecord(fs.readFileSync(lockFile, 'utf8'))?.token === token) fs.rmSync(lockFile, { force: true });
  } catch {
    /* already gone */
  }
}

function describe(h: Holder | null): string {
  if (!h) return 'another process';
  if (!h.record) return `an unknown process (lock file ${Math.round(h.ageMs / 1000)}s old)`;
  return `process ${h.record.pid} on ${h.record.host} since ${h.record.createdAt}`;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
