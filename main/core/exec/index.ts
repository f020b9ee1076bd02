// Public API of command execution: the single spawn path, Codex's unified exec
// (exec_command / write_stdin), output truncation and command safety checks.
export {
  spawnCommand,
  isLikelySandboxDenial,
  policyDisablesNetwork,
  resolveExecutable,
  SpawnError,
  type SpawnOptions,
  type SpawnedProcess,
  type OutputChunk,
  type OutputStream,
  type ExitStatus,
} from './spawner.js';
export {
  UnifiedExecManager,
  UnifiedExecError,
  UNIFIED_EXEC_ENV,
  DEFAULT_EXEC_YIELD_MS,
  DEFAULT_WRITE_YIELD_MS,
  DEFAULT_MAX_OUTPUT_TOKENS,
  DEFAULT_MAX_LIVE_SESSIONS,
  MIN_YIELD_MS,
  MAX_YIELD_MS,
  MIN_EMPTY_POLL_MS,
  MAX_EMPTY_POLL_MS,
  formatExecOutput,
  exitCodeOf,
  resolveShell,
  type ExecCommandArgs,
  type ExecContext,
  type WriteStdinArgs,
  type WriteStdinContext,
  type UnifiedExecResult,
  type UnifiedExecOptions,
} from './unifiedExec.js';
export { parseExecCommandArgs, parseWriteStdinArgs, ToolArgsError } from './toolArgs.js';
export {
  truncateMiddle,
  formatTruncatedOutput,
  approxTokenCount,
  approxTokensInText,
  countLines,
  APPROX_BYTES_PER_TOKEN,
  type MiddleTruncation,
  type FormatOptions,
} from './truncate.js';
export { HeadTailBuffer, OUTPUT_CAPTURE_MAX_BYTES } from './headTailBuffer.js';
export { isKnownSafeCommand, isDangerousCommand } from './safeCommands.js';
export { parsePlainCommands, extractCommandsLoosely, shellScriptOf } from './shellLex.js';
