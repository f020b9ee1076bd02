// Wire shapes of the exec-server protocol (Codex's `codex-rs/exec-server`):
// JSON-RPC without the "jsonrpc" field, one message per websocket text frame
// or one per line on stdio.
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

export interface ProcessStartResult {
  processId: string;
  sandboxType: string;
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
