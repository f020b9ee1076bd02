// The one function every command goes through: sandbox wrapping first, then a
// real spawn with pipes or a PTY. Nothing in the app may start a child process
// for a model-requested command any other way, so the sandbox cannot be skipped.
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import pty from '@lydell/node-pty';
import { wrapCommandForSandbox, type SandboxType } from '../sandbox/index.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { OutputHub, type OutputChunk, type OutputStream } from './outputHub.js';
import { registerProcessGroup } from './processGroups.js';

export type { OutputChunk, OutputStream } from './outputHub.js';
// Callers (the exec tool) import the denial heuristic from here, next to the spawn.
export { isLikelySandboxDenial } from './denial.js';

export interface ExitStatus {
  /** null when a signal ended the process. */
  exitCode: number | null;
  /** Signal name such as "SIGKILL", or null. */
  signal: string | null;
}

export interface SpawnOptions {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  tty: boolean;
  sandboxPolicy: SandboxPolicy;
  cols?: number;
  rows?: number;
}

export interface SpawnedProcess {
  readonly pid: number;
  readonly sandboxType: SandboxType;
  readonly tty: boolean;
  /** The argv actually executed (after sandbox wrapping). */
  readonly spawnedArgv: readonly string[];
  /** False once stdin was closed or the process ended. */
  write(data: string | Buffer): boolean;
  /** Pipes: ends stdin. PTY: sends ^D (EOF at the start of a line). */
  closeStdin(): void;
  /**
   * Signals the whole process group (default SIGKILL), so children die too. Also
   * works after the leader exited, reaching background children still in the
   * group (the kernel does not reuse a pid while its process group exists).
   */
  kill(signal?: NodeJS.Signals): void;
  resize(cols: number, rows: number): void;
  /**
   * Stops reading the process's output: its pipe or terminal fills and the
   * process blocks on write, so a slow consumer never makes us buffer the
   * stream. Nothing is lost; `resumeOutput` reads on.
   */
  pauseOutput(): void;
  resumeOutput(): void;
  /** Raw output bytes. Chunks that arrived before the first subscriber are replayed to it. */
  onOutput(cb: (chunk: Buffer, stream: OutputStream) => void): () => void;
  /** The same output as an async queue; ends after the process exited and its output drained. */
  output(): AsyncIterableIterator<OutputChunk>;
  /** Settles after exit and after the output that was still in flight was delivered. */
  readonly exited: Promise<ExitStatus>;
  readonly exitStatus: ExitStatus | undefined;
}

/** The process could not be created (missing cwd or executable, not executable…). */
export class SpawnError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly errno: number | undefined,
  ) {
    super(message);
    this.name = 'SpawnError';
  }
}

/** Rust-style OS error text, as Codex prints it: "No such file or directory (os error 2)". */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
};

function spawnError(code: string): SpawnError {
  const errno = (osConstants.errno as Record<string, number>)[code];
  const text = ERRNO_TEXT[code] ?? code;
  return new SpawnError(`${text} (os error ${errno ?? '?'})`, code, errno);
}

/** After the leader exits, how long to wait for pipes still held by its background children. */
const PIPE_DRAIN_MS = 150;

/** Whether a policy forbids network access (Codex then sets CODEX_SANDBOX_NETWORK_DISABLED=1). */
export function policyDisablesNetwork(policy: SandboxPolicy): boolean {
  if (policy.mode === 'danger-full-access') return false;
  if (policy.mode === 'read-only') return true;
  return !policy.networkAccess;
}

