/**
 * Scripted model server for integration tests and the benchmark.
 *
 * A real HTTP server on 127.0.0.1 (random port) that answers each incoming
 * model request with the next reply from a queue the test scripts. It speaks
 * the real wire formats:
 *
 *   - Responses API   (`POST …/responses`):        `event: <type>\ndata: <json>\n\n`
 *   - Chat Completions (`POST …/chat/completions`): `data: <json>\n\n` … `data: [DONE]\n\n`
 *
 * and records every request (method, path, query, headers, raw and parsed body).
 * Only Node built-ins are used, so the file can be transpiled and run as its own
 * process (see "Standalone" below).
 *
 * Quick start
 * ```ts
 * import { startScriptedServer, responses as R, chat as C, faults as F } from '../../tests/support/scriptedServer.js';
 *
 * const server = await startScriptedServer();
 * server.enqueue(
 *   R.functionCall({ name: 'exec_command', arguments: { cmd: 'ls' }, callId: 'call_1' }),  // 1st request
 *   R.reply(R.reasoning('Looking at files'), R.message('Done.'), { usage: { input: 100, output: 20 } }), // 2nd
 * );
 * // point the client at server.baseUrl (…/v1), run the turn, then:
 * expect(server.requests[1].body.input.at(-1)).toMatchObject({ type: 'function_call_output', call_id: 'call_1' });
 * await server.close();
 * ```
 *
 * Replies (all plain JSON data, so they can also be sent across processes)
 *   - a Responses *part* (`R.message`, `R.functionCall`, `R.customToolCall`, `R.reasoning`):
 *     enqueued alone it is wrapped as created → part → completed;
 *   - `R.reply(...parts, { usage, responseId })`: several output items in one response;
 *   - `C.reply({ text, reasoning, toolCalls, usage, finishReason })` / `C.text(…)`: a Chat Completions stream;
 *   - faults: `F.status` (HTTP error with JSON error body, optional Retry-After), `F.http` (exact body),
 *     `F.cut` (socket destroyed after N frames), `F.noCompleted` (clean close without
 *     response.completed / [DONE]), `F.idle` (headers + N frames, then silence with the
 *     connection open), `F.malformed` (a `data:` line that is not JSON), `F.failed`
 *     (`response.failed` with {code, message}), `F.drop` (socket destroyed before any
 *     response), `F.hang` (no response headers at all);
 *   - a function `(req) => Reply | Part` decides at request time (in-process only).
 * Stream replies take `frameDelayMs` (pause between frames), `delayMs` (before the
 * headers) and `chunkSize` (write the bytes in pieces of that size, splitting lines).
 *
 * A request with an empty queue gets HTTP 500 `scripted server: no reply queued …` and is
 * also listed in `server.unexpected`. Fixed routes that do not consume the queue
 * (e.g. `GET /v1/models`) can be added with `server.route()`.
 *
 * Standalone: `node scriptedServer.mjs [--script replies.json]` (after transpiling, e.g.
 * with esbuild) prints one JSON line `{"url","baseUrl","controlUrl"}` and serves until
 * SIGTERM/SIGINT. Another process scripts it over HTTP with `remoteControl(url)` or raw:
 *   POST /__scripted/enqueue   body: Reply | Reply[]
 *   GET  /__scripted/requests  → RecordedRequest[]
 *   POST /__scripted/reset     clears queue and records
 * Control requests are never recorded and never consume the queue.
 */

import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// ───────────────────────────── types ─────────────────────────────

/** One request as received. Header names are lower-case; repeated headers are joined with ", ". */
export interface RecordedRequest {
  /** 0-based arrival order (control requests excluded). */
  index: number;
  method: string;
  /** Path and query as received, e.g. "/v1/responses?api-version=1". */
  url: string;
  /** Path only, e.g. "/v1/responses". */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed JSON body; undefined when empty or not JSON. */
  body: any;
  /** Which wire the path belongs to. */
  wire: 'responses' | 'chat' | 'other';
  /** Date.now() when the request body had been read. */
  receivedAt: number;
}

