// Codex's "unified exec": exec_command starts a shell command and waits until it
// exits or the yield time passes; a command still running becomes a session the
// model drives with write_stdin (write keys to a PTY, or poll with chars "").
//
// Behaviour below was observed on Codex 0.169 against a scripted Responses
// server (the function_call_output text of the following request):
//
//   Chunk ID: 9920d0                         6 random hex digits per reply
//   Wall time: 2.9792 seconds                4 decimals
//   Process exited with code 0               or: Process running with session ID 68035
//   Original token count: 3                  ceil(output bytes / 4), whole output
//   Output:
//   hi\n1\n2\n3\n                            raw output, nothing appended ("abc" stays "abc")
//
// * Session ids are random-looking integers (68035, 59592, 6366, 17775…), unique
//   among live sessions; once a reply reported the exit the id is forgotten and
//   write_stdin answers "write_stdin failed: Unknown process id N".
// * Non-tty commands get no stdin (`cat` exits at once); a non-empty write to them
//   answers "write_stdin failed: stdin is closed for this session; rerun
//   exec_command with tty=true to keep stdin open". tty output is raw PTY output
//   (\r\n, stderr merged, echo of typed input).
// * Waits: exec yield 10000 ms clamped to 250–30000; a write waits 250 ms by
//   default (250–30000); an empty poll is clamped to 5000–300000 ms (yield 100 ⇒
//   ~5 s); every wait ends early when the process exits.
// * max_output_tokens defaults to 10000 and is capped at the model's truncation
//   policy (10000 for gpt-5.5: a request for 50000 still cut at 40000 bytes).
// * A signal death reports 128+n ("kill -TERM $$" ⇒ code 143).
// * Env for every command (pipes and tty alike): NO_COLOR=1 TERM=dumb LANG=LC_CTYPE=
//   LC_ALL=C.UTF-8 COLORTERM= PAGER=GIT_PAGER=GH_PAGER=cat CODEX_CI=1.
// * A missing workdir answers `exec_command failed: CreateProcess { message:
//   "Rejected(\"Failed to create unified exec process: No such file or directory
//   (os error 2)\")" }`; an unknown `shell` silently falls back to the default one.
// * Truncation and the 1 MiB capture: see truncate.ts and headTailBuffer.ts.
//   Malformed arguments: see toolArgs.ts.
// * Not reproduced: Codex's wall time excludes its own process start-up (it shows
//   0.0000 for instant commands); ours is the real elapsed time of the call. And
//   Codex 0.169 reported `(sleep 3; echo late) & echo hi` as still running with
//   no output after the full 10 s yield (pipes and tty); here the call ends when
//   the shell exits (plus a 150 ms pipe drain) with "hi", and the background
//   child dies then (what a finished command leaves in its group is killed).
// * Abort (ctx.signal) kills the command's process group; a session outlives the
//   call that started it (background terminals) until exit, terminate() or
//   terminateAll(). As in Codex 0.169 (observed over app-server), a session
//   whose id the model got survives the end of its turn and the interrupt of a
//   later turn; the thread's close (unsubscribe, shutdown) ends it.
import { randomBytes, randomInt } from 'node:crypto';
import { constants as osConstants } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import type { SandboxType } from '../sandbox/index.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { HeadTailBuffer } from './headTailBuffer.js';
import { localProcessBackend, type ProcessBackend } from './backend.js';
import { SpawnError, isLikelySandboxDenial, type ExitStatus, type SpawnedProcess } from './spawner.js';
import { approxTokenCount, formatTruncatedOutput } from './truncate.js';

export { resolveShell } from './backend.js';

export const DEFAULT_EXEC_YIELD_MS = 10_000;
export const MIN_YIELD_MS = 250;
export const MAX_YIELD_MS = 30_000;
export const DEFAULT_WRITE_YIELD_MS = 250;
export const MIN_EMPTY_POLL_MS = 5_000;
export const MAX_EMPTY_POLL_MS = 300_000;
export const DEFAULT_MAX_OUTPUT_TOKENS = 10_000;
/** Live sessions per manager. Codex keeps a few dozen; beyond that a new command is refused. */
export const DEFAULT_MAX_LIVE_SESSIONS = 64;

