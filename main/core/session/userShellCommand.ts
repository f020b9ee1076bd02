// A command the user runs in a thread (thread/shellCommand, `!cmd` in the
// composer), as Codex runs it: the thread's shell as a login shell, in the
// thread's cwd, without the sandbox (the user typed it; Codex runs it with
// full access), for at most an hour. What it printed is kept for the model in
// Codex's <user_shell_command> record.
import { spawnCommand, SpawnError } from '../exec/spawner.js';
import { resolveShell } from '../exec/backend.js';
import { HeadTailBuffer } from '../exec/headTailBuffer.js';
import { formatTruncatedOutput, approxTokenCount } from '../exec/truncate.js';
import { DEFAULT_MAX_OUTPUT_TOKENS } from '../exec/unifiedExec.js';
import type { ResponseItem } from '../model/types.js';
import { userMessage } from './context.js';
import type { TurnRecorder } from './turnRecorder.js';
import { startingCommandItem, type CommandItem } from '../exec/commandItem.js';
import { uuidv7 } from '../util/ids.js';

/** Codex's USER_SHELL_TIMEOUT_MS: one hour unless the request says otherwise. */
export const USER_SHELL_TIMEOUT_MS = 60 * 60 * 1000;

export interface UserShellRun {
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Aborting kills the command's whole process group. */
  signal: AbortSignal;
  onOutput(chunk: string): void;
}

export interface UserShellResult {
  /** -1 when it was aborted, timed out or could not start, as Codex reports it. */
  exitCode: number;
  /** stdout and stderr as they came (the capture keeps the first and last 512 KiB). */
  output: string;
  omittedBytes: number;
  totalBytes: number;
  durationMs: number;
  timedOut: boolean;
  aborted: boolean;
}

/** The argv Codex derives for a user command: the user's shell, as a login shell, given the script. */
export function userShellArgv(command: string, env: Record<string, string>): string[] {
  return [resolveShell(undefined, env), '-lc', command];
}

export async function runUserShellCommand(run: UserShellRun): Promise<UserShellResult> {
  const started = Date.now();
  const fail = (message: string, aborted = false): UserShellResult => ({
    exitCode: -1,
    output: message,
    omittedBytes: 0,
    totalBytes: Buffer.byteLength(message),
    durationMs: Date.now() - started,
    timedOut: false,
    aborted,
  });
  if (run.signal.aborted) return fail(ABORTED_MESSAGE, true);
  let proc;
  try {
    proc = spawnCommand({ argv: userShellArgv(run.command, run.env), cwd: run.cwd, env: run.env, tty: false, sandboxPolicy: { mode: 'danger-full-access' } });
  } catch (err) {
    if (err instanceof SpawnError) return fail(`execution error: ${err.message}`);
    throw err;
  }
  const capture = new HeadTailBuffer();
  const decoder = new TextDecoder();
  proc.onOutput((chunk) => {
    capture.push(chunk);
    const text = decoder.decode(chunk, { stream: true });
    if (text) run.onOutput(text);
  });
  let timedOut = false;
  let aborted = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill('SIGKILL');
  }, run.timeoutMs);
  const onAbort = () => {
    aborted = true;
    proc.kill('SIGKILL');
  };
  run.signal.addEventListener('abort', onAbort, { once: true });
  const status = await proc.exited;
  clearTimeout(timer);
  run.signal.removeEventListener('abort', onAbort);
  if (aborted) return { ...fail(ABORTED_MESSAGE, true), durationMs: 0 };
  return {
    exitCode: timedOut ? -1 : (status.exitCode ?? -1),
    output: capture.toBuffer().toString('utf8'),
    omittedBytes: capture.omittedBytes,
    totalBytes: capture.totalBytes,
    durationMs: Date.now() - started,
    timedOut,
    aborted: false,
  };
}

/** Codex's words for a user command the user interrupted. */
export const ABORTED_MESSAGE = 'command aborted by user';

/** The output as the model reads it (Codex's format_exec_output_str: timeout note, then the middle-truncated text). */
export function formatUserShellOutput(r: UserShellResult, timeoutMs: number): string {
  const text = r.timedOut ? `command timed out after ${timeoutMs} milliseconds\n${r.output}` : r.output;
  return formatTruncatedOutput(text, DEFAULT_MAX_OUTPUT_TOKENS, { originalTokenCount: approxTokenCount(r.totalBytes), omittedBytes: r.omittedBytes });
}

/** Codex's <user_shell_command> user message: the command, its exit code, duration and output. */
export function userShellCommandRecord(command: string, r: UserShellResult, timeoutMs: number): ResponseItem {
  const body = [
    '<command>',
    command,
    '</command>',
    '<result>',
    `Exit code: ${r.exitCode}`,
    `Duration: ${(r.durationMs / 1000).toFixed(4)} seconds`,
    'Output:',
    formatUserShellOutput(r, timeoutMs),
    '</result>',
  ].join('\n');
  return userMessage([{ type: 'input_text', text: `<user_shell_command>\n${body}\n</user_shell_command>` }]);
}

/**
 * Runs the command as a commandExecution item (source userShell) of the
 * recorder's turn, its output streamed as deltas; resolves with the record for the model.
 */
export async function runUserShellCommandItem(opts: {
  recorder: TurnRecorder;
  signal: AbortSignal;
  command: string;
  timeoutMs: number;
  cwd: string;
  env: Record<string, string>;
}): Promise<ResponseItem> {
  const { recorder, command, cwd, timeoutMs } = opts;
  const argv = userShellArgv(command, opts.env);
  const item: CommandItem = { ...startingCommandItem(uuidv7(), argv, cwd), source: 'userShell' };
  recorder.itemStarted(item);
  const result = await runUserShellCommand({
    command,
    cwd,
    env: opts.env,
    timeoutMs,
    signal: opts.signal,
    onOutput: (delta) => recorder.commandOutputDelta(item.id, delta),
  });
  recorder.itemCompleted({
    ...item,
    status: result.exitCode === 0 ? 'completed' : 'failed',
    aggregatedOutput: result.output,
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    ...(result.timedOut ? { reason: `timed out after ${timeoutMs} ms` } : result.aborted ? { reason: ABORTED_MESSAGE } : {}),
  });
  return userShellCommandRecord(command, result, timeoutMs);
}
