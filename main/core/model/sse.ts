// Server-Sent Events: an incremental parser for the wire format and the
// decoder that turns Responses API events into ResponseEvents.

import { ModelError, type ResponseEvent, type ResponseItem, type TokenUsage } from './types.js';

/** One dispatched SSE message (a block of fields ended by a blank line). */
export interface SseMessage {
  /** Value of the last `event:` field, if any. */
  event?: string;
  /** All `data:` fields joined with "\n". */
  data: string;
  /** Value of the last `id:` field, if any. */
  id?: string;
}

/**
 * Incremental SSE parser. Feed it chunks as they arrive (bytes or text, split
 * anywhere, even inside a multi-byte character or between `\r` and `\n`) and
 * it returns the messages completed by each chunk.
 *
 * Follows the WHATWG rules: lines end with `\r\n`, `\n` or `\r`; a line starting
 * with `:` is a comment; `field: value` drops one leading space of the value;
 * several `data:` lines join with "\n"; a blank line dispatches the message
 * (a block with no data field is dropped).
 */
export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private data: string[] = [];
  private hasData = false;
  private event: string | undefined;
  private id: string | undefined;

  /** Parses one chunk; returns the messages it completes. */
  push(chunk: Uint8Array | string): SseMessage[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.drain(false);
  }

  /**
   * Flushes the end of the stream. Lenient where browsers are strict: a message
   * whose lines all ended with a newline is dispatched even without the closing
   * blank line. A last line cut off without its newline is discarded (it may be
   * half a JSON payload). Returns any message completed by the flush.
   */
  end(): SseMessage[] {
    this.buffer += this.decoder.decode();
    const out = this.drain(true);
    this.buffer = '';
    const last = this.dispatch();
    if (last) out.push(last);
    this.id = undefined;
    return out;
  }

  /** True when part of a message has been read but not yet dispatched. */
  get pending(): boolean {
    return this.buffer.length > 0 || this.hasData || this.event !== undefined;
  }

  private drain(final: boolean): SseMessage[] {
    const out: SseMessage[] = [];
    let start = 0;
    const buf = this.buffer;
    for (let i = 0; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c !== 10 /* \n */ && c !== 13 /* \r */) continue;
      if (c === 13 && i + 1 === buf.length && !final) break; // maybe a \r\n split across chunks
      const line = buf.slice(start, i);
      if (c === 13 && buf.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
      const msg = this.line(line);
      if (msg) out.push(msg);
    }
    this.buffer = buf.slice(start);
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.charCodeAt(0) === 58 /* : */) return undefined; // comment
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      default: // `retry` and unknown fields are ignored
        break;
    }
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    if (!this.hasData) {
      this.resetMessage();
      return undefined;
    }
    const msg: SseMessage = { data: this.data.join('\n') };
    if (this.event !== undefined && this.event !== '') msg.event = this.event;
    if (this.id !== undefined) msg.id = this.id;
    this.resetMessage();
    return msg;
  }

  private resetMessage(): void {
    this.data = [];
    this.hasData = false;
    this.event = undefined;
  }
}

