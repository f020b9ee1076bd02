// Model clients: pick the wire protocol from the provider and re-export the API.

import type { ModelProviderInfo } from '../config/types.js';
import { missingCredentialsMessage } from '../config/auth.js';
import { createChatClient } from './chatClient.js';
import type { ModelTransportOptions } from './http.js';
import { createResponsesClient } from './responsesClient.js';
import { ModelError, type ModelClient } from './types.js';

export type ModelClientOptions = Omit<ModelTransportOptions, 'provider'>;

/**
 * A ModelClient for `provider`: Chat Completions when wire_api = "chat", else
 * the Responses API. Without the key the provider needs, every request fails
 * at once, before anything is sent, with a message naming what is missing.
 */
export function createModelClient(provider: ModelProviderInfo, opts: ModelClientOptions): ModelClient {
  const full: ModelTransportOptions = { ...opts, provider };
  const client = provider.wireApi === 'chat' ? createChatClient(full) : createResponsesClient(full);
  const missing = opts.auth ? undefined : missingCredentialsMessage(provider, opts.apiKey);
  if (missing === undefined) return client;
  return {
    streamMaxRetries: client.streamMaxRetries,
    contextWindow: client.contextWindow,
    // eslint-disable-next-line require-yield
    stream: async function* () {
      throw new ModelError(missing, false);
    },
  };
}

export * from './types.js';
export { SseParser, decodeResponsesEvent, mapResponsesUsage, modelErrorFromCode, parseTryAgainHint, FATAL_ERROR_CODES, type SseMessage } from './sse.js';
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
  type RequestAuth,
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
