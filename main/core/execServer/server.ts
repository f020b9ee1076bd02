// The exec-server: runs processes for a remote client over JSON-RPC (Codex's
// `codex exec-server`). Every process goes through spawnCommand, the one
// spawner, so sandboxing is exactly what a local run gets.
//
// Transports: websocket (websocketTransport.ts) and stdio (newline-delimited,
// below). Sessions outlive a dropped connection for a TTL so a client can
// reattach with resumeSessionId; after that their processes are killed.
// Sessions, processes and retained output are bounded; a process whose output
// the client does not take fast enough is paused (see rpc/flow.ts).
import { RpcError } from '../server/rpcError.js';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { constants as osConstants } from 'node:os';
import { spawnCommand, type SpawnedProcess } from '../exec/spawner.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { createShellEnv } from '../config/shellEnv.js';
import type { ShellEnvironmentPolicy } from '../config/types.js';
import { fsHandlers } from './fsHandlers.js';
import type { TransportFlow } from '../rpc/flow.js';
import type { Channel } from '../rpc/channel.js';
import { RpcEndpoint } from '../rpc/endpoint.js';
import { LineChannel } from '../rpc/framing.js';
import { parsePathParam, parseSandboxParam } from './sandboxParam.js';
import {
  ExecServerProtocolError,
  INITIALIZED_NOTIFICATION,
  JSONRPC_INTERNAL_ERROR,
  JSONRPC_INVALID_PARAMS,
  JSONRPC_INVALID_REQUEST,
  JSONRPC_METHOD_NOT_FOUND,
  JSONRPC_PARSE_ERROR,
  isExecServerMethod,
  parseExecServerParams,
  type EnvironmentInfo,
  type ExecServerMethod,
  type ExecServerNotificationMethod,
  type ExecServerNotificationParams,
  type ExecServerParams,
  type ExecServerResult,
  type OutputStreamName,
  type ProcessSignalName,
} from './methods.js';
import { toWireSandboxType } from './wireSandboxType.js';

export const DEFAULT_SESSION_TTL_MS = 30_000;
export const DEFAULT_MAX_PROCESSES_PER_SESSION = 64;
/** Running processes across all sessions. */
export const DEFAULT_MAX_PROCESSES = 128;
/** Sessions, attached or waiting for a reattach. */
export const DEFAULT_MAX_SESSIONS = 64;
/** Output retained per process for process/read and reattaching (Codex keeps 1 MiB). */
export const DEFAULT_MAX_BUFFERED_BYTES_PER_PROCESS = 1024 * 1024;
const MAX_RETAINED_CLOSED_PROCESSES = 128;
const MAX_READ_WAIT_MS = 60_000;
/** Largest incoming message on stdio, as on the websocket (Codex's limit: 64 MiB). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface ExecServerOptions {
  /** How long a detached session's processes survive (default 30 s). */
  sessionTtlMs?: number;
  /** Running processes per session (default 64). */
  maxProcessesPerSession?: number;
  /** Running processes across all sessions (default 128). */
  maxProcesses?: number;
  /** Sessions, attached or detached (default 64). */
  maxSessions?: number;
  /** Retained output per process; older chunks are discarded past it (default 1 MiB). */
  maxBufferedBytesPerProcess?: number;
  executorVersion?: string;
  /** Reported as environmentInfo.cwd (default process.cwd()). */
  cwd?: string;
}

export { RpcError };

const invalidParams = (m: string) => new RpcError(JSONRPC_INVALID_PARAMS, m);

/** Every method but initialize runs in the connection's session. */
type SessionMethod = Exclude<ExecServerMethod, 'initialize'>;
type Handler<M extends SessionMethod> = (params: ExecServerParams<M>, session: Session) => ExecServerResult<M> | Promise<ExecServerResult<M>>;
type Handlers = { [M in SessionMethod]: Handler<M> };

interface StoredChunk {
  seq: number;
  stream: OutputStreamName;
  data: Buffer;
}

class ManagedProcess {
  readonly chunks: StoredChunk[] = [];
  bufferedBytes = 0;
  nextSeq = 1;
  /** Output with seq <= this was dropped by the buffer limit. */
  discardedThroughSeq = 0;
  exited = false;
  exitCode: number | null = null;
  closed = false;
  /** Output reading stopped because its connection's peer fell behind (see pauseOutput). */
  paused = false;
  stdinOpen: boolean;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly id: string,
    readonly proc: SpawnedProcess,
    pipeStdin: boolean,
  ) {
    this.stdinOpen = pipeStdin || proc.tty;
  }

  wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves on the next event or after ms. */
  waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}