/** Variables Codex sets for every unified exec command, pipes and PTY alike (observed). */
export const UNIFIED_EXEC_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: '1',
  TERM: 'dumb',
  LANG: 'C.UTF-8',
  LC_CTYPE: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  COLORTERM: '',
  PAGER: 'cat',
  GIT_PAGER: 'cat',
  GH_PAGER: 'cat',
  CODEX_CI: '1',
};

export interface ExecCommandArgs {
  cmd: string;
  workdir?: string;
  shell?: string;
  login?: boolean;
  tty?: boolean;
  yield_time_ms?: number;
  max_output_tokens?: number;
}

export interface ExecContext {
  cwd: string;
  env: Record<string, string>;
  sandboxPolicy: SandboxPolicy;
  /** Aborting kills the command's process group and rejects with an AbortError. */
  signal?: AbortSignal;
  /** Output as it arrives during this call (UTF-8, split on character boundaries). */
  onOutputDelta?: (chunk: string) => void;
}

export interface WriteStdinArgs {
  session_id: number;
  chars?: string;
  yield_time_ms?: number;
  max_output_tokens?: number;
}

export interface WriteStdinContext {
  signal?: AbortSignal;
  onOutputDelta?: (chunk: string) => void;
}

export interface UnifiedExecResult {
  /** The exact function_call_output text for the model. */
  outputText: string;
  chunkId: string;
  wallTimeSeconds: number;
  /** Set once the process ended (the session is then gone). */
  exitCode?: number;
  /** Set while the process runs. */
  sessionId?: number;
  /** Output of this call (capped at 1 MiB with an omission marker), before token truncation. */
  output: string;
  originalTokenCount: number;
  /** All output of the process so far (same 1 MiB cap): what a command item shows. */
  aggregatedOutput: string;
  /** The argv run (before sandbox wrapping). */
  command: string[];
  cwd: string;
  tty: boolean;
  sandboxType: SandboxType;
  /** Only with exitCode: whether the failure looks like a sandbox denial. */
  sandboxDenied?: boolean;
}

/** A failure the model is told about as is: the message is Codex's exact text. */
export class UnifiedExecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnifiedExecError';
  }
}

export interface UnifiedExecOptions {
  maxLiveSessions?: number;
  /** The model's truncation policy in tokens; max_output_tokens is capped to it. */
  maxOutputTokensCap?: number;
  /** Shell when neither the call nor $SHELL names a usable one (local backend). */
  fallbackShell?: string;
  /** Where processes run; default: this machine. */
  backend?: ProcessBackend;
}

/** `v` (or the default when absent or not a finite number) clamped to [lo, hi]. */
function clamp(v: number | undefined, fallback: number, lo: number, hi: number): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  return Math.min(hi, Math.max(lo, n));
}

function abortError(): Error {
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  return err;
}

export function exitCodeOf(status: ExitStatus): number {
  if (status.exitCode !== null) return status.exitCode;
  const n = status.signal ? (osConstants.signals as Record<string, number>)[status.signal] : undefined;
  return n !== undefined ? 128 + n : -1;
}

/** The text the model sees, in Codex 0.169's layout. */
export function formatExecOutput(r: {
  chunkId: string;
  wallTimeSeconds: number;
  exitCode?: number;
  sessionId?: number;
  originalTokenCount: number;
  body: string;
}): string {
  const state = r.exitCode !== undefined ? `Process exited with code ${r.exitCode}` : `Process running with session ID ${r.sessionId}`;
  return (
    `Chunk ID: ${r.chunkId}\n` +
    `Wall time: ${r.wallTimeSeconds.toFixed(4)} seconds\n` +
    `${state}\n` +
    `Original token count: ${r.originalTokenCount}\n` +
    `Output:\n${r.body}`
  );
}

class Session {
  id: number | undefined;
  readonly pending = new HeadTailBuffer();
  readonly aggregated = new HeadTailBuffer();
  // One decoder per stream: a character split across reads is completed by the
  // next read of the same pipe, not by an interleaved chunk of the other one.
  private readonly decoders = new Map<string, StringDecoder>();
  deltaListener: ((s: string) => void) | undefined;

  constructor(
    readonly proc: SpawnedProcess,
    readonly command: string[],
    readonly cwd: string,
  ) {
    proc.onOutput((chunk, stream) => {
      this.pending.push(chunk);
      this.aggregated.push(chunk);
      let decoder = this.decoders.get(stream);
      if (!decoder) this.decoders.set(stream, (decoder = new StringDecoder('utf8')));
      const text = decoder.write(chunk);
      if (text && this.deltaListener) this.deltaListener(text);
    });
  }

