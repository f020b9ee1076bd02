// Which credentials a model request carries, and where it goes: an API key
// (unchanged: bearer token, CODEX_API_KEY, the provider's env_key, the key in
// auth.json), or, for OpenAI-auth providers when auth.json holds a ChatGPT
// login, the refreshed ChatGPT tokens sent to the ChatGPT backend, as Codex.
import { readAuthFile, resolveApiKey } from '../config/auth.js';
import { DEFAULT_OPENAI_BASE_URL } from '../config/providers.js';
import type { ModelProviderInfo } from '../config/types.js';
import type { RequestAuth } from '../model/http.js';
import { isChatgptAuth } from './chatgptAuthFile.js';
import { ChatgptCredentials } from './chatgptCredentials.js';
import { CHATGPT_CODEX_BASE_URL } from './oauthConfig.js';

export interface ModelCredentials {
  /** The provider to send to (the ChatGPT backend replaces OpenAI's default base URL). */
  provider: ModelProviderInfo;
  apiKey?: string;
  auth?: RequestAuth;
}

function nonEmpty(v: string | undefined): boolean {
  return v !== undefined && v.trim() !== '';
}

/** A key given outside auth.json wins over any login, as in Codex (CODEX_API_KEY first). */
function explicitKeyGiven(provider: ModelProviderInfo, env: NodeJS.ProcessEnv): boolean {
  return Boolean(provider.experimentalBearerToken) || nonEmpty(env.CODEX_API_KEY);
}

export function resolveModelCredentials(provider: ModelProviderInfo, codexHome: string, env: NodeJS.ProcessEnv): ModelCredentials {
  if (provider.requiresOpenaiAuth && !explicitKeyGiven(provider, env)) {
    const auth = readAuthFile(codexHome);
    if (auth !== undefined && isChatgptAuth(auth)) {
      // Codex: ChatGPT logins talk to chatgpt.com/backend-api/codex unless the base URL was set
      // (openai_base_url, OPENAI_BASE_URL, or a provider's own base_url).
      const useBackend = provider.id === 'openai' && provider.baseUrl === DEFAULT_OPENAI_BASE_URL;
      return { provider: useBackend ? { ...provider, baseUrl: CHATGPT_CODEX_BASE_URL } : provider, auth: new ChatgptCredentials(codexHome, env) };
    }
  }
  const apiKey = resolveApiKey(provider, codexHome, env);
  return apiKey === undefined ? { provider } : { provider, apiKey };
}
