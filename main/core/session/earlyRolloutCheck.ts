// The check of thread/list's index that starts with an app-server process.
// A fresh server's first folder filter must know that every rollout is still
// as its index line records it (a session resumed elsewhere appends a turn,
// maybe in another folder, to its old file, and no directory shows that): a
// stat of each of ten thousand files, some 40-100 ms on a loaded machine,
// which the first call used to pay. Loading the server's modules takes far
// longer than that (300-450 ms), so the process starts the check before them
// (main.ts calls startEarlyRolloutCheck first): it reads the index, puts a
// watch on every day directory, then a worker thread (rolloutCheckWorker.ts)
// stats every file the index lists and compares it with its line, beside the
// loading. The server's index (RolloutSummaryIndex) takes over the same
// bytes, the watches and the answer, so nothing is read or stat'ed twice.
//
// Why its answer can be trusted later: each watch is set before the worker
// starts, and every change it reports from then on is logged until the
// answer is applied and then replayed (RolloutSummaryIndex.applyEarlyCheck):
// a change before a file's stat shows in the stat, one after it in the log.
// This module loads nothing beyond Node and rolloutDirs.ts, so it costs the
// start next to nothing.
import { closeSync, fstatSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { liveLeafDirs, type DirChanged } from './rolloutDirs.js';

/** Per day directory the index holds: the places (in its block) of the lines a stat did not confirm; null: none was checked. */
export type EarlyCheckAnswer = Map<string, number[] | null>;

/** What the main thread sends the worker. */
export interface EarlyCheckJob {
  /** The index file's bytes: the first `length` of them. */
  index: SharedArrayBuffer;
  length: number;
  /** Test hook (CODEX_TEST_ROLLOUT_CHECK_GATE): once its stats are done the worker makes `${gate}.statted` and answers only once `gate` exists. */
  gate?: string;
}

interface EarlyWatch {
  ino: number;
  watcher: FSWatcher;
  /** Set when RolloutDirs takes the watch over. */
  changed?: DirChanged;
}

export class EarlyRolloutCheck {
  private readonly watches = new Map<string, EarlyWatch>();
  /** Every change the watches reported, until the answer is applied. */
  private log: [string, string | null][] | undefined = [];
  /** The worker's answer; undefined when it could not give one. */
  readonly answer: Promise<EarlyCheckAnswer | undefined>;

  /** The index file's bytes as read (shared with the worker). */
  readonly index: Buffer;

  /** `file`: the index; `shared`: its bytes as read. */
  constructor(
    readonly file: string,
    shared: { bytes: SharedArrayBuffer; length: number },
    sessions: string,
    worker: URL,
    gate: string | undefined,
  ) {
    this.index = Buffer.from(shared.bytes, 0, shared.length);
    for (const dir of liveLeafDirs(sessions)) this.watchDir(dir);
    this.answer = new Promise((done) => {
      let w: Worker;
      try {
        const job: EarlyCheckJob = { index: shared.bytes, length: shared.length, gate };
        w = new Worker(worker, { workerData: job });
      } catch {
        done(undefined);
        return;
      }
      w.unref(); // a server told to stop does not wait for it
      w.once('message', (m: [string, number[] | null][]) => done(new Map(m)));
      w.once('error', () => done(undefined));
      w.once('exit', () => done(undefined));
    });
  }

  /**
   * Hands the watch of `dir` over to RolloutDirs when it still watches that
   * directory (inode `ino`): its reports go to `changed` from now on (and to
   * the log until the answer is applied). Undefined when there is none.
   */
  adoptWatch(dir: string, ino: number, changed: DirChanged): FSWatcher | undefined {
    const w = this.watches.get(dir);
    if (!w) return undefined;
    this.watches.delete(dir);
    if (w.ino !== ino) {
      w.watcher.close();
      return undefined;
    }
    w.changed = changed;
    return w.watcher;
  }

  /** The changes reported since the watches were set; the log ends here. */
  takeLog(): [string, string | null][] {
    const log = this.log ?? [];
    this.log = undefined;
    return log;
  }

  /** Closes the watches nobody took over. */
  dispose(): void {
    for (const w of this.watches.values()) w.watcher.close();
    this.watches.clear();
    this.log = undefined;
  }

  private watchDir(dir: string): void {
    try {
      const ino = statSync(dir).ino;
      const entry: EarlyWatch = {
        ino,
        watcher: watch(dir, { persistent: false }, (_event, name) => {
          const file = typeof name === 'string' ? name : null;
          this.log?.push([dir, file]);
          entry.changed?.(dir, file);
        }),
      };
      // A watch that failed before it was taken over is not offered (its directory's files are then checked one by one).
      entry.watcher.on('error', () => {
        if (!entry.changed) this.watches.delete(dir);
        this.log?.push([dir, null]);
      });
      this.watches.set(dir, entry);
    } catch {
      // Gone meanwhile, or no inotify watches left: RolloutDirs tries again, and checks the files itself.
    }
  }
}

let pending: EarlyRolloutCheck | undefined;

/**
 * Starts the check for the live sessions of the CODEX_HOME `env` names, with
 * the worker at `worker` (built beside the CLI bundle). Nothing happens when
 * there is no index yet (nothing to confirm) or CODEX_HOME is not usable (the
 * server reports that itself).
 */
export function startEarlyRolloutCheck(worker: URL, env: NodeJS.ProcessEnv = process.env): void {
  try {
    const home = env.CODEX_HOME ? resolve(env.CODEX_HOME) : join(env.HOME || homedir(), '.codex');
    const file = join(home, 'cache', 'thread-list.jsonl');
    const shared = readShared(file);
    if (!shared) return;
    pending = new EarlyRolloutCheck(file, shared, join(home, 'sessions'), worker, env.CODEX_TEST_ROLLOUT_CHECK_GATE || undefined);
  } catch {
    pending = undefined; // the index is read and checked the ordinary way
  }
}

/** The check started for the index `file`, once: the first index of a process takes it (or ends it, when it is another file). */
export function takeEarlyRolloutCheck(file: string): EarlyRolloutCheck | undefined {
  const check = pending;
  pending = undefined;
  if (check && check.file !== file) {
    check.dispose();
    return undefined;
  }
  return check;
}

/** The whole file in memory the worker can read too; undefined when it is missing or empty. */
function readShared(file: string): { bytes: SharedArrayBuffer; length: number } | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return undefined;
    const bytes = new SharedArrayBuffer(size);
    const buf = Buffer.from(bytes);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    return got > 0 ? { bytes, length: got } : undefined;
  } finally {
    closeSync(fd);
  }
}