  get exited(): boolean {
    return this.proc.exitStatus !== undefined;
  }
}

export class UnifiedExecManager {
  /** Sessions the model can address (still running when last reported). */
  private readonly sessions = new Map<number, Session>();
  /** Every process started and not yet reported as exited, addressable or not. */
  private readonly live = new Set<Session>();
  private readonly maxLive: number;
  private readonly tokenCap: number;
  readonly backend: ProcessBackend;

  constructor(opts: UnifiedExecOptions = {}) {
    this.maxLive = opts.maxLiveSessions ?? DEFAULT_MAX_LIVE_SESSIONS;
    this.tokenCap = opts.maxOutputTokensCap ?? DEFAULT_MAX_OUTPUT_TOKENS;
    this.backend = opts.backend ?? localProcessBackend(opts.fallbackShell);
  }

  /** Ids of sessions still open for write_stdin. */
  sessionIds(): number[] {
    return [...this.sessions.keys()];
  }

  get liveCount(): number {
    let n = 0;
    for (const s of this.live) if (!s.exited) n++;
    return n;
  }

  async execCommand(args: ExecCommandArgs, ctx: ExecContext): Promise<UnifiedExecResult> {
    if (ctx.signal?.aborted) throw abortError();
    if (typeof args.cmd !== 'string') throw new UnifiedExecError('failed to parse function arguments: missing field `cmd`');
    this.pruneExited();
    if (this.liveCount >= this.maxLive) {
      throw new UnifiedExecError(
        `exec_command failed: too many running sessions (limit ${this.maxLive}); ` +
          'finish or stop some with write_stdin (e.g. send Ctrl-C or exit) before starting another',
      );
    }
    const cwd = args.workdir ? (isAbsolute(args.workdir) ? args.workdir : resolve(ctx.cwd, args.workdir)) : ctx.cwd;
    const shell = await this.backend.resolveShell(args.shell, ctx.env);
    const login = args.login ?? true;
    const tty = args.tty ?? false;
    const command = [shell, login ? '-lc' : '-c', args.cmd];
    const yieldMs = clamp(args.yield_time_ms, DEFAULT_EXEC_YIELD_MS, MIN_YIELD_MS, MAX_YIELD_MS);
    const started = performance.now();

    let proc: SpawnedProcess;
    try {
      proc = await this.backend.spawn({
        argv: command,
        cwd,
        env: { ...ctx.env, ...UNIFIED_EXEC_ENV },
        tty,
        sandboxPolicy: ctx.sandboxPolicy,
        cols: 80,
        rows: 24,
      });
    } catch (err) {
      if (err instanceof SpawnError) {
        throw new UnifiedExecError(`exec_command failed: CreateProcess { message: "Rejected(\\"Failed to create unified exec process: ${err.message}\\")" }`);
      }
      throw err; // SandboxUnavailableError and the like: the command did not run
    }
    if (!tty) proc.closeStdin();
    const session = new Session(proc, command, cwd);
    this.live.add(session);
    return this.collect(session, started, started + yieldMs, args.max_output_tokens, ctx);
  }

  async writeStdin(args: WriteStdinArgs, ctx: WriteStdinContext = {}): Promise<UnifiedExecResult> {
    if (ctx.signal?.aborted) throw abortError();
    const session = this.sessions.get(args.session_id);
    if (!session) throw new UnifiedExecError(`write_stdin failed: Unknown process id ${args.session_id}`);
    const chars = args.chars ?? '';
    if (chars !== '' && !session.proc.tty) {
      throw new UnifiedExecError('write_stdin failed: stdin is closed for this session; rerun exec_command with tty=true to keep stdin open');
    }
    const started = performance.now();
    let waitMs: number;
    if (chars !== '') {
      session.proc.write(chars);
      waitMs = clamp(args.yield_time_ms, DEFAULT_WRITE_YIELD_MS, MIN_YIELD_MS, MAX_YIELD_MS);
    } else {
      waitMs = clamp(args.yield_time_ms, MIN_EMPTY_POLL_MS, MIN_EMPTY_POLL_MS, MAX_EMPTY_POLL_MS);
    }
    return this.collect(session, started, started + waitMs, args.max_output_tokens, ctx);
  }

