// HTTP transport shared by the Responses and Chat Completions clients: URL and
// header construction, the HTTP-level retry loop (429 / 5xx / connection
// errors), and reading an SSE body with an idle timeout.

import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import type { ModelProviderInfo } from '../config/types.js';
import { SseParser, snippet, type SseMessage, FATAL_ERROR_CODES, parseTryAgainHint } from './sse.js';
import { ModelError, type Prompt, type RetryNotice } from './types.js';

/** Options common to both wire clients. */
export interface ModelTransportOptions {
  provider: ModelProviderInfo;
  /** Sent as `Authorization: Bearer <key>` when given and non-empty. */
  apiKey?: string;
  /**
   * Credentials that change over time (ChatGPT sign-in): asked for headers
   * before every attempt, and once per request to recover from a 401.
   */
  auth?: RequestAuth;
  /** Model slug sent in the body. */
  model: string;
  /**
   * `originator` header and user-agent prefix. Default: the
   * CODEX_INTERNAL_ORIGINATOR_OVERRIDE environment variable, else "codex_exec".
   */
  originator?: string;
  /** Client version for the user-agent, e.g. "0.169.0". */
  version: string;
  /** Context window of the model (reported as ModelClient.contextWindow). */
  contextWindow: number;
  /** fetch to use; default globalThis.fetch. */
  fetchImpl?: typeof fetch;
  /** Base of the HTTP retry backoff (default 200 ms); tests pass 1–10 ms. */
  backoffBaseMs?: number;
  /** Environment for env_http_headers and the originator override; default process.env. */
  env?: Record<string, string | undefined>;
  /**
   * Appended to the user-agent after the terminal token. Default
   * `(<originator>; <version>)` as Codex 0.169 exec sends; "" omits it.
   */
  userAgentSuffix?: string;
}

/** Per-request credentials; `headers()` may refresh tokens first and throws a ModelError when it cannot. */
export interface RequestAuth {
  headers(): Promise<Record<string, string>>;
  /** After a 401: true when new credentials are in place and the request should be sent once more. */
  recoverUnauthorized?(): Promise<boolean>;
}

export const DEFAULT_BACKOFF_BASE_MS = 200;
const DEFAULT_ORIGINATOR = 'codex_exec';

/**
 * Backoff before retry number `attempt` (1-based): base·2^(attempt−1) with
 * ±10 % jitter (≈200/400/800/1600 ms with the default base). Also meant for the
 * turn loop's stream-level retries.
 */
export function backoffDelayMs(attempt: number, baseMs: number = DEFAULT_BACKOFF_BASE_MS, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  const exp = baseMs * 2 ** Math.min(n - 1, 30);
  const jitter = 0.9 + random() * 0.2;
  return Math.round(exp * jitter);
}

/**
 * Server-requested delay from `retry-after-ms` (milliseconds) or `Retry-After`
 * (delta seconds, possibly fractional, or an HTTP-date). Undefined when absent
 * or unparseable; never negative.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const n = Number(ms.trim());
    if (Number.isFinite(n) && n >= 0) return Math.round(n);
  }
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return undefined;
  const value = ra.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** `{base_url}{path}` plus the provider's query_params. */
export function buildUrl(baseUrl: string, path: string, queryParams: Record<string, string> = {}): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(queryParams)) url.searchParams.set(k, v);
  return url.toString();
}

/** The config key a user edits to fix the provider's address. */
export function baseUrlKey(provider: Pick<ModelProviderInfo, 'id'>): string {
  return `model_providers.${provider.id}.base_url`;
}

/** buildUrl for a provider: a base_url that is no URL is a clear, permanent error naming its key. */
export function providerUrl(provider: Pick<ModelProviderInfo, 'id' | 'baseUrl' | 'queryParams'>, path: string): string {
  try {
    return buildUrl(provider.baseUrl, path, provider.queryParams);
  } catch {
    throw new ModelError(`${baseUrlKey(provider)} = ${JSON.stringify(provider.baseUrl)} is not a valid URL (expected e.g. "https://api.openai.com/v1")`, false);
  }
}

