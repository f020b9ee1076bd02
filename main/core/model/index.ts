// Model clients: pick the wire protocol from the provider and re-export the API.

import type { ModelProviderInfo } from '../config/types.js';
import { createChatClient } from './chatClient.js';
import type { ModelTransportOptions } from './http.js';
import { createResponsesClient } from './responsesClient.js';
import type { ModelClient } from './types.js';

export type ModelClientOptions = Omit<ModelTransportOptions, 'provider'>;

/** A ModelClient for `provider`: Chat Completions when wire_api = "chat", else the Responses API. */
export function createModelClient(provider: ModelProviderInfo, opts: ModelClientOptions): ModelClient {
  const full: ModelTransportOptions = { ...opts, provider };
  return provider.wireApi === 'chat' ? createChatClient(full) : createResponsesClient(full);
}

export * from './types.js';
export {
  SseParser,
  decodeResponsesEvent,
  mapResponsesUsage,
  modelErrorFromCode,
  parseTryAgainHint,
  FATAL_ERROR_CODES,
  type SseMessage,
} from './sse.js';
export {
  backoffDelayMs,
  parseRetryAfter,
  buildHeaders,
  buildUrl,
  userAgent,
  DEFAULT_BACKOFF_BASE_MS,
  IDLE_TIMEOUT_MESSAGE,
  STREAM_CLOSED_MESSAGE,
  type ModelTransportOptions,
} from './http.js';
export { createResponsesClient, buildResponsesBody, buildResponsesRequest, isAzureProvider, type ResponsesClientOptions } from './responsesClient.js';
export {
  createChatClient,
  buildChatBody,
  buildChatRequest,
  toChatMessages,
  toChatTools,
  ChatStreamDecoder,
  mapChatUsage,
  type ChatClientOptions,
} from './chatClient.js';
