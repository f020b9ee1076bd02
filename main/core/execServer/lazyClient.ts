// Lazily connected, cached exec-server client (Codex's `lazy_remote.rs`).
// Websocket sources reconnect with a brand-new client and session once the
// cached one saw its transport close; stdio sources are one-shot. Concurrent
// get() calls share one in-flight attempt; failed attempts are not cached.
import { ExecServerClient, openStdioTransport, type ClientOptions, type StdioCommand } from './client.js';

export type ExecServerSource =
  | {
      kind: 'websocket';
      /** A fixed URL, or a provider re-invoked on every connect attempt. */
      url: string | (() => string | Promise<string>);
      token?: string;
      connectTimeoutMs?: number;
      initializeTimeoutMs?: number;
    }
  | ({ kind: 'stdio'; initializeTimeoutMs?: number } & StdioCommand);

export class ExecServerCancelledError extends Error {
  constructor() {
    super('exec-server connect cancelled');
    this.name = 'ExecServerCancelledError';
  }
}

export class LazyExecServerClient {
  private cached: ExecServerClient | undefined;
  private inflight: Promise<ExecServerClient> | undefined;
  /** Connect attempts started (successful or not). */
  connectAttempts = 0;

  constructor(
    readonly source: ExecServerSource,
    private readonly opts: ClientOptions = {},
  ) {}

  /** The cached client if any (possibly disconnected). */
  peek(): ExecServerClient | undefined {
    return this.cached;
  }

  /**
   * The connected client. Aborting `signal` only stops this caller waiting: an
   * attempt other callers share keeps going.
   */
  get(signal?: AbortSignal): Promise<ExecServerClient> {
    const c = this.cached;
    if (c && (!c.isDisconnected || this.source.kind === 'stdio')) return Promise.resolve(c);
    if (!this.inflight) {
      const attempt = this.connect();
      this.inflight = attempt;
      attempt.then(
        (client) => {
          this.cached = client;
          if (this.inflight === attempt) this.inflight = undefined;
        },
        () => {
          if (this.inflight === attempt) this.inflight = undefined;
        },
      );
    }
    return withAbort(this.inflight, signal);
  }

  /** Closes the cached client (a later get() connects again for websocket sources). */
  close(): void {
    this.cached?.close();
  }

  private async connect(): Promise<ExecServerClient> {
    this.connectAttempts++;
    const s = this.source;
    const clientOpts: ClientOptions = { ...this.opts, initializeTimeoutMs: s.initializeTimeoutMs ?? this.opts.initializeTimeoutMs };
    if (s.kind === 'stdio') return ExecServerClient.overTransport(openStdioTransport(s), clientOpts);
    const url = typeof s.url === 'string' ? s.url : await s.url();
    return ExecServerClient.connectWebSocket(url, { ...clientOpts, token: s.token, timeoutMs: s.connectTimeoutMs });
  }
}

function withAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new ExecServerCancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ExecServerCancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
