// Client for the exec-server (ours or anything speaking the same protocol):
// one connection = one session. When the transport closes, every pending
// request and every process handle fails with the same
// ExecServerDisconnectedError; nothing is resumed or replayed here.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { WebSocket } from 'ws';
import type { SandboxType } from '../sandbox/common.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toCodexSandboxContext, type CodexSandboxContextInput } from './sandboxParam.js';
import {
  INITIALIZED_NOTIFICATION,
  JSONRPC_METHOD_NOT_FOUND,
  parseExecServerNotification,
  parseExecServerResult,
  type EnvironmentInfo,
  type ExecServerInput,
  type ExecServerMethod,
  type ExecServerNotification,
  type ExecServerResult,
  type FsDirectoryEntry,
  type FsMetadata,
  type OutputStreamName,
  type ProcessSignalName,
  type ProcessWriteStatus,
} from './methods.js';
import { fromWireSandboxType } from './wireSandboxType.js';
import type { Channel } from '../rpc/channel.js';
import { LineChannel } from '../rpc/framing.js';
import { WebSocketChannel } from '../rpc/websocketChannel.js';
import { RpcEndpoint, RpcRequestError, RpcTimeoutError } from '../rpc/endpoint.js';
import { RpcError } from '../server/rpcError.js';

export class ExecServerDisconnectedError extends Error {
  constructor(readonly detail?: string) {
    super('exec-server connection closed');
    this.name = 'ExecServerDisconnectedError';
  }
}

export class ExecServerRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly method: string,
  ) {
    super(`exec-server ${method} failed: ${message} (code ${code})`);
    this.name = 'ExecServerRpcError';
  }
}

export class ExecServerConnectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecServerConnectError';
  }
}

/** A message channel: one JSON text per send / per onMessage call. */
export type ExecServerTransport = Channel;

/** The exec-server's own messages may be large (process/read, fs/readFile): its websocket limit. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** URLs can carry a token in the query: never print it. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const auth = u.username || u.password ? '<redacted>@' : '';
    return `${u.protocol}//${auth}${u.host}${u.pathname}${u.search ? '?<redacted>' : ''}`;
  } catch {
    return url.replace(/\?.*$/, '?<redacted>');
  }
}

export interface WebSocketConnectOptions {
  token?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function openWebSocketTransport(url: string, opts: WebSocketConnectOptions = {}): Promise<ExecServerTransport> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  // Messages are JSON.parsed anyway; skipping ws's UTF-8 pass saves a scan of every output frame.
  const ws = new WebSocket(url, { headers, maxPayload: MAX_MESSAGE_BYTES, skipUTF8Validation: true });
  const shown = redactUrl(url);
  await new Promise<void>((resolve, reject) => {
    const fail = (msg: string) => {
      cleanup();
      ws.removeAllListeners('error');
      ws.on('error', () => {});
      ws.terminate();
      reject(new ExecServerConnectError(`cannot connect to exec-server at ${shown}: ${msg}`));
    };
    const timer = setTimeout(() => fail(`timed out after ${opts.timeoutMs} ms`), opts.timeoutMs ?? 10_000);
    const onAbort = () => fail('cancelled');
    const cleanup = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      ws.off('open', onOpen);
    };
    const onOpen = () => {
      cleanup();
      resolve();
    };
    if (opts.signal?.aborted) return fail('cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    ws.once('open', onOpen);
    ws.once('unexpected-response', (_req, res) => {
      fail(res.statusCode === 401 ? 'HTTP 401 Unauthorized (missing or wrong token)' : `HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim());
    });
    ws.once('error', (err) => fail(err.message || String(err)));
  });
  return new WebSocketChannel(ws);
}

/** Newline-delimited JSON over a stream pair (a child's stdio, or PassThroughs in tests). */
export function streamTransport(input: Readable, output: Writable, onCloseRequested?: () => void): ExecServerTransport {
  return new LineChannel(input, output, { maxLineBytes: MAX_MESSAGE_BYTES, onCloseRequested });
}