/** One SSE frame: an event (`event:` line only when `event` is set) with JSON data, or raw text written verbatim. */
export type Frame = { event?: string; data: unknown } | { raw: string };

/** A streamed (SSE) reply. */
export interface StreamReply {
  kind: 'stream';
  wire: 'responses' | 'chat';
  frames: Frame[];
  /** HTTP status (default 200). */
  status?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /**
   * After the frames: 'close' ends the response normally (default), 'cut' destroys
   * the socket (the client sees a broken stream), 'idle' sends nothing more and
   * keeps the connection open until the client gives up or the server closes.
   */
  end?: 'close' | 'cut' | 'idle';
  /** Pause before each frame after the first, in ms. */
  frameDelayMs?: number;
  /** Pause before sending the response headers, in ms. */
  delayMs?: number;
  /** Write the serialized stream in pieces of this many bytes (splits lines and UTF-8 sequences). */
  chunkSize?: number;
}

/** A plain HTTP reply (errors). */
export interface HttpReply {
  kind: 'http';
  status: number;
  /** A string is sent as is (text/plain unless headers say otherwise); anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** Destroy the connection without answering (a transport error for the client). */
export interface DropReply {
  kind: 'drop';
}

/** Never answer (no headers); the connection stays open until the client aborts or the server closes. */
export interface HangReply {
  kind: 'hang';
}

/** The output items of one Responses API response, without response.created/completed. */
export interface ResponsesPart {
  kind: 'part';
  frames: Frame[];
}

export type Reply = StreamReply | HttpReply | DropReply | HangReply;
/** Anything `enqueue` accepts. */
export type ReplySpec = Reply | ResponsesPart | ((req: RecordedRequest) => Reply | ResponsesPart | Promise<Reply | ResponsesPart>);

export interface ScriptedServer {
  /** e.g. "http://127.0.0.1:40123" */
  url: string;
  /** `${url}/v1`: use as a provider's base_url. */
  baseUrl: string;
  /** Every recorded request, in arrival order (live array). */
  requests: RecordedRequest[];
  /** Requests that found the queue empty (answered with HTTP 500). */
  unexpected: RecordedRequest[];
  /** Appends replies, one per future request. */
  enqueue(...replies: ReplySpec[]): void;
  /** Number of replies still queued. */
  pending(): number;
  /** Resolves once at least `n` requests were recorded (rejects after `timeoutMs`, default 5000). */
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** A fixed answer for `METHOD path` that does not consume the queue (e.g. `route('GET', '/v1/models', F.http(200, {...}))`). */
  route(method: string, path: string, reply: ReplySpec): void;
  /** Clears the queue, the records and the routes. */
  reset(): void;
  /** Stops the server, destroying open (idle, hanging) connections. */
  close(): Promise<void>;
}

export interface ScriptedServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (random free port). */
  port?: number;
}

// ───────────────────────────── ids ─────────────────────────────

let idCounter = 0;
const nextId = (prefix: string): string => `${prefix}_${(++idCounter).toString().padStart(4, '0')}`;

// ───────────────────────────── Responses API builders ─────────────────────────────

/** Usage counts for a reply; unspecified numbers are 0 (total defaults to input + output). */
export interface UsageInput {
  input?: number;
  cached?: number;
  output?: number;
  reasoning?: number;
  total?: number;
}

/** Splits text into word-sized deltas (keeps trailing whitespace with each word). */
function splitWords(text: string): string[] {
  const parts = text.match(/\s*\S+\s*|\s+/g);
  return parts && parts.length > 0 ? parts : [text];
}

function deltasFor(text: string, deltas: string[] | boolean | undefined): string[] {
  if (Array.isArray(deltas)) return deltas;
  if (deltas === false || text === '') return [];
  return splitWords(text);
}

function ev(type: string, fields: Record<string, unknown> = {}): Frame {
  return { event: type, data: { type, ...fields } };
}

function responsesUsage(u: UsageInput = {}): Record<string, number | Record<string, number>> {
  const input = u.input ?? 0;
  const output = u.output ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cached ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: u.reasoning ?? 0 },
    total_tokens: u.total ?? input + output,
  };
}

