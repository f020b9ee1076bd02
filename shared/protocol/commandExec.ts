// Codex 0.169's `command/exec` family: a standalone command (no thread, no
// turn) run by the user's front end, such as a terminal panel, with follow-up
// writes, resizes and terminate addressed by a client-chosen processId.
import * as z from 'zod/mini';
import { opt, sandboxPolicyWire } from './values.js';

const uint16 = z.number().check(z.int(), z.nonnegative(), z.maximum(65535));
const uint = z.number().check(z.int(), z.nonnegative());

/** PTY size in character cells. */
export const commandExecTerminalSize = z.object({ rows: uint16, cols: uint16 });

/**
 * The policies a thread accepts, plus Codex's `externalSandbox`: the caller
 * says the server itself already runs inside a sandbox, so none is added.
 */
export const commandExecSandboxPolicy = z.union([
  sandboxPolicyWire,
  z.object({ type: z.literal('externalSandbox'), networkAccess: z._default(z.enum(['restricted', 'enabled']), 'restricted') }),
]);

export const commandExecParams = z.object({
  /** argv; an empty one is refused. */
  command: z.array(z.string()),
  /** Connection-scoped id chosen by the client; needed for tty, streaming and the follow-up calls. */
  processId: opt(z.string()),
  /** A PTY; implies streamStdin and streamStdoutStderr. */
  tty: z.optional(z.boolean()),
  streamStdin: z.optional(z.boolean()),
  streamStdoutStderr: z.optional(z.boolean()),
  /** Per-stream capture cap in bytes (default 1 MiB); not with disableOutputCap. */
  outputBytesCap: opt(uint),
  disableOutputCap: z.optional(z.boolean()),
  /** Default 10 s; not with disableTimeout. A timed-out command answers exit code 124. */
  timeoutMs: opt(z.number().check(z.int())),
  disableTimeout: z.optional(z.boolean()),
  /** Default: the server's cwd. */
  cwd: opt(z.string()),
  /** Merged into the server's shell environment; null unsets a variable. */
  env: opt(z.record(z.string(), z.nullable(z.string()))),
  /** Initial PTY size; only with tty. */
  size: opt(commandExecTerminalSize),
  /** Default: the user's configured policy. */
  sandboxPolicy: opt(commandExecSandboxPolicy),
});

/** Streamed bytes are not repeated here: a stream sent as outputDelta answers "". */
export const commandExecResponse = z.object({ exitCode: z.number(), stdout: z.string(), stderr: z.string() });

export const commandExecWriteParams = z.object({
  processId: z.string(),
  deltaBase64: opt(z.string()),
  closeStdin: z.optional(z.boolean()),
});

export const commandExecResizeParams = z.object({ processId: z.string(), size: commandExecTerminalSize });

export const commandExecTerminateParams = z.object({ processId: z.string() });

export const commandExecOutputDeltaNotification = z.object({
  processId: z.string(),
  /** A PTY's output is all "stdout". */
  stream: z.enum(['stdout', 'stderr']),
  deltaBase64: z.string(),
  /** True on a stream's last chunk when outputBytesCap cut what followed. */
  capReached: z.boolean(),
});