export interface StdioCommand {
  program: string;
  args?: string[];
  /** The program's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Spawns `program args…` (e.g. `ssh host codex exec-server --listen stdio`) and talks over its stdio. */
export function openStdioTransport(cmd: StdioCommand): ExecServerTransport {
  const child = spawn(cmd.program, cmd.args ?? [], { cwd: cmd.cwd, env: cmd.env ?? process.env, stdio: ['pipe', 'pipe', 'inherit'] });
  const t = streamTransport(child.stdout!, child.stdin!, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  child.on('error', () => child.stdout?.destroy());
  child.stdin!.on('error', () => {});
  return t;
}

export interface OutputEvent {
  seq: number;
  stream: OutputStreamName;
  chunk: Buffer;
}

export interface StartProcessOptions {
  processId?: string;
  argv: string[];
  /** Absolute path or file:// URI (sent as a URI, which Codex 0.169 requires). */
  cwd: string;
  env?: Record<string, string>;
  tty?: boolean;
  pipeStdin?: boolean;
  /** Our policy (sent in Codex's wire shape, relative to cwd) or a Codex sandbox context as is. */
  sandbox?: SandboxPolicy | CodexSandboxContextInput;
}

/** Options every fs/* call takes. */
export interface FsCallOptions {
  /** Our policy or a Codex sandbox context; writes outside its writable roots are refused by the server. */
  sandbox?: SandboxPolicy | CodexSandboxContextInput;
  /** The workspace a workspace-write policy is relative to (required with one). */
  sandboxCwd?: string;
}

/** Absolute path or file:// URI → the file:// URI the wire carries. */
export function toWirePath(path: string, what = 'path'): string {
  if (path.startsWith('file:')) return path;
  if (!isAbsolute(path)) throw new Error(`exec-server: ${what} must be absolute or a file:// URI, got ${JSON.stringify(path)}`);
  return pathToFileURL(path).href;
}

function wireSandbox(sandbox: SandboxPolicy | CodexSandboxContextInput | undefined, cwd: string | undefined, method: string): CodexSandboxContextInput | null {
  if (!sandbox) return null;
  if ('permissions' in sandbox) return sandbox;
  if (sandbox.mode === 'workspace-write' && !cwd)
    throw new Error(`exec-server ${method}: a workspace-write sandbox needs sandboxCwd (the workspace it is relative to)`);
  return toCodexSandboxContext(sandbox, cwd ? (cwd.startsWith('file:') ? fileURLToPath(cwd) : cwd) : '/');
}

const GAP_READBACK_MS = 250;
const GAP_READBACK_TIMEOUT_MS = 5000;
/**
 * How long output missing below output already seen is waited for before it is
 * given up. A gap is almost always a notification still on its way (Codex's
 * tasks assign seqs before they send), and once skipped, its late arrival
 * would be dropped as a replay: so a gap the server cannot read back is kept
 * open this long, and only a notification really lost is skipped.
 */
const GAP_GIVE_UP_MS = 5000;

/** A process running on the exec-server. */
export class ExecProcessHandle implements AsyncIterable<OutputEvent> {
  sandboxType: SandboxType = 'none';
  exitCode: number | null | undefined;
  private readonly queue: OutputEvent[] = [];
  /** Every seq up to this one has been seen; `seenAhead` holds those seen above it (Codex sends stdout and stderr from separate tasks, so seqs arrive out of order). */
  private seenThrough = 0;
  private readonly seenAhead = new Set<number>();
  /** Output seen above a gap, held back so each stream is delivered in seq order. */
  private readonly held = new Map<number, OutputEvent>();
  private deliveredThrough = 0;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the oldest open gap was first seen (performance.now()). */
  private gapSince: number | undefined;
  private closing = false;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private resolveExit!: (code: number | null) => void;
  private rejectExit!: (e: Error) => void;
  /** Exit code (128+n for a signal); rejects with ExecServerDisconnectedError if the connection drops first. */
  readonly exited: Promise<number | null>;

  constructor(
    private readonly client: ExecServerClient,
    readonly processId: string,
  ) {
    this.exited = new Promise((res, rej) => {
      this.resolveExit = res;
      this.rejectExit = rej;
    });
    this.exited.catch(() => {});
  }

  /** @internal */
  handleNotification(note: ExecServerNotification): void {
    const seq = note.params.seq;
    if (this.ended || !this.markSeen(seq)) return;
    if (note.method === 'process/output') {
      this.held.set(seq, { seq, stream: note.params.stream, chunk: Buffer.from(note.params.chunk, 'base64') });
      this.release();
      this.watchGap();
    } else if (note.method === 'process/exited') {
      this.exitCode = note.params.exitCode;
      this.resolveExit(this.exitCode);
    } else if (!this.closing) {
      this.closing = true;
      void this.finishAfterGaps();
      return;
    }
    this.wake?.();
  }

  /** Moves held output that no longer sits above a gap to the queue. */
  private release(): void {
    while (this.deliveredThrough < this.seenThrough) {
      const e = this.held.get(++this.deliveredThrough);
      if (e) this.queue.push(e);
      this.held.delete(this.deliveredThrough);
    }
  }

  /** False for a seq already seen (a replay). */
  private markSeen(seq: number): boolean {
    if (seq <= this.seenThrough || this.seenAhead.has(seq)) return false;
    this.seenAhead.add(seq);
    this.markSeenRun();
    return true;
  }

  /** Advances `seenThrough` over the seen seqs that now follow it without a gap. */
  private markSeenRun(): void {
    const before = this.seenThrough;
    while (this.seenAhead.delete(this.seenThrough + 1)) this.seenThrough++;
    if (this.seenAhead.size === 0) this.gapSince = undefined;
    else if (this.gapSince === undefined || this.seenThrough !== before) this.gapSince = performance.now();
  }

  /**
   * Output that stays missing below output already seen (a notification overtaken or lost)
   * is read back from the server's buffer (process/read). With `giveUp`, what the server
   * could not give back is skipped so the stream goes on rather than stalling.
   */
  private async fillGaps(giveUp: boolean): Promise<void> {
    if (this.seenAhead.size === 0) return;
    try {
      const r = await this.client.request('process/read', { processId: this.processId, afterSeq: this.seenThrough }, GAP_READBACK_TIMEOUT_MS);
      for (const c of r.chunks) {
        if (this.markSeen(c.seq)) this.held.set(c.seq, { seq: c.seq, stream: c.stream, chunk: Buffer.from(c.chunk, 'base64') });
      }
    } catch {
      // The server dropped the process with its buffer, or did not answer: only a late notification can fill it now.
    }
    while (giveUp && this.seenAhead.size > 0) {
      this.seenThrough = Math.min(...this.seenAhead) - 1;
      this.markSeenRun();
    }
    this.release();
  }

  /** `process/closed` can overtake the last output too: the stream ends once the gaps are filled or given up. */
  private async finishAfterGaps(): Promise<void> {
    clearTimeout(this.gapTimer);
    if (this.seenAhead.size > 0) await new Promise((r) => setImmediate(r)); // notifications already in flight land first
    await this.fillGaps(false);
    while (this.seenAhead.size > 0 && performance.now() - (this.gapSince ?? 0) < GAP_GIVE_UP_MS) {
      await new Promise((r) => setTimeout(r, GAP_READBACK_MS)); // late notifications land meanwhile
      await this.fillGaps(false);
    }
    await this.fillGaps(true);
    this.ended = true;
    if (this.exitCode === undefined) this.resolveExit(null);
    this.wake?.();
  }

  /** While a gap lasts, a timer reads it back; after GAP_GIVE_UP_MS it is skipped. */
  private watchGap(): void {
    if (this.seenAhead.size === 0 || this.gapTimer || this.closing) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      void this.fillGaps(performance.now() - (this.gapSince ?? 0) >= GAP_GIVE_UP_MS).then(() => {
        this.wake?.();
        this.watchGap();
      });
    }, GAP_READBACK_MS);
    this.gapTimer.unref?.();
  }