  /** Kills one session's process group. False when the id is unknown. */
  async terminate(sessionId: number): Promise<boolean> {
    const s = this.sessions.get(sessionId);
    if (!s) return false;
    this.forget(s);
    s.proc.kill('SIGKILL');
    await s.proc.exited.catch(() => undefined);
    return true;
  }

  /** Kills every process this manager started; resolves once they are all gone. */
  terminateAll(): Promise<void> {
    const all = [...this.live];
    this.sessions.clear();
    this.live.clear();
    for (const s of all) s.proc.kill('SIGKILL');
    return Promise.allSettled(all.map((s) => s.proc.exited)).then(() => undefined);
  }

  /**
   * Sessions whose process ended but whose exit no reply reported yet still hold
   * their output. When they pile up to the cap, the oldest are dropped (their
   * unread output is lost), as Codex prunes finished processes first.
   */
  private pruneExited(): void {
    for (const s of this.sessions.values()) {
      if (this.sessions.size < this.maxLive) return;
      if (s.exited) this.forget(s);
    }
  }

  private forget(s: Session): void {
    if (s.id !== undefined) this.sessions.delete(s.id);
    this.live.delete(s);
  }

  private allocateId(): number {
    for (;;) {
      const id = randomInt(1000, 100_000);
      if (!this.sessions.has(id)) return id;
    }
  }

  private async collect(
    session: Session,
    started: number,
    deadline: number,
    maxOutputTokens: number | undefined,
    ctx: WriteStdinContext,
  ): Promise<UnifiedExecResult> {
    const previousListener = session.deltaListener;
    session.deltaListener = ctx.onOutputDelta;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<'aborted'>((res) => {
      if (!ctx.signal) return;
      onAbort = () => res('aborted');
      ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
    const timeout = new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), Math.max(0, deadline - performance.now()))));
    let outcome: 'exited' | 'timeout' | 'aborted' | 'failed';
    // A remote process's exit rejects when its exec-server connection drops.
    let failure: unknown;
    const exited = session.proc.exited.then(
      () => 'exited' as const,
      (err: unknown) => {
        failure = err;
        return 'failed' as const;
      },
    );
    try {
      outcome = await Promise.race([exited, timeout, aborted]);
    } finally {
      clearTimeout(timer);
      if (onAbort) ctx.signal?.removeEventListener('abort', onAbort);
      session.deltaListener = previousListener;
    }
    if (outcome === 'failed') {
      this.forget(session);
      throw failure;
    }
    if (outcome === 'aborted') {
      this.forget(session);
      session.proc.kill('SIGKILL');
      await session.proc.exited.catch(() => undefined);
      throw abortError();
    }

    const status = session.proc.exitStatus;
    const pending = session.pending;
    const output = pending.toText();
    const originalTokenCount = approxTokenCount(pending.totalBytes);
    const budget = Math.floor(clamp(maxOutputTokens, DEFAULT_MAX_OUTPUT_TOKENS, 0, this.tokenCap));
    const body = formatTruncatedOutput(output, budget, { originalTokenCount, omittedBytes: pending.omittedBytes });
    pending.clear();

    let exitCode: number | undefined;
    let sessionId: number | undefined;
    if (status) {
      exitCode = exitCodeOf(status);
      this.forget(session);
    } else {
      if (session.id === undefined) {
        session.id = this.allocateId();
        this.sessions.set(session.id, session);
      }
      sessionId = session.id;
    }
    const wallTimeSeconds = (performance.now() - started) / 1000;
    const chunkId = randomBytes(3).toString('hex');
    const aggregatedOutput = session.aggregated.toText();
    return {
      outputText: formatExecOutput({ chunkId, wallTimeSeconds, exitCode, sessionId, originalTokenCount, body }),
      chunkId,
      wallTimeSeconds,
      exitCode,
      sessionId,
      output,
      originalTokenCount,
      aggregatedOutput,
      command: session.command,
      cwd: session.cwd,
      tty: session.proc.tty,
      sandboxType: session.proc.sandboxType,
      sandboxDenied: exitCode === undefined ? undefined : exitCode !== 0 && isLikelySandboxDenial(exitCode, aggregatedOutput, session.proc.sandboxType),
    };
  }
}