function cleanHeaderValue(v: string): string {
  // Header values must be visible ASCII; replace anything else.
  return v.replace(/[^\x20-\x7e]/g, '_').trim();
}

let cachedOs: string | undefined;

/** Operating system as Codex puts it in the user-agent, e.g. "Debian 12.0.0", "Mac OS 14.5.0". */
export function osDescription(): string {
  if (cachedOs !== undefined) return cachedOs;
  const semver = (v: string): string => {
    const parts = v.split('.').filter((p) => p !== '');
    while (parts.length < 3) parts.push('0');
    return parts.slice(0, 3).join('.');
  };
  let desc: string;
  switch (process.platform) {
    case 'linux': {
      desc = `Linux ${semver(os.release().split('-')[0] ?? '')}`;
      try {
        const text = readFileSync('/etc/os-release', 'utf8');
        const field = (k: string): string | undefined => {
          const m = new RegExp(`^${k}=(.*)$`, 'm').exec(text);
          return m ? m[1]!.trim().replace(/^["']|["']$/g, '') : undefined;
        };
        const name = field('NAME')?.replace(/\s*GNU\/Linux$/i, '');
        const ver = field('VERSION_ID');
        if (name) desc = ver ? `${name} ${semver(ver)}` : name;
      } catch {
        // keep the kernel-based description
      }
      break;
    }
    case 'darwin': {
      const [maj = '0', min = '0'] = os.release().split('.');
      const major = Number(maj) >= 20 ? Number(maj) - 9 : 10;
      const minor = Number(maj) >= 20 ? min : String(Number(maj) - 4);
      desc = `Mac OS ${semver(`${major}.${minor}`)}`;
      break;
    }
    case 'win32':
      desc = `Windows ${os.release()}`;
      break;
    default:
      desc = `${os.type()} ${os.release()}`;
  }
  cachedOs = cleanHeaderValue(desc);
  return cachedOs;
}

function archName(): string {
  switch (process.arch) {
    case 'x64':
      return 'x86_64';
    case 'ia32':
      return 'i686';
    case 'arm64':
      return process.platform === 'darwin' ? 'arm64' : 'aarch64';
    default:
      return process.arch;
  }
}

function terminalToken(env: Record<string, string | undefined>): string {
  const program = env.TERM_PROGRAM?.trim();
  if (program) {
    const version = env.TERM_PROGRAM_VERSION?.trim();
    return version ? `${program}/${version}` : program;
  }
  const term = env.TERM?.trim();
  return term ? term : 'unknown';
}

/** `<originator>/<version> (<os>; <arch>) <terminal>[ <suffix>]`, as Codex 0.169 sends. */
export function userAgent(originator: string, version: string, env: Record<string, string | undefined> = process.env, suffix?: string): string {
  const tail = suffix ?? `(${originator}; ${version})`;
  const ua = `${originator}/${version} (${osDescription()}; ${archName()}) ${terminalToken(env)}${tail ? ` ${tail}` : ''}`;
  return cleanHeaderValue(ua);
}

export function resolveOriginator(opts: Pick<ModelTransportOptions, 'originator' | 'env'>): string {
  const env = opts.env ?? process.env;
  const o = opts.originator ?? env.CODEX_INTERNAL_ORIGINATOR_OVERRIDE;
  return o && o.trim() !== '' ? o.trim() : DEFAULT_ORIGINATOR;
}

/**
 * Request headers in Codex's order: provider http_headers, env_http_headers
 * (only variables set and non-empty), the prompt's extra headers, then the
 * session headers, accept, content-type, authorization, originator, user-agent.
 */
export function buildHeaders(opts: ModelTransportOptions, prompt: Pick<Prompt, 'promptCacheKey' | 'extraHeaders'>): Record<string, string> {
  const env = opts.env ?? process.env;
  const h: Record<string, string> = {};
  const set = (k: string, v: string): void => {
    // Later writers win, case-insensitively.
    for (const existing of Object.keys(h)) if (existing.toLowerCase() === k.toLowerCase()) delete h[existing];
    h[k] = v;
  };
  for (const [k, v] of Object.entries(opts.provider.httpHeaders ?? {})) set(k, v);
  for (const [k, varName] of Object.entries(opts.provider.envHttpHeaders ?? {})) {
    const v = env[varName];
    if (v !== undefined && v.trim() !== '') set(k, v);
  }
  for (const [k, v] of Object.entries(prompt.extraHeaders ?? {})) set(k, v);
  if (prompt.promptCacheKey) {
    set('x-client-request-id', prompt.promptCacheKey);
    set('session-id', prompt.promptCacheKey);
    set('thread-id', prompt.promptCacheKey);
  }
  set('accept', 'text/event-stream');
  set('content-type', 'application/json');
  if (opts.apiKey && opts.apiKey !== '') set('authorization', `Bearer ${opts.apiKey}`);
  const originator = resolveOriginator(opts);
  set('originator', originator);
  set('user-agent', userAgent(originator, opts.version, env, opts.userAgentSuffix));
  return h;
}

/** The abort reason of a signal as something throwable. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** Sleeps `ms`, rejecting with the signal's reason if it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(t);
      reject(abortReason(signal!));
    };
    const t = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The server's own message out of an error body: `{"error":{"message"}}`, `{"message"}`, `{"error":"…"}`, else the text. */
export function extractErrorMessage(body: string): { message: string; code?: string } {
  const text = body.trim();
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null) {
      const o = json as Record<string, unknown>;
      const err = o.error;
      if (typeof err === 'object' && err !== null) {
        const e = err as Record<string, unknown>;
        const code = typeof e.code === 'string' ? e.code : typeof e.type === 'string' ? e.type : undefined;
        if (typeof e.message === 'string' && e.message.trim() !== '') return code ? { message: e.message, code } : { message: e.message };
      }
      if (typeof err === 'string' && err.trim() !== '') return { message: err };
      if (typeof o.message === 'string' && o.message.trim() !== '') return { message: o.message };
      if (typeof o.detail === 'string' && o.detail.trim() !== '') return { message: o.detail };
    }
  } catch {
    // not JSON: use the text
  }
  return { message: text.length > 4000 ? `${text.slice(0, 4000)}…` : text };
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code;
      return typeof code === 'string' && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message;
    }
    return err.message;
  }
  return String(err);
}