  /** @internal */
  fail(err: Error): void {
    if (this.ended || this.failure) return;
    clearTimeout(this.gapTimer);
    this.failure = err;
    this.rejectExit(err);
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<OutputEvent> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }

  /** All remaining output as one buffer per stream kind, after the process closed. */
  async collect(): Promise<{ stdout: string; stderr: string; pty: string; exitCode: number | null }> {
    const out = { stdout: [] as Buffer[], stderr: [] as Buffer[], pty: [] as Buffer[] };
    for await (const e of this) out[e.stream].push(e.chunk);
    const exitCode = await this.exited;
    return { stdout: Buffer.concat(out.stdout).toString(), stderr: Buffer.concat(out.stderr).toString(), pty: Buffer.concat(out.pty).toString(), exitCode };
  }

  /** Pull-style read (process/read): buffered output after `afterSeq`. */
  read(opts: { afterSeq?: number; maxBytes?: number; waitMs?: number } = {}): Promise<ExecServerResult<'process/read'>> {
    return this.client.request('process/read', { processId: this.processId, ...opts });
  }

  async write(data: string | Buffer, opts: { closeStdin?: boolean } = {}): Promise<ProcessWriteStatus> {
    const chunk = (typeof data === 'string' ? Buffer.from(data) : data).toString('base64');
    const params = { processId: this.processId, chunk, writeId: randomUUID(), ...(opts.closeStdin ? { closeStdin: true } : {}) };
    return (await this.client.request('process/write', params)).status;
  }

  closeStdin(): Promise<ProcessWriteStatus> {
    return this.write('', { closeStdin: true });
  }

  async signal(signal: ProcessSignalName): Promise<void> {
    await this.client.request('process/signal', { processId: this.processId, signal });
  }

