// The check of thread/list's index that starts with an app-server process.
// A fresh server's first folder filter must know that every rollout is still
// as its index line records it (a session resumed elsewhere appends a turn,
// maybe in another folder, to its old file, and no directory shows that): a
// stat of each of ten thousand files, 40-100 ms in Node on a loaded machine,
// which the first call used to pay. Loading the server's modules takes far
// longer (300-450 ms), so the process starts the check before them (main.ts
// calls startEarlyRolloutCheck first): codex-rollout-check
// (native-helpers/rollout-check) reads the index, watches each day directory
// and stats every file beside its line, in a fraction of Node's CPU time and
// off this thread, which only spawns it. The server's index
// (RolloutSummaryIndex) takes the answer over, so no file is stat'ed twice,
// and the index file's bytes, read meanwhile off this thread (every first
// listing waits for them).
// Where the helper was not built, nothing starts early and the first folder
// filter stats the files itself, as before.
//
// Why its answer can be trusted later: the helper watches a directory before
// it stats its files, and reports every change from then on until told that
// the server's own watches are set (its stdin ends): a change before a
// file's stat shows in the stat, one after it in a report
// (RolloutSummaryIndex.applyEarlyCheck). This module loads nothing beyond
// Node, so it costs the start next to nothing.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { close, existsSync, fstat, open, read } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** What the helper confirmed: see EarlyRolloutCheck.answer. */
export interface EarlyCheckAnswer {
  /** The index file the helper read (ino, size, mtimeMs as Node's fstat gives them): the server must have read the same. */
  index: { ino: number; size: number; mtimeMs: number };
  /**
   * Per block of the index, in file order (as DecodedIndex.dirs holds them):
   * the places of the lines a stat did not confirm; null: none was checked. A
   * block past the end of it was not checked either.
   */
  blocks: (number[] | null)[];
}

/** A change the helper's watches reported: a file of a block's directory, anything in it (name null), or anything at all (block null). */
export type EarlyCheckChange = { block: number; name: string | null } | { block: null };

/** The index file's bytes, and what fstat showed of it as they were read. */
export interface IndexRead {
  buf: Buffer;
  identity: { ino: number; size: number; mtimeMs: number };
}

export class EarlyRolloutCheck {
  /** The helper's answer; undefined when it could not give one. */
  readonly answer: Promise<EarlyCheckAnswer | undefined>;
  /** The index file as read beside the loading (in one read off this thread); rejected as fs would, for the server to report. */
  readonly index: Promise<IndexRead>;
  private readonly child: ChildProcessByStdio<Writable, Readable, null> | undefined;
  private readonly changes: EarlyCheckChange[] = [];
  /** Resolved with the changes once the helper said `done`; undefined when it ended without. */
  private readonly over: Promise<EarlyCheckChange[] | undefined>;

  /** `file`: the index; `helper`: codex-rollout-check. */
  constructor(
    readonly file: string,
    helper: string,
  ) {
    let answered: (a: EarlyCheckAnswer | undefined) => void = () => {};
    let ended: (c: EarlyCheckChange[] | undefined) => void = () => {};
    this.answer = new Promise((r) => (answered = r));
    this.over = new Promise((r) => (ended = r));
    this.index = readIndex(file);
    this.index.catch(() => {}); // the server reports a failed read when it takes the bytes
    try {
      this.child = spawn(helper, [file], { stdio: ['pipe', 'pipe', 'ignore'] });
    } catch {
      answered(undefined);
      ended(undefined);
      return;
    }
    const child = this.child;
    child.unref(); // a server told to stop does not wait for it
    child.stdin.on('error', () => {}); // it ended early: its exit says so
    const lines: string[] = [];
    let partial = '';
    let inAnswer = true;
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (text: string) => {
      const parts = (partial + text).split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        if (inAnswer) {
          lines.push(line);
          if (line === 'end') {
            inAnswer = false;
            answered(parseAnswer(lines));
          }
        } else if (line === 'done') ended(this.changes);
        else if (line.startsWith('E ')) this.changes.push(parseChange(line));
      }
    });
    child.on('error', () => {
      answered(undefined);
      ended(undefined);
    });
    child.on('close', () => {
      answered(undefined); // no effect once answered
      ended(undefined);
    });
  }

  /**
   * Tells the helper the server's own watches are set, and resolves with
   * every change it reported until then; undefined when it ended without
   * saying (anything may have changed).
   */
  finish(): Promise<EarlyCheckChange[] | undefined> {
    this.child?.stdin.end();
    return this.over;
  }

  /** Ends the helper, answered or not. */
  dispose(): void {
    this.child?.stdin.destroy();
    this.child?.stdout.destroy();
    this.child?.kill();
  }
}

