// One JSON-RPC speaker over a Channel (Codex's framing: no "jsonrpc" field).
// Incoming: every message is classified once (parse error, invalid request,
// request, notification, response); requests go to the handler and are
// answered with its result or its RpcError (code, message, data). Outgoing:
// requests get ids, optional timeouts and cancellation, their results checked
// by the caller's parser, and all fail together when the channel closes.
import { RpcError } from '../server/rpcError.js';
import { JSONRPC_INTERNAL_ERROR, JSONRPC_INVALID_REQUEST, JSONRPC_PARSE_ERROR } from '../../../shared/protocol/types.js';
import type { Channel } from './channel.js';

export type RpcId = string | number;

/** A request id as Codex reads it: a string or an integer. */
export function isRpcId(id: unknown): id is RpcId {
  return typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id));
}

export type Incoming =
  | { kind: 'request'; id: RpcId; method: string; params: unknown }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'response'; id: RpcId; reply: { result: unknown } | { error: unknown } }
  /** An id with neither method, result nor error: an empty answer if that id is awaited, else invalid. */
  | { kind: 'bare'; id: RpcId }
  /** Not answerable (a reply to an unparsable line of ours carries id null). */
  | { kind: 'ignored' }
  | { kind: 'invalid'; id: RpcId | null; code: number; message: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Classifies one incoming text, the way Codex's app-server does. */
export function classify(text: string): Incoming {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch (err) {
    return { kind: 'invalid', id: null, code: JSONRPC_PARSE_ERROR, message: `parse error: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!isObject(msg)) return { kind: 'invalid', id: null, code: JSONRPC_INVALID_REQUEST, message: 'invalid request: expected a JSON object' };
  const hasId = 'id' in msg;
  const id = msg.id;
  if (hasId && !isRpcId(id)) {
    if (id === null && typeof msg.method !== 'string') return { kind: 'ignored' };
    return {
      kind: 'invalid',
      id: null,
      code: JSONRPC_INVALID_REQUEST,
      message: `invalid request: id must be a string or an integer, not ${JSON.stringify(id)}`,
    };
  }
  const answerId = isRpcId(id) ? id : null;
  if (msg.method !== undefined && typeof msg.method !== 'string') {
    return { kind: 'invalid', id: answerId, code: JSONRPC_INVALID_REQUEST, message: 'invalid request: method must be a string' };
  }
  if (typeof msg.method === 'string') {
    return answerId === null
      ? { kind: 'notification', method: msg.method, params: msg.params }
      : { kind: 'request', id: answerId, method: msg.method, params: msg.params };
  }
  if (answerId !== null && ('result' in msg || 'error' in msg)) {
    return { kind: 'response', id: answerId, reply: 'error' in msg ? { error: msg.error } : { result: msg.result } };
  }
  if (answerId !== null) return { kind: 'bare', id: answerId };
  return neitherRequestNorResponse(null);
}

function neitherRequestNorResponse(id: RpcId | null): Incoming & { kind: 'invalid' } {
  return { kind: 'invalid', id, code: JSONRPC_INVALID_REQUEST, message: 'invalid request: neither a request (method) nor a response (result or error)' };
}

/** A JSON-RPC `error` object as received. */
export interface WireError {
  code: number;
  message: string;
  data?: unknown;
}

export function wireError(raw: unknown): WireError {
  const e = isObject(raw) ? raw : {};
  return { code: Number(e.code), message: String(e.message ?? 'error'), ...(e.data !== undefined ? { data: e.data } : {}) };
}

/** The answer to an outgoing request: `error` when the peer sent one. */
export class RpcRequestError extends Error {
  constructor(
    readonly method: string,
    readonly error: WireError,
  ) {
    super(error.message);
    this.name = 'RpcRequestError';
  }
}

export class RpcTimeoutError extends Error {
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} timed out after ${timeoutMs} ms`);
    this.name = 'RpcTimeoutError';
  }
}

export class RpcCancelledError extends Error {
  constructor(readonly method: string) {
    super(`${method} was cancelled`);
    this.name = 'RpcCancelledError';
  }
}

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The id to send (default: the next one allocateId gives). */
  id?: RpcId;
}

export interface RpcEndpointOptions {
  /** Handles a request; its value is the result, an RpcError its error (anything else: -32603). */
  onRequest?: (method: string, params: unknown, id: RpcId) => unknown;
  /** Hears notifications (default: ignored, as JSON-RPC asks). */
  onNotification?: (method: string, params: unknown) => void;
  /**
   * Hears a response no outgoing request of ours is waiting for (default:
   * ignored).
   */
  onUnmatchedResponse?: (id: RpcId, reply: { result: unknown } | { error: unknown }) => void;
  /** Whether an id not among our outgoing requests is still awaited elsewhere (so a bare answer to it counts). */
  isAwaited?: (id: RpcId) => boolean;
  /** How outgoing ids look: 1, 2… (default) or `srv-1`, `srv-2`… */
  idPrefix?: string;
  /** Wraps what a request failed with when the channel closed (default: Error(`connection closed: reason`)). */
  closedError?: (reason: string) => Error;
  /** The initialize handshake requests must pass first (default: none). */
  gate?: InitializeGate;
  /** Hears what could not be classified, instead of answering it (a client does not answer its server's garbage). */
  onInvalid?: (problem: { id: RpcId | null; code: number; message: string }) => void;
  /** Maps a non-RpcError thrown by a handler to the error sent (default: -32603 with its message). */
  internalError?: (err: unknown) => RpcError;
}

/**
 * Codex's handshake rule: nothing but `method` is served until it succeeded
 * once on the connection, and it is served once. Each protocol words the two
 * refusals its own way.
 */