  /** Kills the process; resolves whether it was still running. */
  async terminate(): Promise<boolean> {
    return (await this.client.request('process/terminate', { processId: this.processId })).running;
  }
}

export interface ClientOptions {
  clientName?: string;
  initializeTimeoutMs?: number;
}

export class ExecServerClient {
  private readonly endpoint: RpcEndpoint;
  private closeHandled = false;
  private readonly handles = new Map<string, ExecProcessHandle>();
  private disconnectError: ExecServerDisconnectedError | undefined;
  private readonly disconnectListeners = new Set<(err: ExecServerDisconnectedError) => void>();
  sessionId = '';
  environmentInfo: EnvironmentInfo | undefined;

  private constructor(private readonly transport: ExecServerTransport) {
    this.endpoint = new RpcEndpoint(transport, {
      onNotification: (method, params) => this.onNotification(method, params),
      // The exec-server asks nothing of its clients.
      onRequest: (method) => {
        throw new RpcError(JSONRPC_METHOD_NOT_FOUND, `method not found: ${method}`);
      },
      // Replies nobody waits for and messages that are not JSON-RPC are dropped, as a client does.
      onInvalid: () => {},
      closedError: (reason) => this.disconnectedBy(reason),
    });
    transport.onClose((reason) => this.onTransportClosed(reason));
  }

  get transportKind(): 'websocket' | 'stdio' {
    return this.transport.kind;
  }

  /** True once the transport was observed closed. */
  get isDisconnected(): boolean {
    return this.disconnectError !== undefined;
  }

  /** Calls `cb` once when the transport closes (at once if it already has); returns the unsubscribe. */
  onDisconnect(cb: (err: ExecServerDisconnectedError) => void): () => void {
    if (this.disconnectError) {
      cb(this.disconnectError);
      return () => {};
    }
    this.disconnectListeners.add(cb);
    return () => this.disconnectListeners.delete(cb);
  }

  static async connectWebSocket(url: string, opts: ClientOptions & WebSocketConnectOptions = {}): Promise<ExecServerClient> {
    const t = await openWebSocketTransport(url, opts);
    return ExecServerClient.overTransport(t, opts);
  }

  static async connectStdio(cmd: StdioCommand, opts: ClientOptions = {}): Promise<ExecServerClient> {
    return ExecServerClient.overTransport(openStdioTransport(cmd), opts);
  }

  /** Initializes a new session over an open transport (closes it if that fails). */
  static async overTransport(transport: ExecServerTransport, opts: ClientOptions & { resumeSessionId?: string } = {}): Promise<ExecServerClient> {
    const c = new ExecServerClient(transport);
    try {
      const params = { clientName: opts.clientName ?? 'codex-desktop', ...(opts.resumeSessionId ? { resumeSessionId: opts.resumeSessionId } : {}) };
      const init = await c.request('initialize', params, opts.initializeTimeoutMs ?? 30_000);
      c.sessionId = init.sessionId;
      c.environmentInfo = init.environmentInfo;
      c.endpoint.notify(INITIALIZED_NOTIFICATION, {});
    } catch (err) {
      transport.close();
      throw err;
    }
    return c;
  }

  /**
   * Sends `method` and resolves with its result, checked against the
   * protocol's table (ExecServerProtocolError when the server answers
   * something else).
   */
  async request<M extends ExecServerMethod>(method: M, params: ExecServerInput<M>, timeoutMs?: number): Promise<ExecServerResult<M>> {
    try {
      return await this.endpoint.request(method, params, (raw) => parseExecServerResult(method, raw), { timeoutMs });
    } catch (err) {
      if (err instanceof RpcRequestError) throw new ExecServerRpcError(err.error.code, err.error.message, method);
      if (err instanceof RpcTimeoutError) throw new Error(`exec-server ${method} timed out after ${err.timeoutMs} ms`);
      throw err;
    }
  }

  async startProcess(opts: StartProcessOptions): Promise<ExecProcessHandle> {
    const processId = opts.processId ?? randomUUID();
    if (this.handles.has(processId)) throw new Error(`process id already used on this client: ${processId}`);
    // Registered before the request: output notifications may arrive right after the response.
    const handle = new ExecProcessHandle(this, processId);
    this.handles.set(processId, handle);
    try {
      const params: ExecServerInput<'process/start'> = {
        processId,
        argv: opts.argv,
        cwd: toWirePath(opts.cwd, 'cwd'),
        env: opts.env ?? {},
        tty: opts.tty ?? false,
        pipeStdin: opts.pipeStdin ?? false,
      };
      if (opts.sandbox) params.sandbox = wireSandbox(opts.sandbox, opts.cwd, 'process/start');
      const r = await this.request('process/start', params);
      handle.sandboxType = fromWireSandboxType(r.sandboxType);
      return handle;
    } catch (err) {
      if (!(err instanceof ExecServerDisconnectedError)) this.handles.delete(processId);
      throw err;
    }
  }