/** Shortens a payload for an error message. */
export function snippet(text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** Parses an SSE data payload as JSON, or throws a retryable ModelError naming the event. */
export function parseSseJson(msg: SseMessage): unknown {
  try {
    return JSON.parse(msg.data);
  } catch {
    const what = msg.event ? `malformed SSE event "${msg.event}"` : 'malformed SSE event';
    throw new ModelError(`${what}: ${snippet(msg.data)}`, true);
  }
}

/** Error codes of `response.failed` that no retry can fix. */
export const FATAL_ERROR_CODES: ReadonlySet<string> = new Set(['context_length_exceeded', 'insufficient_quota', 'usage_not_included']);

/**
 * Reads a "try again in 1.5s" / "try again in 250ms" hint out of a rate-limit
 * message; returns milliseconds or undefined.
 */
export function parseTryAgainHint(message: string): number | undefined {
  const m = /try again in\s*(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?)\b/i.exec(message);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  return Math.round(/^ms|^milli/i.test(m[2]!) ? n : n * 1000);
}

/** Builds the ModelError for a `{code, message}` error object sent by the server. */
export function modelErrorFromCode(code: string | undefined, message: string | undefined, status?: number): ModelError {
  const text = message && message.trim() !== '' ? message : code ? `model error: ${code}` : 'model request failed';
  if (code && FATAL_ERROR_CODES.has(code)) return new ModelError(text, false, undefined, code, status);
  if (code === 'rate_limit_exceeded') return new ModelError(text, true, parseTryAgainHint(text), code, status);
  return new ModelError(text, true, undefined, code, status);
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Maps a Responses API `usage` object to TokenUsage. */
export function mapResponsesUsage(u: unknown): TokenUsage | undefined {
  if (!isObject(u)) return undefined;
  const input = num(u.input_tokens);
  const output = num(u.output_tokens);
  const inDetails = isObject(u.input_tokens_details) ? u.input_tokens_details : {};
  const outDetails = isObject(u.output_tokens_details) ? u.output_tokens_details : {};
  return {
    input_tokens: input,
    cached_input_tokens: num(inDetails.cached_tokens),
    output_tokens: output,
    reasoning_output_tokens: num(outDetails.reasoning_tokens),
    total_tokens: typeof u.total_tokens === 'number' ? u.total_tokens : input + output,
  };
}

function item(v: unknown, event: string): ResponseItem {
  if (!isObject(v) || typeof v.type !== 'string') {
    throw new ModelError(`malformed SSE event "${event}": missing item`, true);
  }
  // Items are passed through as sent; unknown item types (web_search_call, …) keep
  // their shape and are for the consumer to ignore.
  return v as unknown as ResponseItem;
}

/**
 * Decodes one Responses API SSE message. Returns the ResponseEvent, or
 * undefined for event types Codex ignores. Throws ModelError for a malformed
 * payload (retryable), `response.failed` (fatal or retryable by error code)
 * and `response.incomplete` (retryable).
 */
export function decodeResponsesEvent(msg: SseMessage): ResponseEvent | undefined {
  const json = parseSseJson(msg);
  if (!isObject(json)) {
    throw new ModelError(`malformed SSE event${msg.event ? ` "${msg.event}"` : ''}: ${snippet(msg.data)}`, true);
  }
  const type = typeof json.type === 'string' ? json.type : msg.event;
  switch (type) {
    case 'response.created':
      return { type: 'created' };
    case 'response.output_item.added':
      return { type: 'output_item_added', item: item(json.item, type) };
    case 'response.output_item.done':
      return { type: 'output_item_done', item: item(json.item, type) };
    case 'response.output_text.delta':
      return { type: 'output_text_delta', delta: String(json.delta ?? '') };
    case 'response.reasoning_summary_text.delta':
      return { type: 'reasoning_summary_delta', delta: String(json.delta ?? ''), summaryIndex: num(json.summary_index) };
    case 'response.reasoning_summary_part.added':
      return { type: 'reasoning_summary_part_added', summaryIndex: num(json.summary_index) };
    case 'response.reasoning_text.delta':
      return { type: 'reasoning_content_delta', delta: String(json.delta ?? ''), contentIndex: num(json.content_index) };
    case 'response.completed': {
      const response = isObject(json.response) ? json.response : {};
      const usage = mapResponsesUsage(response.usage);
      const ev: ResponseEvent = { type: 'completed', responseId: typeof response.id === 'string' ? response.id : '' };
      if (usage) ev.usage = usage;
      return ev;
    }
    case 'response.failed': {
      const response = isObject(json.response) ? json.response : {};
      const error = isObject(response.error) ? response.error : isObject(json.error) ? json.error : {};
      const code = typeof error.code === 'string' ? error.code : undefined;
      const message = typeof error.message === 'string' ? error.message : undefined;
      throw modelErrorFromCode(code, message);
    }
    case 'response.incomplete': {
      const response = isObject(json.response) ? json.response : {};
      const details = isObject(response.incomplete_details) ? response.incomplete_details : {};
      const reason = typeof details.reason === 'string' ? details.reason : 'unknown';
      throw new ModelError(`incomplete response returned, reason: ${reason}`, true);
    }
    default:
      return undefined;
  }
}
