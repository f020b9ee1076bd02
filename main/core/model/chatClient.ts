// ModelClient for Chat Completions providers (wire_api = "chat"): converts the
// Responses-style history and tools to `messages` / function tools and the
// streamed chunks back into the same ResponseEvents the Responses client yields.

import { STREAM_CLOSED_MESSAGE, buildHeaders, providerUrl, postWithRetries, readSseMessages, type ModelTransportOptions } from './http.js';
import { parseSseJson, snippet } from './sse.js';
import {
  ModelError,
  type ContentItem,
  type ModelClient,
  type Prompt,
  type ResponseEvent,
  type ResponseItem,
  type RetryNotice,
  type TokenUsage,
  type ToolSpec,
} from './types.js';

export type ChatClientOptions = ModelTransportOptions;

type Json = Record<string, unknown>;

/** Separator used to flatten namespaced tools (`ns__tool`) for chat providers. */
export const CHAT_NAMESPACE_SEPARATOR = '__';

/** How each chat function name maps back to the Responses-side tool. */
interface ToolBinding {
  kind: 'function' | 'custom';
  name: string;
  namespace?: string;
}

export interface ChatTools {
  tools: Json[];
  bindings: Map<string, ToolBinding>;
}

/**
 * Converts ToolSpecs to chat function tools. Function tools keep their schema;
 * a custom (freeform) tool becomes a function taking `{input: string}`;
 * namespace groups are flattened to `<namespace>__<name>`. Other tool types
 * (web_search, …) have no chat equivalent and are skipped.
 */
export function toChatTools(specs: readonly ToolSpec[]): ChatTools {
  const tools: Json[] = [];
  const bindings = new Map<string, ToolBinding>();
  const add = (spec: ToolSpec, namespace?: string): void => {
    if (spec.type === 'namespace') {
      for (const t of spec.tools) add(t, namespace ? `${namespace}${CHAT_NAMESPACE_SEPARATOR}${spec.name}` : spec.name);
      return;
    }
    const chatName = namespace ? `${namespace}${CHAT_NAMESPACE_SEPARATOR}${spec.name}` : spec.name;
    if (spec.type === 'function') {
      tools.push({ type: 'function', function: { name: chatName, description: spec.description, parameters: spec.parameters } });
      bindings.set(chatName, namespace ? { kind: 'function', name: spec.name, namespace } : { kind: 'function', name: spec.name });
    } else if (spec.type === 'custom') {
      tools.push({
        type: 'function',
        function: {
          name: chatName,
          description: spec.description,
          parameters: {
            type: 'object',
            properties: { input: { type: 'string', description: `Raw input for the ${spec.name} tool, in its own format.` } },
            required: ['input'],
            additionalProperties: false,
          },
        },
      });
      bindings.set(chatName, namespace ? { kind: 'custom', name: spec.name, namespace } : { kind: 'custom', name: spec.name });
    }
  };
  for (const s of specs) add(s);
  return { tools, bindings };
}

function textOf(content: ContentItem[] | string): string {
  if (typeof content === 'string') return content;
  return content
    .filter((c): c is Extract<ContentItem, { text: string }> => c.type === 'input_text' || c.type === 'output_text')
    .map((c) => c.text)
    .join('');
}

function userContent(content: ContentItem[]): string | Json[] {
  if (!content.some((c) => c.type === 'input_image')) return textOf(content);
  return content.map((c) => (c.type === 'input_image' ? { type: 'image_url', image_url: { url: c.image_url } } : { type: 'text', text: c.text }));
}

/**
 * Converts the prompt to chat `messages`: instructions (when non-empty) as the
 * first system message; developer/system messages as system; function and
 * custom tool calls as assistant `tool_calls` (consecutive calls, and a call
 * following an assistant text, share one assistant message); their outputs as
 * role `tool` with `tool_call_id`; reasoning dropped.
 */
