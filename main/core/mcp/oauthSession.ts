// Stored OAuth logins at work when a thread connects to a streamable HTTP
// server: which servers use them, refreshing an expired access token before
// connecting (as Codex does, 30 s early), and turning an authorization failure
// into the hint to run `codex mcp login`.
import { auth, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from './config.js';
import { loginExpiredMessage, McpLoginRequiredError, McpOAuthProvider, needsRefresh, notLoggedInMessage } from './oauthProvider.js';

/** OAuth applies unless the server is authenticated another way (a bearer env var or an Authorization header), as in Codex. */
export function usesOAuth(config: McpServerConfig): boolean {
  const t = config.transport;
  if (t.type !== 'streamable_http' || t.bearerTokenEnvVar) return false;
  const headerNames = [...Object.keys(t.httpHeaders ?? {}), ...Object.keys(t.envHttpHeaders ?? {})];
  return !headerNames.some((h) => h.toLowerCase() === 'authorization');
}

/**
 * The provider for a server with a stored login, or undefined (no login, or
 * OAuth does not apply). Throws McpCredentialsError for an unreadable store.
 */
export function sessionOAuthProvider(config: McpServerConfig, codexHome: string): McpOAuthProvider | undefined {
  if (!usesOAuth(config) || config.transport.type !== 'streamable_http') return undefined;
  const provider = new McpOAuthProvider({ codexHome, serverName: config.name, serverUrl: config.transport.url });
  return provider.current ? provider : undefined;
}

/** Refreshes (and saves) the access token when it has expired or is about to; the SDK discovers the token endpoint. */
export async function refreshIfExpired(provider: McpOAuthProvider, serverUrl: string, fetchFn?: FetchLike): Promise<void> {
  const stored = provider.current;
  if (!stored || !needsRefresh(stored)) return;
  // Without a refresh token the request goes out as is; the server's 401 then says to log in again.
  if (stored.refreshToken === null) return;
  await auth(provider, { serverUrl, ...(fetchFn ? { fetchFn } : {}) });
}

/**
 * The message for a failure that only logging in can cure, or null for any
 * other failure: a 401 from a server without a stored login gets Codex's
 * "not logged in" text; with a login, that the login expired.
 */
export function loginHint(err: unknown, config: McpServerConfig, provider: McpOAuthProvider | undefined): string | null {
  if (err instanceof McpLoginRequiredError) return err.message;
  const unauthorized = err instanceof UnauthorizedError || (err instanceof StreamableHTTPError && err.code === 401);
  if (!unauthorized || !usesOAuth(config)) return null;
  return provider?.current ? loginExpiredMessage(config.name) : notLoggedInMessage(config.name);
}

/** fetch with these headers added (a server's configured headers also go to its OAuth endpoints, as Codex sends them). */
export function fetchWithHeaders(headers: Record<string, string>): FetchLike {
  return (url, init) => {
    const h = new Headers(init?.headers);
    for (const [k, v] of Object.entries(headers)) if (!h.has(k)) h.set(k, v);
    return fetch(url, { ...init, headers: h });
  };
}
