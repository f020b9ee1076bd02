// Types of the OpenAI Responses API wire format as Codex sends and reads it.
// The conversation history is a list of ResponseItem, sent whole on every request.

export type ContentItem = { type: 'input_text'; text: string } | { type: 'output_text'; text: string } | { type: 'input_image'; image_url: string };

export type ReasoningSummaryPart = {
  type: 'summary_text';
  text: string;
};

export type ResponseItem =
  | { type: 'message'; id?: string; role: 'user' | 'assistant' | 'developer' | 'system'; content: ContentItem[] }
  | {
      type: 'reasoning';
      id?: string;
      summary: ReasoningSummaryPart[];
      content?: { type: 'reasoning_text' | 'text'; text: string }[] | null;
      encrypted_content?: string | null;
    }
  | { type: 'function_call'; id?: string; name: string; namespace?: string; arguments: string; call_id: string }
  | { type: 'function_call_output'; id?: string; call_id: string; output: string | ContentItem[] }
  | { type: 'custom_tool_call'; id?: string; name: string; input: string; call_id: string }
  | { type: 'custom_tool_call_output'; id?: string; call_id: string; output: string };

/** A tool offered to the model, exactly as serialised in the request's `tools` array. */
export type ToolSpec =
  | { type: 'function'; name: string; description: string; strict: boolean; parameters: JsonSchema }
  | { type: 'custom'; name: string; description: string; format: { type: 'grammar'; syntax: 'lark'; definition: string } }
  | { type: 'namespace'; name: string; description?: string; tools: ToolSpec[] };

export type JsonSchema = { [key: string]: unknown };

/** A tool the API runs itself (tools/webSearch.ts), sent after the function tools; Chat Completions has none. */
export type HostedToolSpec = { type: 'web_search'; external_web_access: boolean; search_content_types: string[] };

export interface TokenUsage {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
}

export interface Prompt {
  /** Model for this request; the client's model when absent (per-turn override). */
  model?: string;
  /** Top-level `instructions` field (Codex 0.169 sends the base prompt as a developer message instead). */
  instructions: string;
  input: ResponseItem[];
  tools: ToolSpec[];
  /** Hosted tools (web_search), at the end of the request's `tools`. */
  hostedTools?: HostedToolSpec[];
  parallelToolCalls: boolean;
  reasoning?: { effort?: string; summary?: string };
  /** JSON schema for the final answer (`--output-schema`, turn/start's any-JSON `outputSchema`). */
  outputSchema?: unknown;
  /** Thread id: used as prompt_cache_key and for session headers. */
  promptCacheKey: string;
  /** `text.verbosity` (Codex 0.169 sends "low" for gpt-5.5). Omitted when unset. */
  verbosity?: 'low' | 'medium' | 'high';
  /** `service_tier` (e.g. "priority", "flex"). Omitted when unset. */
  serviceTier?: string;
  /** `client_metadata` object of the request body. Omitted when unset. */
  clientMetadata?: Record<string, string>;
  /**
   * Per-request extra HTTP headers (e.g. `x-codex-turn-metadata`, `x-codex-window-id`).
   * Applied after the provider's headers and before the built-in ones.
   */
  extraHeaders?: Record<string, string>;
}

/** Events a model stream yields, already decoded from SSE (or from the chat wire). */
export type ResponseEvent =
  | { type: 'created' }
  | { type: 'output_item_added'; item: ResponseItem }
  | { type: 'output_item_done'; item: ResponseItem }
  | { type: 'output_text_delta'; delta: string }
  | { type: 'reasoning_summary_delta'; delta: string; summaryIndex: number }
  | { type: 'reasoning_summary_part_added'; summaryIndex: number }
  | { type: 'reasoning_content_delta'; delta: string; contentIndex: number }
  | { type: 'completed'; responseId: string; usage?: TokenUsage };

/**
 * A failed model request or stream. `retryable` tells the turn loop whether a
 * fresh request may succeed; `retryAfterMs` carries a server-given delay.
 */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    /** e.g. context_length_exceeded, insufficient_quota */
    readonly code?: string,
    /** HTTP status of the failed request, when the error came from an HTTP response. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export interface RetryNotice {
  attempt: number;
  max: number;
  reason: string;
  delayMs: number;
}

export interface ModelClient {
  /**
   * One sampling request. HTTP-level retries (429, 5xx, connection errors) happen
   * inside, reported through `onRetry`. Once the stream is open, a break, an idle
   * timeout, `response.failed` or a malformed event throws ModelError; the turn
   * loop decides whether to retry the stream.
   */
  stream(prompt: Prompt, opts: { signal: AbortSignal; onRetry?: (n: RetryNotice) => void }): AsyncIterable<ResponseEvent>;
  readonly streamMaxRetries: number;
  readonly contextWindow: number;
}