let pending: EarlyRolloutCheck | undefined;

const HELPER_NAME = 'codex-rollout-check';

/**
 * Where codex-rollout-check is for the CLI bundle at `cli` (dist/cli.js): a
 * packaged app runs the bundle from <resources>/app.asar.unpacked/dist/ and
 * ships the helper in <resources> (electron-builder.yml); a checkout has it
 * in its build output. Never anywhere else: what runs must be ours.
 */
export function rolloutCheckHelperBeside(cli: URL): string {
  const root = dirname(dirname(fileURLToPath(cli)));
  if (basename(root) === 'app.asar.unpacked') return join(dirname(root), HELPER_NAME);
  return join(root, 'native-helpers', 'rollout-check', 'build', HELPER_NAME);
}

/**
 * Starts the check for the live sessions of the CODEX_HOME `env` names, with
 * codex-rollout-check at `helper`. Nothing happens without the helper, when
 * there is no index yet (nothing to confirm) or when CODEX_HOME is not usable
 * (the server reports that itself).
 */
export function startEarlyRolloutCheck(helper: string, env: NodeJS.ProcessEnv = process.env): void {
  try {
    const home = env.CODEX_HOME ? resolve(env.CODEX_HOME) : join(env.HOME || homedir(), '.codex');
    const file = join(home, 'cache', 'thread-list.jsonl');
    if (existsSync(helper) && existsSync(file)) pending = new EarlyRolloutCheck(file, helper);
  } catch {
    pending = undefined; // the index is checked the ordinary way
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

/** The largest index file read whole (as fs.readFile refuses beyond it: the server then rebuilds the index). */
const MAX_INDEX_BYTES = 2 ** 31 - 1;

/** `file` in one read (the threadpool's, not this thread's), and its fstat (the server reads its index so too, without a helper). */
export function readIndex(file: string): Promise<IndexRead> {
  return new Promise((resolve, reject) => {
    open(file, 'r', (err, fd) => {
      if (err) return reject(err);
      const done = (e: unknown, r?: IndexRead) => close(fd, () => (e ? reject(e) : resolve(r!)));
      // fs throws (not calls back) on some bad arguments: in a callback that would end the process.
      const guarded =
        <A extends unknown[]>(f: (...args: A) => void) =>
        (...args: A) => {
          try {
            f(...args);
          } catch (e) {
            done(e);
          }
        };
      fstat(
        fd,
        guarded((e, st) => {
          if (e) return done(e);
          if (st.size > MAX_INDEX_BYTES)
            return done(Object.assign(new RangeError(`${file} is larger than ${MAX_INDEX_BYTES} bytes`), { code: 'ERR_FS_FILE_TOO_LARGE' }));
          const buf = Buffer.allocUnsafe(st.size);
          const identity = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
          const more = (got: number) =>
            read(
              fd,
              buf,
              got,
              st.size - got,
              got,
              guarded((e2, n) => {
                if (e2) return done(e2);
                if (n === 0 || got + n === st.size) return done(null, { buf: buf.subarray(0, got + n), identity });
                more(got + n);
              }),
            );
          if (st.size === 0) done(null, { buf, identity });
          else more(0);
        }),
      );
    });
  });
}

/** The helper's answer lines (see codex-rollout-check.c), up to `end`; undefined when they are not whole. */
function parseAnswer(lines: readonly string[]): EarlyCheckAnswer | undefined {
  const [tag, ino, size, mtimeMs] = (lines[0] ?? '').split(' ');
  if (tag !== 'I' || lines.at(-1) !== 'end') return undefined;
  const index = { ino: Number(ino), size: Number(size), mtimeMs: Number(mtimeMs) };
  const blocks = lines.slice(1, -1).map((line) => (line === 'x' ? null : line === '' ? [] : line.split(' ').map(Number)));
  if (blocks.some((b) => b?.some((k) => !Number.isInteger(k)))) return undefined;
  return { index, blocks };
}

/** `E <block> <name>`, `E <block>` or `E *`. */
function parseChange(line: string): EarlyCheckChange {
  const space = line.indexOf(' ', 2);
  const block = Number(line.slice(2, space < 0 ? undefined : space));
  if (!Number.isInteger(block)) return { block: null };
  return { block, name: space < 0 ? null : line.slice(space + 1) };
}
