// Checking an API key against the provider before it is saved: one
// `GET {base_url}/models` with the key. Codex saves keys unchecked ("checked
// when you send a request"); we check first so a typo is caught at sign-in,
// and `--no-verify` (or the app's "save anyway") skips it.
import { DEFAULT_OPENAI_BASE_URL } from '../config/providers.js';
import type { ModelProviderInfo } from '../config/types.js';
import { buildUrl, extractErrorMessage } from '../model/http.js';

export type ApiKeyCheck =
  | { outcome: 'accepted'; url: string }
  | { outcome: 'rejected'; url: string; status: number; message: string }
  /** The provider answered but cannot tell (no /models, a server error): the key is saved with a note. */
  | { outcome: 'unknown'; url: string; status: number; message: string }
  | { outcome: 'unreachable'; url: string; message: string };

/** The provider an auth.json key is for: the configured one when it uses OpenAI auth, else OpenAI's. */
export function providerForStoredKey(configured: ModelProviderInfo, builtInOpenai: ModelProviderInfo | undefined): ModelProviderInfo {
  if (configured.requiresOpenaiAuth) return configured;
  return builtInOpenai ?? { ...configured, id: 'openai', name: 'OpenAI', baseUrl: DEFAULT_OPENAI_BASE_URL, queryParams: {}, httpHeaders: {} };
}

export async function checkApiKey(provider: ModelProviderInfo, apiKey: string, opts: { timeoutMs?: number } = {}): Promise<ApiKeyCheck> {
  const url = buildUrl(provider.baseUrl, '/models', provider.queryParams);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { ...(provider.httpHeaders ?? {}), authorization: `Bearer ${apiKey.trim()}`, accept: 'application/json' },
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    return { outcome: 'unreachable', url, message: cause };
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return { outcome: 'accepted', url };
  const message = extractErrorMessage(text).message || `HTTP ${res.status}`;
  if (res.status === 401 || res.status === 403) return { outcome: 'rejected', url, status: res.status, message };
  return { outcome: 'unknown', url, status: res.status, message };
}

/** One line for the user about a check that did not accept the key. */
export function describeApiKeyCheck(check: ApiKeyCheck, providerName: string): string {
  switch (check.outcome) {
    case 'accepted':
      return `API key accepted by ${providerName}.`;
    case 'rejected':
      return `${providerName} rejected the API key (HTTP ${check.status} from ${check.url}): ${check.message}`;
    case 'unknown':
      return `Could not check the API key: ${check.url} answered HTTP ${check.status}: ${check.message}`;
    case 'unreachable':
      return `Could not reach ${check.url} to check the API key: ${check.message}`;
  }
}