export interface ReplyOptions {
  /** response.id (default resp_NNNN). */
  responseId?: string;
  /** Usage in response.completed; default {input: 10, output: 5}; null omits usage. */
  usage?: UsageInput | null;
  /** Leave out response.created. */
  noCreated?: boolean;
}

function isPart(x: unknown): x is ResponsesPart {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'part';
}

export const responses = {
  /** An assistant message; streamed as word deltas unless `deltas` is false or an explicit list. */
  message(text: string, opts: { id?: string; deltas?: string[] | boolean; phase?: string } = {}): ResponsesPart {
    const id = opts.id ?? nextId('msg');
    const frames: Frame[] = [
      ev('response.output_item.added', {
        output_index: 0,
        item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      }),
      ev('response.content_part.added', {
        item_id: id,
        output_index: 0,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [] },
      }),
    ];
    for (const delta of deltasFor(text, opts.deltas)) {
      frames.push(ev('response.output_text.delta', { item_id: id, output_index: 0, content_index: 0, delta }));
    }
    frames.push(
      ev('response.output_text.done', { item_id: id, output_index: 0, content_index: 0, text }),
      ev('response.content_part.done', {
        item_id: id,
        output_index: 0,
        content_index: 0,
        part: { type: 'output_text', text, annotations: [] },
      }),
      ev('response.output_item.done', {
        output_index: 0,
        item: {
          id,
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text, annotations: [] }],
          ...(opts.phase ? { phase: opts.phase } : {}),
        },
      }),
    );
    return { kind: 'part', frames };
  },

  /** A function call; `arguments` may be an object (JSON-encoded for you) or the exact string. */
  functionCall(opts: { name: string; arguments: string | Record<string, unknown>; callId?: string; namespace?: string; id?: string }): ResponsesPart {
    const id = opts.id ?? nextId('fc');
    const callId = opts.callId ?? nextId('call');
    const args = typeof opts.arguments === 'string' ? opts.arguments : JSON.stringify(opts.arguments);
    const base: Record<string, unknown> = { id, type: 'function_call', name: opts.name, call_id: callId };
    if (opts.namespace) base.namespace = opts.namespace;
    const frames: Frame[] = [ev('response.output_item.added', { output_index: 0, item: { ...base, status: 'in_progress', arguments: '' } })];
    for (const delta of chunkString(args, 3)) {
      frames.push(ev('response.function_call_arguments.delta', { item_id: id, output_index: 0, delta }));
    }
    frames.push(
      ev('response.function_call_arguments.done', { item_id: id, output_index: 0, arguments: args }),
      ev('response.output_item.done', { output_index: 0, item: { ...base, status: 'completed', arguments: args } }),
    );
    return { kind: 'part', frames };
  },

  /** A freeform (custom) tool call, e.g. apply_patch with the raw patch as `input`. */
  customToolCall(opts: { input: string; name?: string; callId?: string; id?: string }): ResponsesPart {
    const id = opts.id ?? nextId('ctc');
    const callId = opts.callId ?? nextId('call');
    const base = { id, type: 'custom_tool_call', name: opts.name ?? 'apply_patch', call_id: callId };
    const frames: Frame[] = [ev('response.output_item.added', { output_index: 0, item: { ...base, status: 'in_progress', input: '' } })];
    for (const delta of chunkString(opts.input, 3)) {
      frames.push(ev('response.custom_tool_call_input.delta', { item_id: id, output_index: 0, delta }));
    }
    frames.push(
      ev('response.custom_tool_call_input.done', { item_id: id, output_index: 0, input: opts.input }),
      ev('response.output_item.done', { output_index: 0, item: { ...base, status: 'completed', input: opts.input } }),
    );
    return { kind: 'part', frames };
  },

  /**
   * A reasoning item with summary parts (each streamed as part.added + word deltas),
   * optional raw reasoning text (`content`, streamed as response.reasoning_text.delta)
   * and `encrypted_content` (default "enc_<id>").
   */
  reasoning(summary: string | string[], opts: { id?: string; content?: string; encryptedContent?: string | null } = {}): ResponsesPart {
    const id = opts.id ?? nextId('rs');
    const parts = typeof summary === 'string' ? [summary] : summary;
    const frames: Frame[] = [ev('response.output_item.added', { output_index: 0, item: { id, type: 'reasoning', summary: [] } })];
    parts.forEach((text, summary_index) => {
      frames.push(
        ev('response.reasoning_summary_part.added', {
          item_id: id,
          output_index: 0,
          summary_index,
          part: { type: 'summary_text', text: '' },
        }),
      );
      for (const delta of splitWords(text)) {
        frames.push(ev('response.reasoning_summary_text.delta', { item_id: id, output_index: 0, summary_index, delta }));
      }
      frames.push(
        ev('response.reasoning_summary_text.done', { item_id: id, output_index: 0, summary_index, text }),
        ev('response.reasoning_summary_part.done', { item_id: id, output_index: 0, summary_index, part: { type: 'summary_text', text } }),
      );
    });
    if (opts.content !== undefined) {
      for (const delta of splitWords(opts.content)) {
        frames.push(ev('response.reasoning_text.delta', { item_id: id, output_index: 0, content_index: 0, delta }));
      }
    }
    const item: Record<string, unknown> = {
      id,
      type: 'reasoning',
      summary: parts.map((text) => ({ type: 'summary_text', text })),
      encrypted_content: opts.encryptedContent === undefined ? `enc_${id}` : opts.encryptedContent,
    };
    if (opts.content !== undefined) item.content = [{ type: 'reasoning_text', text: opts.content }];
    frames.push(ev('response.output_item.done', { output_index: 0, item }));
    return { kind: 'part', frames };
  },

  /** A hosted web search the API ran: `web_search_call` added (in progress), then done with its action. */
  webSearchCall(action: Record<string, unknown>, opts: { id?: string } = {}): ResponsesPart {
    const id = opts.id ?? nextId('ws');
    return {
      kind: 'part',
      frames: [
        ev('response.output_item.added', { output_index: 0, item: { id, type: 'web_search_call', status: 'in_progress' } }),
        ev('response.output_item.done', { output_index: 0, item: { id, type: 'web_search_call', status: 'completed', action } }),
      ],
    };
  },

  /** Any event: `event: <type>` + `data: {"type": <type>, ...fields}`. */
  event(type: string, fields: Record<string, unknown> = {}): Frame {
    return ev(type, fields);
  },

  /** The wire `usage` object of response.completed. */
  usage: responsesUsage,

  /** response.created + the parts (output_index numbered) + response.completed, with sequence numbers. */
  reply(...args: Array<ResponsesPart | Frame | ReplyOptions>): StreamReply {
    let opts: ReplyOptions = {};
    const items: Array<ResponsesPart | Frame> = [];
    for (const a of args) {
      if (isPart(a) || isFrame(a)) items.push(a);
      else opts = { ...opts, ...a };
    }
    const responseId = opts.responseId ?? nextId('resp');
    const frames: Frame[] = [];
    if (!opts.noCreated) frames.push(ev('response.created', { response: { id: responseId, object: 'response', status: 'in_progress', output: [] } }));
    let outputIndex = 0;
    for (const it of items) {
      if (isPart(it)) {
        for (const f of it.frames) frames.push(withOutputIndex(f, outputIndex));
        outputIndex++;
      } else frames.push({ ...it });
    }
    const response: Record<string, unknown> = { id: responseId, object: 'response', status: 'completed' };
    if (opts.usage !== null) response.usage = responsesUsage(opts.usage ?? { input: 10, output: 5 });
    frames.push(ev('response.completed', { response }));
    let seq = 0;
    for (const f of frames) {
      if ('data' in f && isRecord(f.data) && !('sequence_number' in f.data)) f.data = { ...f.data, sequence_number: seq };
      seq++;
    }
    return { kind: 'stream', wire: 'responses', frames };
  },

  /** Shorthand for reply(message(text)). */
  text(text: string, opts?: ReplyOptions): StreamReply {
    return responses.reply(responses.message(text), opts ?? {});
  },
};

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isFrame(x: unknown): x is Frame {
  return isRecord(x) && !('kind' in x) && ('raw' in x || 'data' in x);
}