class Session {
  readonly processes = new Map<string, ManagedProcess>();
  conn: ConnectionState | null = null;
  ttlTimer: NodeJS.Timeout | undefined;
  constructor(readonly id: string) {}
}

interface ConnectionState {
  /** One serialized JSON message (text or its UTF-8 bytes). */
  send: (message: string | Buffer) => void;
  flow: TransportFlow;
  session: Session | null;
  open: boolean;
}

function signalExitCode(signal: string | null): number | null {
  if (!signal) return null;
  const n = (osConstants.signals as Record<string, number>)[signal];
  return n === undefined ? null : 128 + n;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The sandbox of a process/start: the command's cwd is writable anyway, so the policy's workspace joins the extra roots. */
function processSandbox(raw: unknown, processCwd: string): SandboxPolicy {
  const { policy, cwd } = parseSandboxParam(raw, 'process/start');
  if (policy.mode !== 'workspace-write' || !cwd || cwd === processCwd) return policy;
  return { ...policy, writableRoots: [cwd, ...policy.writableRoots] };
}

/**
 * Codex's `envPolicy` (its [shell_environment_policy] on the wire) builds the
 * base environment from this server's own; `env` is laid over it. Without an
 * envPolicy the command gets exactly `env`.
 */
function inheritedEnv(policy: ShellEnvironmentPolicy | null | undefined): Record<string, string> {
  return policy ? createShellEnv(policy, process.env) : {};
}

/**
 * process/output serialized by hand into one buffer: JSON.stringify would scan
 * the whole base64 payload for characters to escape (base64 has none), and a
 * string frame would be encoded to UTF-8 again on the socket's slow path.
 */
function outputNotification(processId: string, seq: number, stream: OutputStreamName, data: Buffer): Buffer {
  const head = `{"method":"process/output","params":{"processId":${JSON.stringify(processId)},"seq":${seq},"stream":"${stream}","chunk":"`;
  const tail = '"}}';
  const headBytes = Buffer.byteLength(head);
  const base64Bytes = Math.ceil(data.length / 3) * 4;
  const out = Buffer.allocUnsafe(headBytes + base64Bytes + tail.length);
  out.write(head, 0, 'utf8');
  out.write(data.toString('base64'), headBytes, 'latin1');
  out.write(tail, headBytes + base64Bytes, 'latin1');
  return out;
}

const SIGNALS: Record<ProcessSignalName, NodeJS.Signals> = { interrupt: 'SIGINT', terminate: 'SIGTERM', kill: 'SIGKILL' };

export class ExecServer {
  private readonly sessions = new Map<string, Session>();
  private readonly ttlMs: number;
  private readonly maxProcessesPerSession: number;
  private readonly maxProcesses: number;
  private readonly maxSessions: number;
  private readonly maxBuffered: number;
  private runningProcesses = 0;
  private readonly executorVersion: string;
  private readonly cwd: string;
  private closedServer = false;
  /** Connections accepted so far (tests count reconnects with this). */
  connectionCount = 0;
  /** Successful `initialize` calls that created a new session. */
  sessionsCreated = 0;

  constructor(opts: ExecServerOptions = {}) {
    this.ttlMs = opts.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
    this.maxProcessesPerSession = opts.maxProcessesPerSession ?? DEFAULT_MAX_PROCESSES_PER_SESSION;
    this.maxProcesses = opts.maxProcesses ?? DEFAULT_MAX_PROCESSES;
    this.maxSessions = opts.maxSessions ?? DEFAULT_MAX_SESSIONS;
    this.maxBuffered = opts.maxBufferedBytesPerProcess ?? DEFAULT_MAX_BUFFERED_BYTES_PER_PROCESS;
    this.executorVersion = opts.executorVersion ?? '0.1.0';
    this.cwd = opts.cwd ?? process.cwd();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  hasSession(id: string): boolean {
    return this.sessions.has(id);
  }

  environmentInfo(): EnvironmentInfo {
    const shellPath = process.env.SHELL || '/bin/sh';
    return {
      shell: { name: basename(shellPath), path: shellPath },
      cwd: pathToFileURL(this.cwd).href,
      platformOs: process.platform === 'darwin' ? 'macos' : process.platform,
      executorVersion: this.executorVersion,
      capabilities: { process: true, tty: true, fs: true, http: false, sandbox: true },
    };
  }

  /**
   * Serves one transport connection (lines on stdio, or websocket frames)
   * until it closes; then its session detaches. The channel's flow tells when
   * the peer falls behind, so output producers pause.
   */
  serve(channel: Channel): void {
    this.connectionCount++;
    const state: ConnectionState = { send: (message) => channel.send(message), flow: channel, session: null, open: true };
    const endpoint = new RpcEndpoint(channel, {
      onRequest: (method, params) => this.dispatch(state, method, params),
      onNotification: (method) => {
        if (method !== INITIALIZED_NOTIFICATION) endpoint.replyError(-1, JSONRPC_INVALID_REQUEST, `invalid request: unexpected notification "${method}"`);
      },
      // The server sends no requests, so a response from the client is unexpected.
      onUnmatchedResponse: (id) => endpoint.replyError(id, JSONRPC_INVALID_REQUEST, 'invalid request: missing "method"'),
      internalError: (err) =>
        err instanceof ExecServerProtocolError
          ? invalidParams(err.message)
          : new RpcError(JSONRPC_INTERNAL_ERROR, `internal error: ${err instanceof Error ? err.message : String(err)}`),
    });
    channel.onClose(() => {
      state.open = false;
      const session = state.session;
      if (session && session.conn === state) this.detach(session);
    });
  }

  /** Kills every process and forgets every session. */
  async close(): Promise<void> {
    this.closedServer = true;
    const waits: Promise<unknown>[] = [];
    for (const s of this.sessions.values()) waits.push(...this.killSession(s));
    this.sessions.clear();
    await Promise.allSettled(waits);
  }

  private detach(session: Session): void {
    session.conn = null;
    clearTimeout(session.ttlTimer);
    session.ttlTimer = setTimeout(() => {
      if (session.conn) return;
      this.sessions.delete(session.id);
      this.killSession(session);
    }, this.ttlMs);
    session.ttlTimer.unref?.();
  }

  private killSession(session: Session): Promise<unknown>[] {
    clearTimeout(session.ttlTimer);
    const waits: Promise<unknown>[] = [];
    for (const p of session.processes.values()) {
      if (!p.closed) {
        p.proc.kill('SIGKILL');
        waits.push(p.proc.exited);
      }
    }
    return waits;
  }

  private async dispatch(state: ConnectionState, method: string, rawParams: unknown): Promise<unknown> {
    if (this.closedServer) throw new RpcError(JSONRPC_INTERNAL_ERROR, 'exec-server is shutting down');
    if (!isExecServerMethod(method)) throw new RpcError(JSONRPC_METHOD_NOT_FOUND, `method not found: ${method}`);
    if (method === 'initialize') return this.initialize(state, parseExecServerParams(method, rawParams));
    const session = state.session;
    if (!session) throw new RpcError(JSONRPC_INVALID_REQUEST, `invalid request: "${method}" before "initialize"`);
    return this.call(method, rawParams, session);
  }

  /** Validates the params of `method` through the table and runs its handler. */
  private call<M extends SessionMethod>(method: M, rawParams: unknown, session: Session): ExecServerResult<M> | Promise<ExecServerResult<M>> {
    const handler: Handler<M> = this.handlers[method];
    return handler(parseExecServerParams(method, rawParams), session);
  }

  private readonly handlers: Handlers = {
    'environment/info': () => this.environmentInfo(),
    'process/start': (params, session) => this.start(session, params),
    'process/read': (params, session) => this.read(session, params),
    'process/write': (params, session) => this.write(session, params),
    'process/signal': (params, session) => {
      const p = this.lookup(session, params.processId);
      if (!p.exited) p.proc.kill(SIGNALS[params.signal]);
      return {};
    },
    'process/terminate': (params, session) => {
      const p = this.lookup(session, params.processId);
      const running = !p.exited;
      if (running) p.proc.kill('SIGKILL');
      return { running };
    },
    ...fsHandlers,
  };

  private initialize(state: ConnectionState, params: ExecServerParams<'initialize'>): ExecServerResult<'initialize'> {
    if (state.session) throw new RpcError(JSONRPC_INVALID_REQUEST, 'invalid request: already initialized');
    const resume = params.resumeSessionId;
    let session: Session;
    if (resume !== undefined && resume !== null) {
      const found = this.sessions.get(resume);
      if (!found) throw invalidParams(`unknown session id: ${resume}`);
      if (found.conn) throw new RpcError(JSONRPC_INVALID_REQUEST, `session already attached: ${resume}`);
      clearTimeout(found.ttlTimer);
      session = found;
    } else {
      if (this.sessions.size >= this.maxSessions) {
        throw new RpcError(
          JSONRPC_INVALID_REQUEST,
          `too many sessions: the exec-server holds ${this.sessions.size} (limit ${this.maxSessions}); close one or wait for a detached one to expire`,
        );
      }
      session = new Session(randomUUID());
      this.sessions.set(session.id, session);
      this.sessionsCreated++;
    }
    session.conn = state;
    state.session = session;
    return { sessionId: session.id, environmentInfo: this.environmentInfo() };
  }

  private lookup(session: Session, id: string): ManagedProcess {
    const p = session.processes.get(id);
    if (!p) throw invalidParams(`unknown process id: ${id}`);
    return p;
  }

  private notify<M extends ExecServerNotificationMethod>(session: Session, method: M, params: ExecServerNotificationParams<M>): void {
    const conn = session.conn;
    if (conn && conn.open) conn.send(JSON.stringify({ method, params }));
  }

  private start(session: Session, params: ExecServerParams<'process/start'>): ExecServerResult<'process/start'> {
    const { processId, argv, tty, pipeStdin } = params;
    if (session.processes.has(processId)) throw invalidParams(`process id already in use in this session: ${processId}`);
    const cwd = parsePathParam(params.cwd, 'cwd');
    const env = { ...inheritedEnv(params.envPolicy), ...params.env };
    const sandboxPolicy = processSandbox(params.sandbox, cwd);
    let running = 0;
    for (const p of session.processes.values()) if (!p.closed) running++;
    if (running >= this.maxProcessesPerSession) {
      throw new RpcError(JSONRPC_INVALID_REQUEST, `too many processes: this session already runs ${running} (limit ${this.maxProcessesPerSession})`);
    }
    if (this.runningProcesses >= this.maxProcesses) {
      throw new RpcError(
        JSONRPC_INVALID_REQUEST,
        `too many processes: the exec-server already runs ${this.runningProcesses} across all sessions (limit ${this.maxProcesses})`,
      );
    }
    let proc: SpawnedProcess;
    try {
      proc = spawnCommand({ argv, cwd, env, tty, sandboxPolicy });
    } catch (err) {
      throw new RpcError(JSONRPC_INTERNAL_ERROR, `failed to start process ${processId} (${argv[0]}): ${(err as Error).message}`);
    }
    const mp = new ManagedProcess(processId, proc, pipeStdin);
    this.runningProcesses++;
    if (!mp.stdinOpen) proc.closeStdin();
    session.processes.set(processId, mp);
    this.pruneClosed(session);
    // Subscribe after the response is queued: the spawner replays output that
    // arrived before the first subscriber, so nothing is lost.
    queueMicrotask(() => {
      proc.onOutput((data, stream) => {
        const seq = mp.nextSeq++;
        mp.chunks.push({ seq, stream, data });
        mp.bufferedBytes += data.length;
        while (mp.bufferedBytes > this.maxBuffered && mp.chunks.length > 1) {
          const dropped = mp.chunks.shift()!;
          mp.bufferedBytes -= dropped.data.length;
          mp.discardedThroughSeq = dropped.seq;
        }
        const conn = session.conn;
        if (conn && conn.open) {
          conn.send(outputNotification(processId, seq, stream, data));
          if (conn.flow.congested()) this.pauseOutput(mp, conn);
        }
        mp.wake();
      });
      void proc.exited.then((status) => {
        this.runningProcesses--;
        this.resumeOutput(mp);
        mp.exited = true;
        mp.stdinOpen = false;
        mp.exitCode = status.exitCode ?? signalExitCode(status.signal);
        this.notify(session, 'process/exited', { processId, seq: mp.nextSeq++, exitCode: mp.exitCode, sandboxDenied: false });
        mp.closed = true;
        this.notify(session, 'process/closed', { processId, seq: mp.nextSeq++ });
        mp.wake();
      });
    });
    return { processId, sandboxType: toWireSandboxType(proc.sandboxType) };
  }

  /**
   * Stops reading the process's output until the peer has taken what is
   * queued: its pipe fills and the child blocks on write instead of this
   * server holding the stream (a signal would not reach a command in the
   * sandbox's own process group or PID namespace). Also resumed when the
   * connection closes: a detached session's output goes to the bounded
   * retained buffer.
   */
  private pauseOutput(p: ManagedProcess, conn: ConnectionState): void {
    if (p.paused || p.exited) return;
    p.paused = true;
    p.proc.pauseOutput();
    conn.flow.onceDrained(() => this.resumeOutput(p));
  }

  private resumeOutput(p: ManagedProcess): void {
    if (!p.paused) return;
    p.paused = false;
    p.proc.resumeOutput();
  }

  private pruneClosed(session: Session): void {
    const closed = [...session.processes.values()].filter((p) => p.closed);
    for (const p of closed.slice(0, Math.max(0, closed.length - MAX_RETAINED_CLOSED_PROCESSES))) session.processes.delete(p.id);
  }

  private async read(session: Session, params: ExecServerParams<'process/read'>): Promise<ExecServerResult<'process/read'>> {
    const p = this.lookup(session, params.processId);
    const afterSeq = params.afterSeq ?? 0;
    const maxBytes = params.maxBytes ?? undefined;
    const waitMs = Math.min(params.waitMs ?? 0, MAX_READ_WAIT_MS);
    if (afterSeq < p.discardedThroughSeq) {
      throw invalidParams(
        `output of process ${p.id} up to seq ${p.discardedThroughSeq} was discarded: more than ${this.maxBuffered} bytes were buffered ` +
          `(exec-server output limit per process); read with afterSeq >= ${p.discardedThroughSeq}`,
      );
    }
    const pending = () => p.chunks.some((c) => c.seq > afterSeq);
    if (waitMs > 0 && !pending() && !p.closed) await p.waitForChange(waitMs);
    const chunks: ExecServerResult<'process/read'>['chunks'] = [];
    let bytes = 0;
    let nextSeq = p.nextSeq;
    for (const c of p.chunks) {
      if (c.seq <= afterSeq) continue;
      if (maxBytes !== undefined && chunks.length > 0 && bytes + c.data.length > maxBytes) {
        nextSeq = c.seq;
        break;
      }
      chunks.push({ seq: c.seq, stream: c.stream, chunk: c.data.toString('base64') });
      bytes += c.data.length;
    }
    const complete = nextSeq === p.nextSeq;
    return {
      chunks,
      nextSeq,
      exited: complete && p.exited,
      exitCode: complete ? p.exitCode : null,
      closed: complete && p.closed,
      failure: null,
      sandboxDenied: false,
    };
  }

  private write(session: Session, params: ExecServerParams<'process/write'>): ExecServerResult<'process/write'> {
    const p = session.processes.get(params.processId);
    if (!p) return { status: 'unknownProcess' };
    if (!p.stdinOpen || p.exited) return { status: 'stdinClosed' };
    const data = Buffer.from(params.chunk, 'base64');
    if (data.length > 0 && !p.proc.write(data)) {
      p.stdinOpen = false;
      return { status: 'stdinClosed' };
    }
    if (params.closeStdin === true) {
      p.stdinOpen = false;
      p.proc.closeStdin();
    }
    return { status: 'accepted' };
  }
}

// ---------------------------------------------------------------- stdio

/** Newline-delimited JSON-RPC on a pair of streams; `done` settles when input ends. */
export function serveStdio(server: ExecServer, input: Readable, output: Writable): { done: Promise<void> } {
  const channel: LineChannel = new LineChannel(input, output, {
    maxLineBytes: MAX_MESSAGE_BYTES,
    keepOutputOpen: true,
    onOverlongLine: () =>
      channel.send(
        JSON.stringify({ id: null, error: { code: JSONRPC_INVALID_REQUEST, message: `invalid request: a line longer than ${MAX_MESSAGE_BYTES} bytes` } }),
      ),
  });
  server.serve(channel);
  return { done: new Promise<void>((resolve) => channel.onClose(() => resolve())) };
}
