// Model providers: the built-in ones (openai, ollama, lmstudio) plus the
// user's `[model_providers.<id>]` entries, which may add ids but never
// replace a built-in one.
import { ConfigError } from './errors.js';
import type { ConfigReader } from './reader.js';
import { isTable } from './table.js';
import type { ModelProviderInfo, WireApi } from './types.js';

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_OLLAMA_PORT = 11434;
export const DEFAULT_LMSTUDIO_PORT = 1234;
export const DEFAULT_REQUEST_MAX_RETRIES = 4;
export const DEFAULT_STREAM_MAX_RETRIES = 5;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;
/** Codex clamps both retry counts so a typo cannot retry for hours. */
export const MAX_RETRIES_CAP = 100;
export const BUILT_IN_PROVIDER_IDS: readonly string[] = ['openai', 'ollama', 'lmstudio'];
export const WIRE_APIS: readonly WireApi[] = ['responses', 'chat'];

function baseProvider(id: string, name: string, baseUrl: string): ModelProviderInfo {
  return {
    id,
    name,
    baseUrl,
    wireApi: 'responses',
    queryParams: {},
    httpHeaders: {},
    envHttpHeaders: {},
    requestMaxRetries: DEFAULT_REQUEST_MAX_RETRIES,
    streamMaxRetries: DEFAULT_STREAM_MAX_RETRIES,
    streamIdleTimeoutMs: DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    requiresOpenaiAuth: false,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

/** Base URL for the local open-source servers: `CODEX_OSS_BASE_URL`, else localhost on `CODEX_OSS_PORT` or the server's port. */
function ossBaseUrl(env: NodeJS.ProcessEnv, defaultPort: number): string {
  const explicit = nonEmpty(env.CODEX_OSS_BASE_URL);
  if (explicit) return explicit;
  const port = nonEmpty(env.CODEX_OSS_PORT);
  const parsed = port !== undefined && /^\d+$/.test(port) ? Number(port) : defaultPort;
  return `http://localhost:${parsed}/v1`;
}

/** `openaiBaseUrl` is the `openai_base_url` config key, which wins over `OPENAI_BASE_URL`. */
export function builtInProviders(env: NodeJS.ProcessEnv, openaiBaseUrl?: string): Record<string, ModelProviderInfo> {
  const openai = baseProvider('openai', 'OpenAI', nonEmpty(openaiBaseUrl) ?? nonEmpty(env.OPENAI_BASE_URL) ?? DEFAULT_OPENAI_BASE_URL);
  openai.envKey = 'OPENAI_API_KEY';
  openai.requiresOpenaiAuth = true;

  const ollama = baseProvider('ollama', 'Ollama', ossBaseUrl(env, DEFAULT_OLLAMA_PORT));
  // Ollama's OpenAI-compatible endpoint is Chat Completions.
  ollama.wireApi = 'chat';

  const lmstudio = baseProvider('lmstudio', 'LM Studio', ossBaseUrl(env, DEFAULT_LMSTUDIO_PORT));
  return { openai, ollama, lmstudio };
}

function clampRetries(value: number | undefined, fallback: number): number {
  return Math.min(value ?? fallback, MAX_RETRIES_CAP);
}

/** One `[model_providers.<id>]` entry. */
function userProvider(reader: ConfigReader, id: string): ModelProviderInfo {
  const at = (key: string): string[] => ['model_providers', id, key];
  const name = reader.string(at('name'));
  if (name === undefined || name.trim() === '') reader.fail(at('name'), 'a non-empty provider name');
  const provider = baseProvider(id, name, reader.string(at('base_url')) ?? DEFAULT_OPENAI_BASE_URL);
  const envKey = reader.nonEmptyString(at('env_key'));
  if (envKey !== undefined) provider.envKey = envKey;
  const envKeyInstructions = reader.nonEmptyString(at('env_key_instructions'));
  if (envKeyInstructions !== undefined) provider.envKeyInstructions = envKeyInstructions;
  const bearer = reader.nonEmptyString(at('experimental_bearer_token'));
  if (bearer !== undefined) provider.experimentalBearerToken = bearer;
  provider.wireApi = reader.oneOf(at('wire_api'), WIRE_APIS) ?? 'responses';
  provider.queryParams = reader.stringMap(at('query_params')) ?? {};
  provider.httpHeaders = reader.stringMap(at('http_headers')) ?? {};
  provider.envHttpHeaders = reader.stringMap(at('env_http_headers')) ?? {};
  provider.requestMaxRetries = clampRetries(reader.integer(at('request_max_retries'), 0), DEFAULT_REQUEST_MAX_RETRIES);
  provider.streamMaxRetries = clampRetries(reader.integer(at('stream_max_retries'), 0), DEFAULT_STREAM_MAX_RETRIES);
  provider.streamIdleTimeoutMs = reader.integer(at('stream_idle_timeout_ms'), 0) ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS;
  provider.requiresOpenaiAuth = reader.boolean(at('requires_openai_auth')) ?? false;
  return provider;
}

/** Built-ins plus `[model_providers]` from the merged table. */
export function resolveProviders(reader: ConfigReader, env: NodeJS.ProcessEnv): Record<string, ModelProviderInfo> {
  const providers = builtInProviders(env, reader.string(['openai_base_url']));
  const table = reader.tableAt(['model_providers']) ?? {};
  for (const [id, entry] of Object.entries(table)) {
    if (BUILT_IN_PROVIDER_IDS.includes(id)) {
      const { origin, keyPath } = reader.locate(['model_providers', id]);
      throw new ConfigError(
        `${origin}: ${keyPath}: "${id}" is a built-in provider and cannot be redefined; ` + `expected a different id (for example "${id}-custom")`,
        { source: origin, keyPath },
      );
    }
    if (!isTable(entry)) reader.fail(['model_providers', id], 'a table');
    providers[id] = userProvider(reader, id);
  }
  return providers;
}