export interface InitializeGate {
  method: string;
  notInitialized: (method: string) => RpcError;
  alreadyInitialized: () => RpcError;
  /** Which methods wait for the handshake (default: all); others go straight to the handler. */
  guards?: (method: string) => boolean;
}

interface Outstanding {
  method: string;
  settle: (reply: { result: unknown } | { error: unknown }) => void;
  fail: (err: Error) => void;
}

export class RpcEndpoint {
  private nextId = 1;
  private readonly outstanding = new Map<RpcId, Outstanding>();
  private closedWith: Error | undefined;
  /** The gate's handshake is done (or under way: a second one sent at once is refused too). */
  private initialized = false;
  /** Incoming requests whose handler has not answered yet. */
  private readonly serving = new Set<Promise<void>>();

  constructor(
    readonly channel: Channel,
    private readonly opts: RpcEndpointOptions = {},
  ) {
    channel.onMessage((text) => void this.receive(text));
    channel.onClose((reason) => this.failAll((opts.closedError ?? ((r) => new Error(`connection closed: ${r}`)))(reason)));
  }

  /** The error requests fail with now, once the channel is gone. */
  get closedError(): Error | undefined {
    return this.closedWith;
  }

  /** Handles one incoming text (lines and frames call it; tests may too). */
  async receive(text: string): Promise<void> {
    let m = classify(text);
    if (m.kind === 'bare') {
      // An answer with no result: the request gets nothing, which its parser refuses (an approval declines).
      if (this.outstanding.has(m.id) || this.opts.isAwaited?.(m.id)) m = { kind: 'response', id: m.id, reply: { result: undefined } };
      else m = neitherRequestNorResponse(m.id);
    }
    switch (m.kind) {
      case 'ignored':
      case 'bare':
        return;
      case 'invalid':
        if (this.opts.onInvalid) return this.opts.onInvalid(m);
        return this.replyError(m.id, m.code, m.message);
      case 'notification':
        this.opts.onNotification?.(m.method, m.params);
        return;
      case 'response': {
        const o = this.outstanding.get(m.id);
        if (o) o.settle(m.reply);
        else this.opts.onUnmatchedResponse?.(m.id, m.reply);
        return;
      }
      case 'request': {
        const serving = this.serve(m.id, m.method, m.params);
        this.serving.add(serving);
        await serving;
        this.serving.delete(serving);
        return;
      }
    }
  }

  private async serve(id: RpcId, method: string, params: unknown): Promise<void> {
    const handler = this.opts.onRequest;
    if (!handler) return this.replyError(id, JSONRPC_INTERNAL_ERROR, 'server not ready');
    const gate = this.opts.gate;
    const opensGate = gate !== undefined && method === gate.method;
    try {
      if (gate && opensGate) {
        if (this.initialized) throw gate.alreadyInitialized();
        this.initialized = true;
      } else if (gate && !this.initialized && (gate.guards?.(method) ?? true)) {
        throw gate.notInitialized(method);
      }
      let result: unknown;
      try {
        result = await handler(method, params, id);
      } catch (err) {
        if (opensGate) this.initialized = false;
        throw err;
      }
      this.sendJson({ id, result });
    } catch (err) {
      const e =
        err instanceof RpcError
          ? err
          : (this.opts.internalError?.(err) ?? new RpcError(JSONRPC_INTERNAL_ERROR, err instanceof Error ? err.message : String(err)));
      this.replyError(id, e.code, e.message, e.data);
    }
  }

  replyError(id: RpcId | null, code: number, message: string, data?: unknown): void {
    this.sendJson({ id, error: data === undefined ? { code, message } : { code, message, data } });
  }

  notify(method: string, params: unknown): void {
    this.sendJson({ method, params });
  }

  /** Puts one already-serialized message on the wire (hot paths serialize by hand). */
  sendRaw(message: string | Buffer): void {
    this.channel.send(message);
  }

  sendJson(message: object): void {
    this.channel.send(JSON.stringify(message));
  }

  /** Allocates the id an outgoing request will carry. */
  allocateId(): RpcId {
    const n = this.nextId++;
    return this.opts.idPrefix === undefined ? n : `${this.opts.idPrefix}${n}`;
  }

  /**
   * Sends `method` and resolves with its result as `parse` checks it (a
   * throw rejects the request with that error). Rejects with RpcRequestError
   * for an error answer, RpcTimeoutError, RpcCancelledError, or the closed
   * error once the channel is gone.
   */
  request<T>(method: string, params: unknown, parse: (raw: unknown) => T, opts: RequestOptions = {}): Promise<T> {
    const id = opts.id ?? this.allocateId();
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (opts.signal?.aborted) return Promise.reject(new RpcCancelledError(method));
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => this.outstanding.get(id)?.fail(new RpcCancelledError(method));
      const done = () => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.outstanding.delete(id);
      };
      this.outstanding.set(id, {
        method,
        settle: (reply) => {
          done();
          if ('error' in reply) return reject(new RpcRequestError(method, wireError(reply.error)));
          try {
            resolve(parse(reply.result));
          } catch (err) {
            reject(err);
          }
        },
        fail: (err) => {
          done();
          reject(err);
        },
      });
      const timeoutMs = opts.timeoutMs;
      if (timeoutMs !== undefined) timer = setTimeout(() => this.outstanding.get(id)?.fail(new RpcTimeoutError(method, timeoutMs)), timeoutMs);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.channel.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Resolves once every incoming request received so far has been answered. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.serving]);
  }

  /** Whether an outgoing request with this id still waits for its answer. */
  isOutstanding(id: RpcId): boolean {
    return this.outstanding.has(id);
  }

  close(): void {
    this.channel.close();
  }

  private failAll(err: Error): void {
    if (this.closedWith) return;
    this.closedWith = err;
    for (const o of [...this.outstanding.values()]) o.fail(err);
  }
}
