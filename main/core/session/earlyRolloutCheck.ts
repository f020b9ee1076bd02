// The check of thread/list's index that starts with an app-server process.
// A fresh server's first folder filter must know that every rollout is still
// as its index line records it (a session resumed elsewhere appends a turn,
// maybe in another folder, to its old file, and no directory shows that): a
// stat of each of ten thousand files, 40-100 ms in Node on a loaded machine,
// which the first call used to pay. Loading the server's modules takes far
// longer (300-450 ms), so the process starts the check before them (main.ts
// calls startEarlyRolloutCheck first): it reads the index, puts a watch on
// every day directory, then runs codex-rollout-check
// (native-helpers/rollout-check), which stats every file the index lists
// and compares it with its line, beside the loading and in a fraction of
// Node's CPU time. The server's index (RolloutSummaryIndex) takes over the
// same bytes, the watches and the answer, so nothing is read or stat'ed
// twice. Where the helper was not built, nothing starts early and the first
// folder filter stats the files itself, as before.
//
// Why its answer can be trusted later: each watch is set before the helper
// starts, and every change it reports from then on is logged until the
// answer is applied and then replayed (RolloutSummaryIndex.applyEarlyCheck):
// a change before a file's stat shows in the stat, one after it in the log.
// This module loads nothing beyond Node and rolloutDirs.ts, so it costs the
// start next to nothing.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { liveLeafDirs, type DirChanged } from './rolloutDirs.js';

/**
 * Per block of the index, in file order (as DecodedIndex.dirs holds them):
 * the places of the lines a stat did not confirm; null: none was checked. A
 * block past the end of it was not checked either.
 */
export type EarlyCheckAnswer = (number[] | null)[];

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
  /** The helper's answer; undefined when it could not give one. */
  readonly answer: Promise<EarlyCheckAnswer | undefined>;
  /** The index file's bytes as read. */
  readonly index: Buffer;

  /** `file`: the index, `index` its bytes and what fstat showed of it as they were read; `helper`: codex-rollout-check. */
  constructor(
    readonly file: string,
    read: { index: Buffer; ino: number; size: number; mtimeMs: number },
    sessions: string,
    helper: string,
  ) {
    this.index = read.index;
    for (const dir of liveLeafDirs(sessions)) this.watchDir(dir);
    this.answer = new Promise((done) => {
      const chunks: Buffer[] = [];
      let child;
      try {
        child = spawn(helper, [file], { stdio: ['ignore', 'pipe', 'ignore'] });
      } catch {
        done(undefined);
        return;
      }
      child.unref(); // a server told to stop does not wait for it
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.on('error', () => done(undefined));
      child.on('close', (code) => done(code === 0 ? parseAnswer(Buffer.concat(chunks).toString('latin1'), read) : undefined));
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
 * codex-rollout-check at `helper`. Nothing happens without the helper, when
 * there is no index yet (nothing to confirm) or when CODEX_HOME is not usable
 * (the server reports that itself).
 */
export function startEarlyRolloutCheck(helper: URL, env: NodeJS.ProcessEnv = process.env): void {
  try {
    const home = env.CODEX_HOME ? resolve(env.CODEX_HOME) : join(env.HOME || homedir(), '.codex');
    const file = join(home, 'cache', 'thread-list.jsonl');
    const program = fileURLToPath(helper);
    if (!existsSync(program)) return;
    const read = readIndex(file);
    if (!read) return;
    pending = new EarlyRolloutCheck(file, read, join(home, 'sessions'), program);
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

/** The whole file, and what fstat showed of it; undefined when it is missing or empty. */
function readIndex(file: string): { index: Buffer; ino: number; size: number; mtimeMs: number } | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (st.size === 0) return undefined;
    const index = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, index, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === st.size ? { index, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs } : undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The helper's output (see codex-rollout-check.c); undefined when it read
 * another file than this process did (rewritten meanwhile) or the output is
 * not whole.
 */
function parseAnswer(out: string, read: { index: Buffer; ino: number; size: number; mtimeMs: number }): EarlyCheckAnswer | undefined {
  const lines = out.split('\n');
  const [, ino, size, mtimeMs] = (lines[0] ?? '').split(' ').map(Number);
  if (!lines[0]?.startsWith('I ') || ino !== read.ino || size !== read.size || mtimeMs !== read.mtimeMs) return undefined;
  const end = lines.indexOf('end');
  if (end < 0) return undefined;
  return lines.slice(1, end).map((line) => (line === 'x' ? null : line === '' ? [] : line.split(' ').map(Number)));
}