  close(): void {
    this.transport.close();
  }

  // ------------------------------------------------------------ fs/* calls
  // Paths are absolute paths or file:// URIs; contents travel as base64.

  // Every fs/* call carries the sandbox it runs under (null: none).

  async readFile(path: string, opts: FsCallOptions = {}): Promise<Buffer> {
    const r = await this.request('fs/readFile', { path: toWirePath(path), sandbox: wireSandbox(opts.sandbox, opts.sandboxCwd, 'fs/readFile') });
    return Buffer.from(r.dataBase64, 'base64');
  }

  async writeFile(path: string, data: string | Buffer, opts: FsCallOptions = {}): Promise<void> {
    const dataBase64 = (typeof data === 'string' ? Buffer.from(data) : data).toString('base64');
    await this.request('fs/writeFile', { path: toWirePath(path), dataBase64, sandbox: wireSandbox(opts.sandbox, opts.sandboxCwd, 'fs/writeFile') });
  }

  /** mkdir; recursive (the default) also creates parents and accepts an existing directory. */
  async createDirectory(path: string, opts: FsCallOptions & { recursive?: boolean } = {}): Promise<void> {
    const sandbox = wireSandbox(opts.sandbox, opts.sandboxCwd, 'fs/createDirectory');
    await this.request('fs/createDirectory', { path: toWirePath(path), recursive: opts.recursive ?? true, sandbox });
  }

  getMetadata(path: string, opts: FsCallOptions = {}): Promise<FsMetadata> {
    return this.request('fs/getMetadata', { path: toWirePath(path), sandbox: wireSandbox(opts.sandbox, opts.sandboxCwd, 'fs/getMetadata') });
  }

  /** The real absolute path (symlinks resolved). */
  async canonicalize(path: string, opts: FsCallOptions = {}): Promise<string> {
    const r = await this.request('fs/canonicalize', { path: toWirePath(path), sandbox: wireSandbox(opts.sandbox, opts.sandboxCwd, 'fs/canonicalize') });
    return r.path.startsWith('file:') ? fileURLToPath(r.path) : r.path;
  }

  async readDirectory(path: string, opts: FsCallOptions = {}): Promise<FsDirectoryEntry[]> {
    const r = await this.request('fs/readDirectory', { path: toWirePath(path), sandbox: wireSandbox(opts.sandbox, opts.sandboxCwd, 'fs/readDirectory') });
    return r.entries;
  }

  /** rm; recursive and force (a missing path is fine) both default to true, as in Codex. */
  async remove(path: string, opts: FsCallOptions & { recursive?: boolean; force?: boolean } = {}): Promise<void> {
    const sandbox = wireSandbox(opts.sandbox, opts.sandboxCwd, 'fs/remove');
    await this.request('fs/remove', { path: toWirePath(path), recursive: opts.recursive ?? true, force: opts.force ?? true, sandbox });
  }

  /** cp; a directory needs recursive: true. Symlinks are copied as links. */
  async copy(sourcePath: string, destinationPath: string, opts: FsCallOptions & { recursive?: boolean } = {}): Promise<void> {
    await this.request('fs/copy', {
      sourcePath: toWirePath(sourcePath, 'sourcePath'),
      destinationPath: toWirePath(destinationPath, 'destinationPath'),
      recursive: opts.recursive ?? false,
      sandbox: wireSandbox(opts.sandbox, opts.sandboxCwd, 'fs/copy'),
    });
  }

  private onNotification(method: string, params: unknown): void {
    // Unknown or malformed notifications are dropped, as before a process is known.
    const note = parseExecServerNotification(method, params);
    if (note) this.handles.get(note.params.processId)?.handleNotification(note);
  }

  /** The one error everything on this connection fails with once it is gone. */
  private disconnectedBy(reason: string): ExecServerDisconnectedError {
    return (this.disconnectError ??= new ExecServerDisconnectedError(reason));
  }

  private onTransportClosed(reason: string): void {
    if (this.closeHandled) return;
    this.closeHandled = true;
    const err = this.disconnectedBy(reason);
    for (const h of this.handles.values()) h.fail(err);
    for (const l of [...this.disconnectListeners]) l(err);
    this.disconnectListeners.clear();
  }
}