/** PATH lookup as execvp does it; undefined when nothing executable is found. */
export function resolveExecutable(file: string, env: Record<string, string>): string | undefined {
  const executable = (p: string) => {
    try {
      accessSync(p, fsConstants.X_OK);
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (file.includes('/')) return executable(file) ? file : undefined;
  const path = env.PATH ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, file);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

function checkSpawnable(argv: string[], cwd: string, env: Record<string, string>): void {
  if (argv.length === 0 || !argv[0]) throw new SpawnError('empty argv', 'EINVAL', undefined);
  let st;
  try {
    st = statSync(cwd);
  } catch {
    throw spawnError('ENOENT');
  }
  if (!st.isDirectory()) throw spawnError('ENOTDIR');
  const file = argv[0];
  const base = file.includes('/') && !isAbsolute(file) ? join(cwd, file) : file;
  if (!resolveExecutable(base, env)) {
    let exists = false;
    try {
      exists = statSync(base).isFile();
    } catch {
      /* missing */
    }
    throw spawnError(exists ? 'EACCES' : 'ENOENT');
  }
}

function signalName(n: number): string {
  for (const [name, value] of Object.entries(osConstants.signals)) if (value === n) return name;
  return `SIG${n}`;
}

function killGroup(pid: number, signal: NodeJS.Signals, fallback: () => void): void {
  try {
    // Both spawn paths make the child a session (and group) leader, so -pid
    // reaches every process it started that did not leave the group.
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone; signal the leader alone in case it never formed one.
    try {
      fallback();
    } catch {
      /* already gone */
    }
  }
}

/**
 * The command's leader exited: what it left running in its group (`cmd &`)
 * dies with it, as in Codex, so a finished command leaves nothing behind.
 */
function endGroup(pid: number, release: () => void): void {
  killGroup(pid, 'SIGKILL', () => {});
  release();
}

/**
 * Runs `argv` under the sandbox policy. Throws SandboxUnavailableError (from the
 * sandbox module) when the policy cannot be enforced, and SpawnError when the
 * process cannot be created; in both cases nothing ran.
 */
export function spawnCommand(opts: SpawnOptions): SpawnedProcess {
  const env = { ...opts.env };
  if (policyDisablesNetwork(opts.sandboxPolicy)) env.CODEX_SANDBOX_NETWORK_DISABLED = '1';
  // May throw SandboxUnavailableError: deliberately not caught.
  const wrapped = wrapCommandForSandbox({ argv: opts.argv, cwd: opts.cwd, env, policy: opts.sandboxPolicy });
  checkSpawnable(wrapped.argv, opts.cwd, wrapped.env);
  return opts.tty ? spawnPty(wrapped.argv, opts, wrapped.env, wrapped.sandboxType) : spawnPipes(wrapped.argv, opts, wrapped.env, wrapped.sandboxType);
}

function spawnPipes(argv: string[], opts: SpawnOptions, env: Record<string, string>, sandboxType: SandboxType): SpawnedProcess {
  const hub = new OutputHub();
  let child: ChildProcess;
  try {
    child = spawnChild(argv[0]!, argv.slice(1), { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'ENOENT';
    throw spawnError(code);
  }
  if (child.pid === undefined) {
    // Spawn failed after our checks (race with a deleted file): the 'error' event
    // follows on the next tick; swallow it, the caller already gets the throw.
    child.on('error', () => {});
    throw spawnError('ENOENT');
  }
  const pid = child.pid;
  const releaseGroup = registerProcessGroup(pid);
  let stdinOpen = true;
  child.stdin!.on('error', () => (stdinOpen = false)); // EPIPE when the child stops reading
  child.stdout!.on('data', (b: Buffer) => hub.emit({ chunk: b, stream: 'stdout' }));
  child.stderr!.on('data', (b: Buffer) => hub.emit({ chunk: b, stream: 'stderr' }));
  child.on('error', () => {});

  let status: ExitStatus | undefined;
  let outputPaused = false;
  /** Starts the post-exit drain wait; held back while output is paused, or unread bytes would be cut off. */
  let startDrainWait: (() => void) | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    let finished = false;
    let drainTimer: NodeJS.Timeout | undefined;
    const finish = (code: number | null, sig: NodeJS.Signals | null) => {
      if (finished) return;
      finished = true;
      if (drainTimer) clearTimeout(drainTimer);
      stdinOpen = false;
      // Background children may still hold the pipes; stop listening so they
      // cannot keep this process alive or add output after the exit.
      child.stdout!.destroy();
      child.stderr!.destroy();
      child.stdin!.destroy();
      endGroup(pid, releaseGroup);
      status = { exitCode: code, signal: sig };
      hub.end();
      resolve(status);
    };
    child.once('exit', (code, sig) => {
      startDrainWait = () => {
        startDrainWait = undefined;
        drainTimer = setTimeout(() => finish(code, sig), PIPE_DRAIN_MS);
      };
      if (!outputPaused) startDrainWait();
    });
    child.once('close', (code, sig) => finish(code, sig));
  });

  return {
    pid,
    sandboxType,
    tty: false,
    spawnedArgv: argv,
    write(data) {
      if (!stdinOpen || status) return false;
      child.stdin!.write(data);
      return true;
    },
    closeStdin() {
      stdinOpen = false;
      child.stdin!.end();
    },
    kill(signal = 'SIGKILL') {
      killGroup(pid, signal, () => {
        if (!status) child.kill(signal);
      });
    },
    resize() {
      /* pipes have no window size */
    },
    pauseOutput() {
      if (outputPaused || status) return;
      outputPaused = true;
      child.stdout!.pause();
      child.stderr!.pause();
    },
    resumeOutput() {
      if (!outputPaused) return;
      outputPaused = false;
      child.stdout!.resume();
      child.stderr!.resume();
      startDrainWait?.();
    },
    onOutput(cb) {
      return hub.subscribe((c) => cb(c.chunk, c.stream));
    },
    output: () => hub.iterate(),
    exited,
    get exitStatus() {
      return status;
    },
  };
}

function spawnPty(argv: string[], opts: SpawnOptions, env: Record<string, string>, sandboxType: SandboxType): SpawnedProcess {
  const hub = new OutputHub();
  const term = pty.spawn(argv[0]!, argv.slice(1), {
    name: env.TERM || 'xterm-256color',
    cols: opts.cols ?? 80,
    rows: opts.rows ?? 24,
    cwd: opts.cwd,
    env,
    // Raw bytes: token counts and the 1 MiB capture are byte-based, and a
    // multi-byte character split across reads must not be mangled.
    encoding: null,
  });
  const pid = term.pid;
  const releaseGroup = registerProcessGroup(pid);
  let status: ExitStatus | undefined;
  term.onData((d) => hub.emit({ chunk: Buffer.isBuffer(d) ? d : Buffer.from(d, 'utf8'), stream: 'pty' }));
  // node-pty emits exit only after the master side drained (or 200 ms), so no
  // output is lost to the exit race.
  const exited = new Promise<ExitStatus>((resolve) => {
    term.onExit(({ exitCode, signal }) => {
      endGroup(pid, releaseGroup);
      status = signal ? { exitCode: null, signal: signalName(signal) } : { exitCode, signal: null };
      hub.end();
      resolve(status);
    });
  });
  return {
    pid,
    sandboxType,
    tty: true,
    spawnedArgv: argv,
    write(data) {
      if (status) return false;
      term.write(typeof data === 'string' ? data : (data as unknown as string));
      return true;
    },
    closeStdin() {
      if (!status) term.write('\x04');
    },
    kill(signal = 'SIGKILL') {
      killGroup(pid, signal, () => {
        if (!status) term.kill(signal);
      });
    },
    resize(cols, rows) {
      if (!status) term.resize(cols, rows);
    },
    pauseOutput() {
      if (!status) term.pause();
    },
    resumeOutput() {
      if (!status) term.resume();
    },
    onOutput(cb) {
      return hub.subscribe((c) => cb(c.chunk, c.stream));
    },
    output: () => hub.iterate(),
    exited,
    get exitStatus() {
      return status;
    },
  };
}