/**
 * Why a fetch failure can never succeed on retry (the address itself is
 * unusable), or undefined for a failure worth retrying (refused, reset, DNS…).
 */
function permanentFetchProblem(err: unknown): string | undefined {
  const cause = err instanceof Error ? (err as { cause?: unknown }).cause : undefined;
  const message = cause instanceof Error ? cause.message : err instanceof Error ? err.message : '';
  const code = cause instanceof Error ? (cause as { code?: unknown }).code : undefined;
  if (message === 'bad port') return 'fetch refuses to connect to that port (a "bad port" such as 6000 or 6667); use another port';
  if (message === 'unknown scheme') return 'the scheme is not supported; use http:// or https://';
  if (code === 'ERR_INVALID_URL' || message === 'Invalid URL') return 'it is not a valid URL';
  return undefined;
}

const IDLE_MESSAGE = 'idle timeout waiting for SSE';
const CLOSED_MESSAGE = 'stream closed before response.completed';

class IdleTimeout extends Error {}

/** Links a child AbortController to a parent signal; returns the controller and an unlink function. */
function linkedController(parent: AbortSignal): { controller: AbortController; unlink: () => void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return { controller, unlink: () => parent.removeEventListener('abort', onAbort) };
}

/** Races a promise against the idle timer and the caller's signal. */
function withIdle<T>(p: Promise<T>, idleMs: number, signal: AbortSignal, onIdle: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (): void => {
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (done) return;
      finish();
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      // After a stall of the whole process, timers run before pending socket reads
      // are polled: give I/O one more turn so bytes that did arrive count.
      setImmediate(() => {
        if (done) return;
        finish();
        onIdle();
        reject(new ModelError(IDLE_MESSAGE, true));
      });
    }, idleMs);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        if (done) return;
        finish();
        resolve(v);
      },
      (e: unknown) => {
        if (done) return;
        finish();
        reject(e);
      },
    );
  });
}