export function toChatMessages(prompt: Prompt): Json[] {
  const messages: Json[] = [];
  if (prompt.instructions !== '') messages.push({ role: 'system', content: prompt.instructions });
  const callName = (name: string, namespace?: string): string => (namespace ? `${namespace}${CHAT_NAMESPACE_SEPARATOR}${name}` : name);
  const pushToolCall = (id: string, name: string, args: string): void => {
    const call = { id, type: 'function', function: { name, arguments: args } };
    const last = messages[messages.length - 1];
    if (last && last.role === 'assistant') {
      const calls = (last.tool_calls as Json[] | undefined) ?? [];
      calls.push(call);
      last.tool_calls = calls;
      return;
    }
    messages.push({ role: 'assistant', content: null, tool_calls: [call] });
  };
  for (const item of prompt.input) {
    switch (item.type) {
      case 'message':
        if (item.role === 'developer' || item.role === 'system') messages.push({ role: 'system', content: textOf(item.content) });
        else if (item.role === 'user') messages.push({ role: 'user', content: userContent(item.content) });
        else messages.push({ role: 'assistant', content: textOf(item.content) });
        break;
      case 'function_call':
        pushToolCall(item.call_id, callName(item.name, item.namespace), item.arguments);
        break;
      case 'custom_tool_call':
        pushToolCall(item.call_id, item.name, JSON.stringify({ input: item.input }));
        break;
      case 'function_call_output':
        messages.push({ role: 'tool', tool_call_id: item.call_id, content: textOf(item.output) });
        break;
      case 'custom_tool_call_output':
        messages.push({ role: 'tool', tool_call_id: item.call_id, content: item.output });
        break;
      case 'reasoning':
        break;
      default:
        break; // item types without a chat equivalent
    }
  }
  return messages;
}

/** The JSON body of `POST /chat/completions` for a prompt. */
export function buildChatBody(model: string, prompt: Prompt): { body: Record<string, unknown>; bindings: Map<string, ToolBinding> } {
  const { tools, bindings } = toChatTools(prompt.tools);
  const body: Record<string, unknown> = {
    model,
    messages: toChatMessages(prompt),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (tools.length > 0) body.tools = tools;
  if (prompt.outputSchema) {
    body.response_format = { type: 'json_schema', json_schema: { name: 'codex_output_schema', strict: true, schema: prompt.outputSchema } };
  }
  return { body, bindings };
}

/** URL, headers and body of the request `stream(prompt)` sends. */
export function buildChatRequest(opts: ChatClientOptions, prompt: Prompt): { url: string; headers: Record<string, string>; body: Record<string, unknown> } {
  return {
    url: providerUrl(opts.provider, '/chat/completions'),
    headers: buildHeaders(opts, prompt),
    body: buildChatBody(prompt.model ?? opts.model, prompt).body,
  };
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Maps a chat `usage` object ({prompt_tokens, completion_tokens, …}) to TokenUsage. */
export function mapChatUsage(u: unknown): TokenUsage | undefined {
  if (!isObject(u)) return undefined;
  const input = num(u.prompt_tokens);
  const output = num(u.completion_tokens);
  const pd = isObject(u.prompt_tokens_details) ? u.prompt_tokens_details : {};
  const cd = isObject(u.completion_tokens_details) ? u.completion_tokens_details : {};
  return {
    input_tokens: input,
    cached_input_tokens: num(pd.cached_tokens),
    output_tokens: output,
    reasoning_output_tokens: num(cd.reasoning_tokens),
    total_tokens: typeof u.total_tokens === 'number' ? u.total_tokens : input + output,
  };
}

interface PendingCall {
  id: string;
  name: string;
  args: string;
}

/**
 * Turns chat completion chunks into ResponseEvents. Feed parsed chunks to
 * `chunk()`; call `done()` at `[DONE]` (or at a clean end of stream after a
 * finish_reason). Items are emitted (reasoning, then the assistant message,
 * then each tool call in index order) when the choice finishes.
 */
export class ChatStreamDecoder {
  private started = false;
  private text = '';
  private messageAdded = false;
  private reasoning = '';
  private readonly calls = new Map<number, PendingCall>();
  private flushed = false;
  private usage: TokenUsage | undefined;
  private responseId = '';
  /** True once a finish_reason has been seen. */
  finished = false;

  constructor(private readonly bindings: Map<string, ToolBinding> = new Map()) {}

  chunk(c: unknown): ResponseEvent[] {
    const out: ResponseEvent[] = [];
    if (!isObject(c)) throw new ModelError(`malformed chat chunk: ${snippet(JSON.stringify(c) ?? String(c))}`, true);
    if (isObject(c.error)) {
      const message = typeof c.error.message === 'string' ? c.error.message : 'chat completion failed';
      throw new ModelError(message, true, undefined, typeof c.error.code === 'string' ? c.error.code : undefined);
    }
    if (!this.started) {
      this.started = true;
      out.push({ type: 'created' });
    }
    if (typeof c.id === 'string' && this.responseId === '') this.responseId = c.id;
    const usage = mapChatUsage(c.usage);
    if (usage) this.usage = usage;
    const choices = Array.isArray(c.choices) ? c.choices : [];
    const choice = choices[0];
    if (!isObject(choice)) return out;
    const delta = isObject(choice.delta) ? choice.delta : {};

    const reasoning = delta.reasoning ?? delta.reasoning_content;
    let rtext: string | undefined;
    if (typeof reasoning === 'string') rtext = reasoning;
    else if (isObject(reasoning))
      rtext = typeof reasoning.text === 'string' ? reasoning.text : typeof reasoning.content === 'string' ? reasoning.content : undefined;
    if (rtext) {
      this.reasoning += rtext;
      out.push({ type: 'reasoning_content_delta', delta: rtext, contentIndex: 0 });
    }

    if (typeof delta.content === 'string' && delta.content !== '') {
      if (!this.messageAdded) {
        this.messageAdded = true;
        out.push({ type: 'output_item_added', item: { type: 'message', role: 'assistant', content: [] } });
      }
      this.text += delta.content;
      out.push({ type: 'output_text_delta', delta: delta.content });
    }

    if (Array.isArray(delta.tool_calls)) {
      for (const [pos, tc] of delta.tool_calls.entries()) {
        if (!isObject(tc)) continue;
        const index = typeof tc.index === 'number' ? tc.index : pos;
        let call = this.calls.get(index);
        if (!call) {
          call = { id: '', name: '', args: '' };
          this.calls.set(index, call);
        }
        if (typeof tc.id === 'string' && tc.id !== '') call.id = tc.id;
        const fn = isObject(tc.function) ? tc.function : {};
        // Some servers repeat the name in every fragment: take it once.
        if (typeof fn.name === 'string' && fn.name !== '' && call.name === '') call.name = fn.name;
        if (typeof fn.arguments === 'string') call.args += fn.arguments;
      }
    }

    if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') {
      this.finished = true;
      out.push(...this.flush());
    }
    return out;
  }

  /** Ends the stream: flushes pending items and yields `completed`. */
  done(): ResponseEvent[] {
    const out = this.flush();
    const completed: ResponseEvent = { type: 'completed', responseId: this.responseId };
    if (this.usage) completed.usage = this.usage;
    out.push(completed);
    return out;
  }

  private flush(): ResponseEvent[] {
    if (this.flushed) return [];
    this.flushed = true;
    const out: ResponseEvent[] = [];
    if (this.reasoning !== '') {
      out.push({
        type: 'output_item_done',
        item: { type: 'reasoning', id: '', summary: [], content: [{ type: 'reasoning_text', text: this.reasoning }], encrypted_content: null },
      });
    }
    if (this.text !== '') {
      out.push({ type: 'output_item_done', item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: this.text }] } });
    }
    const indices = [...this.calls.keys()].sort((a, b) => a - b);
    for (const [n, index] of indices.entries()) {
      const call = this.calls.get(index)!;
      const callId = call.id !== '' ? call.id : `call_${n}`;
      const binding = this.bindings.get(call.name);
      let item: ResponseItem;
      if (binding?.kind === 'custom') {
        let input = call.args;
        try {
          const parsed: unknown = JSON.parse(call.args);
          if (isObject(parsed) && typeof parsed.input === 'string') input = parsed.input;
        } catch {
          // not JSON: pass the raw arguments as the freeform input
        }
        item = { type: 'custom_tool_call', name: binding.name, input, call_id: callId };
      } else if (binding?.namespace) {
        item = { type: 'function_call', name: binding.name, namespace: binding.namespace, arguments: call.args, call_id: callId };
      } else {
        item = { type: 'function_call', name: call.name, arguments: call.args, call_id: callId };
      }
      out.push({ type: 'output_item_done', item });
    }
    return out;
  }
}

