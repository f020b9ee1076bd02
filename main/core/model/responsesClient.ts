// ModelClient for the OpenAI Responses API (wire_api = "responses"), shaped
// like the requests Codex 0.169 sends.

import type { ModelProviderInfo } from '../config/types.js';
import { STREAM_CLOSED_MESSAGE, buildHeaders, providerUrl, postWithRetries, readSseMessages, type ModelTransportOptions } from './http.js';
import { decodeResponsesEvent } from './sse.js';
import { ModelError, type ModelClient, type Prompt, type ResponseEvent, type RetryNotice } from './types.js';

export { backoffDelayMs } from './http.js';

export type ResponsesClientOptions = ModelTransportOptions;

/** Azure OpenAI endpoints keep `store: true` (their item ids must resolve server-side). */
export function isAzureProvider(provider: Pick<ModelProviderInfo, 'name' | 'id' | 'baseUrl'>): boolean {
  if (provider.name?.toLowerCase() === 'azure' || provider.id?.toLowerCase() === 'azure') return true;
  const base = provider.baseUrl.toLowerCase();
  return ['openai.azure.', 'cognitiveservices.azure.', 'aoai.azure.', 'azure-api.', 'azurefd.', 'windows.net/openai'].some((m) => base.includes(m));
}

/** The JSON body of `POST /responses` for a prompt. */
export function buildResponsesBody(model: string, prompt: Prompt, provider?: Pick<ModelProviderInfo, 'name' | 'id' | 'baseUrl'>): Record<string, unknown> {
  const body: Record<string, unknown> = { model };
  // Codex 0.169 sends the base prompt as a developer message and leaves `instructions` out.
  if (prompt.instructions !== '') body.instructions = prompt.instructions;
  body.stream = true;
  body.input = prompt.input;
  body.tools = [...prompt.tools, ...(prompt.hostedTools ?? [])];
  body.tool_choice = 'auto';
  body.parallel_tool_calls = prompt.parallelToolCalls;
  if (prompt.reasoning) body.reasoning = prompt.reasoning;
  body.store = provider ? isAzureProvider(provider) : false;
  body.include = ['reasoning.encrypted_content'];
  if (prompt.serviceTier) body.service_tier = prompt.serviceTier;
  body.prompt_cache_key = prompt.promptCacheKey;
  const text: Record<string, unknown> = {};
  if (prompt.verbosity) text.verbosity = prompt.verbosity;
  if (prompt.outputSchema) {
    text.format = { type: 'json_schema', strict: true, schema: prompt.outputSchema, name: 'codex_output_schema' };
  }
  if (Object.keys(text).length > 0) body.text = text;
  if (prompt.clientMetadata) body.client_metadata = prompt.clientMetadata;
  return body;
}

/** URL, headers and body of the request `stream(prompt)` sends (for tests and debugging). */
export function buildResponsesRequest(
  opts: ResponsesClientOptions,
  prompt: Prompt,
): { url: string; headers: Record<string, string>; body: Record<string, unknown> } {
  return {
    url: providerUrl(opts.provider, '/responses'),
    headers: buildHeaders(opts, prompt),
    body: buildResponsesBody(prompt.model ?? opts.model, prompt, opts.provider),
  };
}

/**
 * A ModelClient speaking the Responses API over HTTPS + SSE.
 *
 * `stream()` is lazy: the request starts when iteration starts. HTTP-level
 * retries happen before the first event; after that, every failure is thrown
 * as ModelError (retryable or not) for the turn loop, or the signal's reason
 * on abort. Iteration ends right after the `completed` event.
 */
export function createResponsesClient(opts: ResponsesClientOptions): ModelClient {
  return {
    streamMaxRetries: opts.provider.streamMaxRetries,
    contextWindow: opts.contextWindow,
    stream: (prompt, sopts) => streamResponses(opts, prompt, sopts),
  };
}

async function* streamResponses(
  opts: ResponsesClientOptions,
  prompt: Prompt,
  sopts: { signal: AbortSignal; onRetry?: (n: RetryNotice) => void },
): AsyncGenerator<ResponseEvent, void, undefined> {
  const { url, headers, body } = buildResponsesRequest(opts, prompt);
  const stream = await postWithRetries(opts, url, headers, body, sopts);
  for await (const msg of readSseMessages(stream, opts.provider.streamIdleTimeoutMs, sopts.signal)) {
    const ev = decodeResponsesEvent(msg);
    if (!ev) continue;
    yield ev;
    if (ev.type === 'completed') return;
  }
  throw new ModelError(STREAM_CLOSED_MESSAGE, true);
}