/** A copy of the frame (never shared with the part it came from), with output_index set when it has one. */
function withOutputIndex(f: Frame, index: number): Frame {
  if (!('data' in f) || !isRecord(f.data) || !('output_index' in f.data)) return { ...f };
  return { ...f, data: { ...f.data, output_index: index } };
}

function chunkString(s: string, pieces: number): string[] {
  if (s === '') return [];
  const size = Math.max(1, Math.ceil(s.length / pieces));
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

// ───────────────────────────── Chat Completions builders ─────────────────────────────

export interface ChatToolCallInput {
  name: string;
  arguments: string | Record<string, unknown>;
  id?: string;
}

export interface ChatReplyInput {
  /** Assistant text, streamed as word deltas (or explicit `deltas`). */
  text?: string;
  deltas?: string[];
  /** Reasoning text, streamed as `delta.reasoning` (string form unless reasoningAs says otherwise). */
  reasoning?: string;
  reasoningAs?: 'string' | 'text' | 'content';
  /** Tool calls; arguments are streamed in `argumentChunks` fragments (default 3). */
  toolCalls?: ChatToolCallInput[];
  argumentChunks?: number;
  /** Default "tool_calls" when toolCalls are given, else "stop". */
  finishReason?: string;
  /** Final usage chunk; default {prompt: 10, completion: 5}; null omits it. */
  usage?: { prompt?: number; completion?: number; cached?: number; reasoning?: number; total?: number } | null;
  id?: string;
  model?: string;
  /** Leave out the final `data: [DONE]`. */
  noDone?: boolean;
}

export const chat = {
  /** A complete Chat Completions stream: reasoning, text and tool-call deltas, finish_reason, usage, [DONE]. */
  reply(input: ChatReplyInput = {}): StreamReply {
    const id = input.id ?? nextId('chatcmpl');
    const model = input.model ?? 'scripted-model';
    const chunk = (delta: Record<string, unknown>, finish: string | null = null): Frame => ({
      data: { id, object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] },
    });
    const frames: Frame[] = [chunk({ role: 'assistant', content: '' })];
    if (input.reasoning !== undefined) {
      for (const piece of splitWords(input.reasoning)) {
        const as = input.reasoningAs ?? 'string';
        frames.push(chunk({ reasoning: as === 'string' ? piece : { [as]: piece } }));
      }
    }
    if (input.text !== undefined) {
      for (const piece of input.deltas ?? splitWords(input.text)) frames.push(chunk({ content: piece }));
    }
    (input.toolCalls ?? []).forEach((tc, index) => {
      const args = typeof tc.arguments === 'string' ? tc.arguments : JSON.stringify(tc.arguments);
      const pieces = chunkString(args, input.argumentChunks ?? 3);
      frames.push(
        chunk({
          tool_calls: [{ index, id: tc.id ?? nextId('call'), type: 'function', function: { name: tc.name, arguments: pieces[0] ?? '' } }],
        }),
      );
      for (const p of pieces.slice(1)) frames.push(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
    });
    frames.push(chunk({}, input.finishReason ?? (input.toolCalls && input.toolCalls.length > 0 ? 'tool_calls' : 'stop')));
    if (input.usage !== null) {
      const u = input.usage ?? { prompt: 10, completion: 5 };
      const prompt = u.prompt ?? 0;
      const completion = u.completion ?? 0;
      frames.push({
        data: {
          id,
          object: 'chat.completion.chunk',
          created: 0,
          model,
          choices: [],
          usage: {
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: u.total ?? prompt + completion,
            prompt_tokens_details: { cached_tokens: u.cached ?? 0 },
            completion_tokens_details: { reasoning_tokens: u.reasoning ?? 0 },
          },
        },
      });
    }
    if (!input.noDone) frames.push({ raw: 'data: [DONE]\n\n' });
    return { kind: 'stream', wire: 'chat', frames };
  },

  /** Shorthand for reply({ text }). */
  text(text: string, rest: Omit<ChatReplyInput, 'text'> = {}): StreamReply {
    return chat.reply({ ...rest, text });
  },

  /** Shorthand for reply({ toolCalls }). */
  toolCalls(toolCalls: ChatToolCallInput[], rest: Omit<ChatReplyInput, 'toolCalls'> = {}): StreamReply {
    return chat.reply({ ...rest, toolCalls });
  },
};

// ───────────────────────────── faults ─────────────────────────────

/** Normalizes a part to a full Responses reply; copies stream replies so faults never mutate the input. */
export function toReply(spec: Reply | ResponsesPart): Reply {
  if (isPart(spec)) return responses.reply(spec);
  if (spec.kind === 'stream') return { ...spec, frames: [...spec.frames] };
  return spec;
}

function asStream(spec: Reply | ResponsesPart | undefined, what: string): StreamReply {
  const r = spec === undefined ? responses.text('this reply will not finish') : toReply(spec);
  if (r.kind !== 'stream') throw new Error(`faults.${what}: needs a stream reply, got ${r.kind}`);
  return r;
}

function isTerminal(f: Frame): boolean {
  if ('raw' in f) return f.raw.includes('[DONE]');
  return isRecord(f.data) && (f.data.type === 'response.completed' || f.data.type === 'response.failed');
}

export const faults = {
  /**
   * HTTP error with an OpenAI-style JSON body `{"error":{"message","type","code"}}`.
   * `retryAfter`: a number of seconds or any header string (e.g. an HTTP-date).
   * `retryAfterMs`: sent as the `retry-after-ms` header.
   */
  status(
    status: number,
    message = `scripted error ${status}`,
    opts: { code?: string; type?: string; retryAfter?: number | string; retryAfterMs?: number; headers?: Record<string, string> } = {},
  ): HttpReply {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
    if (opts.retryAfter !== undefined) headers['retry-after'] = String(opts.retryAfter);
    if (opts.retryAfterMs !== undefined) headers['retry-after-ms'] = String(opts.retryAfterMs);
    const type = opts.type ?? (status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error');
    return { kind: 'http', status, headers, body: { error: { message, type, code: opts.code ?? null, param: null } } };
  },

  /** HTTP reply with an exact body (string as is, else JSON). */
  http(status: number, body?: unknown, headers: Record<string, string> = {}): HttpReply {
    return body === undefined ? { kind: 'http', status, headers } : { kind: 'http', status, body, headers };
  },

  /** Sends the first `afterFrames` frames of the reply, then destroys the socket. */
  cut(reply: Reply | ResponsesPart, afterFrames: number): StreamReply {
    const r = asStream(reply, 'cut');
    return { ...r, frames: r.frames.slice(0, afterFrames), end: 'cut' };
  },

  /** The reply without response.completed / response.failed / [DONE], closed cleanly. */
  noCompleted(reply?: Reply | ResponsesPart): StreamReply {
    const r = asStream(reply, 'noCompleted');
    return { ...r, frames: r.frames.filter((f) => !isTerminal(f)), end: 'close' };
  },

  /** Headers and the first `afterFrames` frames (default 0), then silence with the connection held open. */
  idle(reply?: Reply | ResponsesPart, afterFrames = 0): StreamReply {
    const r = asStream(reply, 'idle');
    return { ...r, frames: r.frames.slice(0, afterFrames), end: 'idle' };
  },

  /** Inserts a `data:` line that is not JSON at frame position `atFrame` (default 1, after response.created). */
  malformed(reply?: Reply | ResponsesPart, atFrame = 1, text = '{"type":"response.output_text.delta","delta": oops'): StreamReply {
    const r = asStream(reply, 'malformed');
    const frames = [...r.frames];
    const bad: Frame = r.wire === 'responses' ? { raw: `event: response.output_text.delta\ndata: ${text}\n\n` } : { raw: `data: ${text}\n\n` };
    frames.splice(Math.min(atFrame, frames.length), 0, bad);
    return { ...r, frames };
  },

  /** response.created then response.failed with error {code, message}. */
  failed(code: string, message: string, opts: { responseId?: string } = {}): StreamReply {
    const id = opts.responseId ?? nextId('resp');
    return {
      kind: 'stream',
      wire: 'responses',
      frames: [
        ev('response.created', { response: { id, object: 'response', status: 'in_progress' } }),
        ev('response.failed', { response: { id, object: 'response', status: 'failed', error: { code, message } } }),
      ],
    };
  },

  /** Destroys the connection before any response (the client sees a transport error). */
  drop(): DropReply {
    return { kind: 'drop' };
  },

  /** Never sends response headers; the connection stays open. */
  hang(): HangReply {
    return { kind: 'hang' };
  },
};

// ───────────────────────────── server ─────────────────────────────

const CONTROL_PREFIX = '/__scripted/';

function wireOf(path: string): RecordedRequest['wire'] {
  if (path.endsWith('/responses')) return 'responses';
  if (path.endsWith('/chat/completions')) return 'chat';
  return 'other';
}

function serializeFrame(f: Frame): string {
  if ('raw' in f) return f.raw;
  const data = typeof f.data === 'string' ? f.data : JSON.stringify(f.data);
  const lines = data
    .split('\n')
    .map((l) => `data: ${l}`)
    .join('\n');
  return f.event !== undefined ? `event: ${f.event}\n${lines}\n\n` : `${lines}\n\n`;
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function jsonResponse(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts a scripted server on 127.0.0.1:0 (see the file header for the API). */
export async function startScriptedServer(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const queue: ReplySpec[] = [];
  const requests: RecordedRequest[] = [];
  const unexpected: RecordedRequest[] = [];
  const routes = new Map<string, ReplySpec>();
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  let closed = false;

  const notify = (): void => {
    for (const w of [...waiters]) w();
  };

  async function serve(reply: Reply, req: http.IncomingMessage, res: http.ServerResponse, rec: RecordedRequest): Promise<void> {
    if (reply.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (reply.kind === 'hang') return; // socket is destroyed by close() or by the client
    if (reply.delayMs) await wait(reply.delayMs);
    if (res.destroyed) return;
    if (reply.kind === 'http') {
      const headers: Record<string, string> = { ...reply.headers };
      let text = '';
      if (reply.body !== undefined) {
        if (typeof reply.body === 'string') {
          text = reply.body;
          if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'text/plain';
        } else {
          text = JSON.stringify(reply.body);
          if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
        }
      }
      headers['content-length'] = String(Buffer.byteLength(text));
      res.writeHead(reply.status, headers);
      res.end(text);
      return;
    }
    // stream
    if (reply.wire === 'chat' && rec.wire === 'responses') {
      jsonResponse(res, 500, { error: { message: `scripted server: a chat reply was queued but the request went to ${rec.path}` } });
      return;
    }
    if (reply.wire === 'responses' && rec.wire === 'chat') {
      jsonResponse(res, 500, { error: { message: `scripted server: a Responses reply was queued but the request went to ${rec.path}` } });
      return;
    }
    res.writeHead(reply.status ?? 200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...reply.headers,
    });
    res.flushHeaders();
    const write = (s: string | Buffer): Promise<void> =>
      new Promise((resolve) => {
        if (res.destroyed || res.writableEnded) return resolve();
        res.write(s, () => resolve());
      });
    if (reply.chunkSize && reply.chunkSize > 0) {
      const all = Buffer.from(reply.frames.map(serializeFrame).join(''), 'utf8');
      for (let i = 0; i < all.length; i += reply.chunkSize) {
        if (res.destroyed) return;
        if (i > 0 && reply.frameDelayMs) await wait(reply.frameDelayMs);
        await write(all.subarray(i, i + reply.chunkSize));
        await new Promise((r) => setImmediate(r));
      }
    } else {
      for (const [i, f] of reply.frames.entries()) {
        if (res.destroyed) return;
        if (i > 0 && reply.frameDelayMs) await wait(reply.frameDelayMs);
        await write(serializeFrame(f));
      }
    }
    switch (reply.end ?? 'close') {
      case 'close':
        res.end();
        break;
      case 'cut':
        // Give the written bytes a moment to leave, then break the connection.
        await wait(5);
        req.socket.destroy();
        break;
      case 'idle':
        break;
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const parsed = new URL(rawUrl, 'http://scripted.invalid');
    const rawBody = await readBody(req);

    if (parsed.pathname.startsWith(CONTROL_PREFIX)) {
      const op = parsed.pathname.slice(CONTROL_PREFIX.length);
      if (op === 'enqueue' && req.method === 'POST') {
        const body: unknown = JSON.parse(rawBody || '[]');
        const list = (Array.isArray(body) ? body : [body]) as ReplySpec[];
        queue.push(...list);
        return jsonResponse(res, 200, { queued: queue.length });
      }
      if (op === 'requests') return jsonResponse(res, 200, requests);
      if (op === 'reset' && req.method === 'POST') {
        api.reset();
        return jsonResponse(res, 200, { ok: true });
      }
      if (op === 'health') return jsonResponse(res, 200, { ok: true, pending: queue.length });
      return jsonResponse(res, 404, { error: { message: `unknown control operation ${op}` } });
    }

    let body: unknown;
    if (rawBody !== '') {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const rec: RecordedRequest = {
      index: requests.length,
      method: req.method ?? 'GET',
      url: rawUrl,
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      headers,
      rawBody,
      body,
      wire: wireOf(parsed.pathname),
      receivedAt: Date.now(),
    };
    requests.push(rec);
    notify();

    let spec = routes.get(`${rec.method.toUpperCase()} ${rec.path}`);
    if (spec === undefined) spec = queue.shift();
    if (spec === undefined) {
      unexpected.push(rec);
      return jsonResponse(res, 500, {
        error: { message: `scripted server: no reply queued for request #${rec.index} (${rec.method} ${rec.url})`, type: 'scripted_server' },
      });
    }
    const resolved = typeof spec === 'function' ? await spec(rec) : spec;
    await serve(toReply(resolved), req, res, rec);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) jsonResponse(res, 500, { error: { message: `scripted server error: ${String(err)}` } });
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Long enough that a client reusing a kept-alive socket never races its close, even on a stalled machine.
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;

  const api: ScriptedServer = {
    url,
    baseUrl: `${url}/v1`,
    requests,
    unexpected,
    enqueue(...replies) {
      queue.push(...replies);
    },
    pending: () => queue.length,
    waitForRequests(n, timeoutMs = 5000) {
      if (requests.length >= n) return Promise.resolve(requests);
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (requests.length >= n) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(requests);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`scripted server: expected ${n} requests within ${timeoutMs} ms, got ${requests.length}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    route(method, path, reply) {
      routes.set(`${method.toUpperCase()} ${path}`, reply);
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      unexpected.length = 0;
      routes.clear();
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
  };
  return api;
}

// ───────────────────────────── cross-process control ─────────────────────────────

/** Scripts a server running in another process through its control endpoints. */
export function remoteControl(url: string): {
  enqueue(...replies: Array<Reply | ResponsesPart>): Promise<void>;
  requests(): Promise<RecordedRequest[]>;
  reset(): Promise<void>;
} {
  const base = url.replace(/\/+$/, '').replace(/\/v1$/, '');
  const call = async (op: string, method: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${base}${CONTROL_PREFIX}${op}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`scripted server control ${op}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    async enqueue(...replies) {
      await call('enqueue', 'POST', replies);
    },
    requests: async () => (await call('requests', 'GET')) as RecordedRequest[],
    async reset() {
      await call('reset', 'POST');
    },
  };
}

// ───────────────────────────── standalone ─────────────────────────────

async function main(argv: string[]): Promise<void> {
  const server = await startScriptedServer();
  const scriptIdx = argv.indexOf('--script');
  if (scriptIdx >= 0 && argv[scriptIdx + 1]) {
    const loaded: unknown = JSON.parse(readFileSync(argv[scriptIdx + 1]!, 'utf8'));
    server.enqueue(...((Array.isArray(loaded) ? loaded : [loaded]) as ReplySpec[]));
  }
  process.stdout.write(`${JSON.stringify({ url: server.url, baseUrl: server.baseUrl, controlUrl: `${server.url}${CONTROL_PREFIX}` })}\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  void main(process.argv.slice(2));
}