/** An open streaming response. `close()` aborts the underlying request (idempotent). */
export interface OpenStream {
  response: Response;
  body: ReadableStream<Uint8Array>;
  close(): void;
}

export interface SendOptions {
  signal: AbortSignal;
  onRetry?: (n: RetryNotice) => void;
}

/**
 * POSTs `body` as JSON with HTTP-level retries: up to provider.requestMaxRetries
 * retries on 429 (Retry-After / retry-after-ms / "try again in" honoured, else
 * backoff), 5xx (backoff, or Retry-After when sent) and connection errors
 * (backoff). Other statuses throw a non-retryable ModelError carrying the
 * server's message and the status. Waiting longer than the idle timeout for
 * response headers throws ModelError("idle timeout waiting for SSE").
 */
export async function postWithRetries(
  opts: ModelTransportOptions,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  send: SendOptions,
): Promise<OpenStream> {
  const maxRetries = Math.max(0, Math.min(100, Math.floor(opts.provider.requestMaxRetries ?? 4)));
  const baseMs = opts.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const payload = JSON.stringify(body);
  let recoveredUnauthorized = false;
  for (let attempt = 0; ; attempt++) {
    // Credentials that cannot be had (a refused refresh) fail here, before anything is sent.
    const sent = opts.auth ? { ...headers, ...(await opts.auth.headers()) } : headers;
    let outcome: AttemptOutcome;
    try {
      outcome = await attemptOnce(opts, url, sent, payload, send.signal);
    } catch (err) {
      // A 401 with refreshable credentials: renew them once and send again (not counted as a retry).
      if (err instanceof ModelError && err.status === 401 && opts.auth?.recoverUnauthorized && !recoveredUnauthorized) {
        recoveredUnauthorized = true;
        if (await opts.auth.recoverUnauthorized()) {
          attempt--;
          continue;
        }
      }
      throw err;
    }
    if ('stream' in outcome) return outcome.stream;
    if (attempt >= maxRetries) {
      // A connection that failed every attempt is not retried again by the turn
      // loop: that would nest the counters (stream × request retries) for nothing.
      if (outcome.connection) {
        const attempts = attempt === 0 ? '' : ` after ${attempt + 1} attempts`;
        throw new ModelError(`${outcome.failure.message}${attempts}; check ${baseUrlKey(opts.provider)}`, false);
      }
      throw outcome.failure;
    }
    const retry = attempt + 1;
    const wait = outcome.delayMs ?? backoffDelayMs(retry, baseMs);
    send.onRetry?.({ attempt: retry, max: maxRetries, reason: outcome.reason, delayMs: wait });
    await sleep(wait, send.signal);
  }
}

type AttemptOutcome = { stream: OpenStream } | { failure: ModelError; reason: string; delayMs?: number; connection?: boolean };

