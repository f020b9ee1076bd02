// Wire shapes of the exec-server protocol (Codex's `codex-rs/exec-server`):
// JSON-RPC without the "jsonrpc" field, one message per websocket text frame
// or one per line on stdio.
import type { SandboxType } from '../sandbox/common.js';
import type { SandboxPolicy } from '../sandbox/policy.js';

export const JSONRPC_PARSE_ERROR = -32700;
export const JSONRPC_INVALID_REQUEST = -32600;
export const JSONRPC_METHOD_NOT_FOUND = -32601;
export const JSONRPC_INVALID_PARAMS = -32602;
export const JSONRPC_INTERNAL_ERROR = -32603;

export type OutputStreamName = 'stdout' | 'stderr' | 'pty';
export type ProcessSignalName = 'interrupt' | 'terminate' | 'kill';

export interface InitializeParams {
  clientName: string;
  resumeSessionId?: string;
}

export interface EnvironmentInfo {
  shell: { name: string; path: string };
  /** file:// URI, as Codex 0.169 reports it. */
  cwd: string;
  platformOs: string;
  executorVersion: string;
  capabilities: { process: boolean; tty: boolean; fs: boolean; http: boolean; sandbox: boolean };
}

export interface InitializeResult {
  sessionId: string;
  environmentInfo: EnvironmentInfo;
}

export interface ProcessStartParams {
  processId: string;
  argv: string[];
  /** file:// URI or absolute path. */
  cwd: string;
  env: Record<string, string>;
  tty: boolean;
  pipeStdin: boolean;
  /** Absent = danger-full-access. */
  sandbox?: SandboxPolicy | null;
}

/** Codex's names for a sandbox on the wire (its `SandboxType`, camelCase). */
export type WireSandboxType = 'none' | 'macosSeatbelt' | 'linuxSeccomp' | 'windowsRestrictedToken';

// Internally the sandboxes keep their own names; only the protocol speaks Codex's.
const WIRE_SANDBOX_TYPES: Record<SandboxType, WireSandboxType> = {
  none: 'none',
  seatbelt: 'macosSeatbelt',
  'linux-landlock': 'linuxSeccomp',
  'windows-restricted-token': 'windowsRestrictedToken',
};

export function toWireSandboxType(type: SandboxType): WireSandboxType {
  return WIRE_SANDBOX_TYPES[type];
}

/** The internal name of a wire sandbox type; throws on a value Codex does not define. */
export function fromWireSandboxType(wire: unknown): SandboxType {
  for (const [type, name] of Object.entries(WIRE_SANDBOX_TYPES) as [SandboxType, WireSandboxType][]) if (name === wire) return type;
  throw new Error(`process/start: unknown sandboxType ${JSON.stringify(wire)} (expected one of ${Object.values(WIRE_SANDBOX_TYPES).join(', ')})`);
}

export interface ProcessStartResult {
  processId: string;
  sandboxType: WireSandboxType;
}

export interface ProcessReadParams {
  processId: string;
  afterSeq?: number;
  maxBytes?: number;
  waitMs?: number;
}

export interface WireChunk {
  seq: number;
  stream: OutputStreamName;
  /** base64 */
  chunk: string;
}

export interface ProcessReadResult {
  chunks: WireChunk[];
  nextSeq: number;
  exited: boolean;
  exitCode: number | null;
  closed: boolean;
  /** Always null here (Codex reports spawn failures after start in it). */
  failure?: string | null;
  /** Denial detection is not done by this server yet: always false. */
  sandboxDenied?: boolean;
}

export interface ProcessWriteParams {
  processId: string;
  /** base64 */
  chunk: string;
  /** Codex 0.169 requires it; accepted and ignored here. */
  writeId?: string;
  /** Extension: end stdin after this chunk (pipes: EOF; tty: ^D). */
  closeStdin?: boolean;
}

export type ProcessWriteStatus = 'accepted' | 'unknownProcess' | 'stdinClosed';

export interface ProcessOutputNotification {
  processId: string;
  seq: number;
  stream: OutputStreamName;
  chunk: string;
}

export interface ProcessExitedNotification {
  processId: string;
  seq: number;
  exitCode: number | null;
  sandboxDenied?: boolean;
}

export interface ProcessClosedNotification {
  processId: string;
  seq: number;
}

// ------------------------------------------------------------------ fs/*
// Shapes of Codex 0.169's filesystem calls. Paths are file:// URIs on the wire
// (Codex's server rejects native paths; ours also accepts absolute paths).
// `sandbox` is either Codex's FileSystemSandboxContext ({permissions, cwd,
// workspaceRoots, …}) or our own SandboxPolicy ({mode, …}); absent or null =
// no restriction.

export interface FsReadFileParams {
  path: string;
  sandbox?: unknown;
}
export interface FsReadFileResult {
  dataBase64: string;
}
export interface FsWriteFileParams {
  path: string;
  dataBase64: string;
  sandbox?: unknown;
}
export interface FsCreateDirectoryParams {
  path: string;
  /** Default true (as in Codex). */
  recursive?: boolean | null;
  sandbox?: unknown;
}
export interface FsGetMetadataParams {
  path: string;
  sandbox?: unknown;
}
/** Follows symlinks for everything but isSymlink (as Codex does). */
export interface FsMetadata {
  isDirectory: boolean;
  isFile: boolean;
  isSymlink: boolean;
  size: number;
  createdAtMs: number;
  modifiedAtMs: number;
}
export interface FsCanonicalizeParams {
  path: string;
  sandbox?: unknown;
}
export interface FsCanonicalizeResult {
  /** file:// URI */
  path: string;
}
export interface FsReadDirectoryParams {
  path: string;
  sandbox?: unknown;
}
export interface FsDirectoryEntry {
  fileName: string;
  isDirectory: boolean;
  isFile: boolean;
}
export interface FsReadDirectoryResult {
  entries: FsDirectoryEntry[];
}
export interface FsRemoveParams {
  path: string;
  /** Default true. */
  recursive?: boolean | null;
  /** Default true: a missing path is not an error. */
  force?: boolean | null;
  sandbox?: unknown;
}
export interface FsCopyParams {
  sourcePath: string;
  destinationPath: string;
  /** Required; must be true to copy a directory. */
  recursive: boolean;
  sandbox?: unknown;
}

/** Codex's error code for a missing path (its client maps it to NotFound). */
export const FS_NOT_FOUND = -32004;