/** A ModelClient speaking Chat Completions over HTTPS + SSE (same retry and error behaviour as the Responses client). */
export function createChatClient(opts: ChatClientOptions): ModelClient {
  return {
    streamMaxRetries: opts.provider.streamMaxRetries,
    contextWindow: opts.contextWindow,
    stream: (prompt, sopts) => streamChat(opts, prompt, sopts),
  };
}

async function* streamChat(
  opts: ChatClientOptions,
  prompt: Prompt,
  sopts: { signal: AbortSignal; onRetry?: (n: RetryNotice) => void },
): AsyncGenerator<ResponseEvent, void, undefined> {
  const url = providerUrl(opts.provider, '/chat/completions');
  const headers = buildHeaders(opts, prompt);
  const { body, bindings } = buildChatBody(prompt.model ?? opts.model, prompt);
  const stream = await postWithRetries(opts, url, headers, body, sopts);
  const decoder = new ChatStreamDecoder(bindings);
  for await (const msg of readSseMessages(stream, opts.provider.streamIdleTimeoutMs, sopts.signal)) {
    if (msg.data.trim() === '[DONE]') {
      yield* decoder.done();
      return;
    }
    yield* decoder.chunk(parseSseJson(msg));
  }
  // Some servers end the stream without [DONE]; accept that once the choice finished.
  if (decoder.finished) {
    yield* decoder.done();
    return;
  }
  throw new ModelError(STREAM_CLOSED_MESSAGE, true);
}