/** One POST. Returns the open stream or a retryable failure; throws what must not be retried. */
async function attemptOnce(
  opts: ModelTransportOptions,
  url: string,
  headers: Record<string, string>,
  payload: string,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  if (signal.aborted) throw abortReason(signal);
  const fetchImpl = opts.fetchImpl ?? globalThis.fetch;
  const idleMs = Math.max(1, opts.provider.streamIdleTimeoutMs ?? 300_000);
  const { controller, unlink } = linkedController(signal);
  const onIdle = (): void => controller.abort(new IdleTimeout(IDLE_MESSAGE));
  let keepOpen = false;
  try {
    let res: Response;
    try {
      res = await withIdle(fetchImpl(url, { method: 'POST', headers, body: payload, signal: controller.signal }), idleMs, signal, onIdle);
    } catch (err) {
      if (signal.aborted) throw abortReason(signal);
      if (err instanceof ModelError) throw err; // idle timeout waiting for response headers
      const key = baseUrlKey(opts.provider);
      const permanent = permanentFetchProblem(err);
      if (permanent) throw new ModelError(`cannot send a request to ${url}: ${permanent} (${key})`, false);
      const detail = `${describeFetchError(err)}, url: ${url}`;
      return { failure: new ModelError(`connection error: ${detail}`, true), reason: `connection error: ${detail}`, connection: true };
    }

    if (res.ok && res.body) {
      keepOpen = true;
      const body = res.body;
      return {
        stream: {
          response: res,
          body,
          close: () => {
            unlink();
            controller.abort(new Error('stream closed by client'));
          },
        },
      };
    }

    let text = '';
    try {
      text = await withIdle(res.text(), idleMs, signal, onIdle);
    } catch (e) {
      if (signal.aborted) throw abortReason(signal);
      if (e instanceof ModelError) throw e;
      // body unreadable: fall back to the status line
    }
    const { message: serverMessage, code } = extractErrorMessage(text);
    const statusLine = `unexpected status ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
    // As Codex 0.169 words it: the status, the server's own message, the URL asked.
    const message = `${statusLine}${serverMessage !== '' ? `: ${serverMessage}` : ''}, url: ${url}`;
    const reason = `HTTP ${res.status}: ${snippet(serverMessage !== '' ? serverMessage : statusLine, 300)}`;
    const retryAfter = parseRetryAfter(res.headers);

    if (res.status === 429) {
      if (code && FATAL_ERROR_CODES.has(code)) throw new ModelError(message, false, undefined, code, 429);
      const delayMs = retryAfter ?? parseTryAgainHint(message);
      return { failure: new ModelError(message, true, delayMs, code, 429), reason, ...(delayMs !== undefined ? { delayMs } : {}) };
    }
    if (res.status >= 500) {
      return { failure: new ModelError(message, true, retryAfter, code, res.status), reason, ...(retryAfter !== undefined ? { delayMs: retryAfter } : {}) };
    }
    // Other 4xx (or a 2xx without a body): not retried.
    throw new ModelError(res.ok ? `${statusLine}: empty response body, url: ${url}` : message, false, undefined, code, res.status);
  } finally {
    if (!keepOpen) {
      unlink();
      controller.abort();
    }
  }
}

/**
 * Reads SSE messages from an open stream. Throws ModelError("idle timeout
 * waiting for SSE") when no byte arrives for provider.streamIdleTimeoutMs,
 * ModelError("stream closed before response.completed (…)") when the
 * connection breaks, and the signal's reason when aborted. A clean end of the
 * body simply ends the iteration (the caller decides whether that was early).
 * The request is aborted when the iteration ends for any reason.
 */
export async function* readSseMessages(stream: OpenStream, idleTimeoutMs: number, signal: AbortSignal): AsyncGenerator<SseMessage, void, undefined> {
  const reader = stream.body.getReader();
  const parser = new SseParser();
  const idleMs = Math.max(1, idleTimeoutMs);
  try {
    for (;;) {
      let r: Awaited<ReturnType<typeof reader.read>>;
      try {
        r = await withIdle(reader.read(), idleMs, signal, () => stream.close());
      } catch (err) {
        if (signal.aborted) throw abortReason(signal);
        if (err instanceof ModelError) throw err;
        throw new ModelError(`${CLOSED_MESSAGE} (${describeFetchError(err)})`, true);
      }
      if (r.done) {
        yield* parser.end();
        return;
      }
      yield* parser.push(r.value);
    }
  } finally {
    stream.close();
    reader.cancel().catch(() => {});
  }
}

export const STREAM_CLOSED_MESSAGE = CLOSED_MESSAGE;
export const IDLE_TIMEOUT_MESSAGE = IDLE_MESSAGE;
