// `codex mcp login <name>`: the OAuth authorization-code flow for one
// streamable HTTP server, driven by the MCP SDK's `auth()` (protected-resource
// and authorization-server discovery, dynamic client registration, PKCE, token
// exchange) with a loopback redirect listener, the tokens saved in
// $CODEX_HOME/.credentials.json.
import { auth, discoverOAuthServerInfo } from '@modelcontextprotocol/sdk/client/auth.js';
import type { McpServerConfig } from './config.js';
import { configuredHttpHeaders } from './connectionManager.js';
import { parseCallbackUrl, OAuthProviderError, startCallbackListener, type OAuthCallback } from './oauthCallback.js';
import { McpOAuthProvider } from './oauthProvider.js';
import { fetchWithHeaders } from './oauthSession.js';
import type { StoredMcpOAuth } from './oauthStore.js';

/** How long the user has to approve in the browser (Codex's default). */
export const DEFAULT_LOGIN_TIMEOUT_MS = 300_000;

export interface McpOAuthLoginOptions {
  codexHome: string;
  server: McpServerConfig;
  /** Scopes to request; empty: the server's advertised ones. */
  scopes: string[];
  env: Record<string, string | undefined>;
  /** Shows the URL the user must open (print it, start a browser). */
  onAuthorizationUrl(url: string, redirectUrl: string): void;
  /** Callback URLs the user pastes, for a browser that cannot reach our loopback listener. */
  pastedUrls?: AsyncIterable<string>;
  /** Told about a pasted line that is not this login's callback. */
  onIgnoredPaste?(line: string, expectedPath: string): void;
  timeoutMs?: number;
}

/** Runs the whole login; resolves with what was stored. Errors name the server. */
export async function performMcpOAuthLogin(opts: McpOAuthLoginOptions): Promise<StoredMcpOAuth> {
  const { server } = opts;
  if (server.transport.type !== 'streamable_http') throw new Error('OAuth login is only supported for streamable HTTP servers.');
  const serverUrl = server.transport.url;
  const fail = (err: unknown): never => {
    throw new Error(`OAuth login for MCP server '${server.name}' failed: ${describe(err)}`);
  };
  const listener = await startCallbackListener(serverUrl);
  try {
    let authorizationUrl: URL | undefined;
    const provider = new McpOAuthProvider({
      codexHome: opts.codexHome,
      serverName: server.name,
      serverUrl,
      login: { redirectUrl: listener.redirectUrl, onAuthorizationUrl: (u) => (authorizationUrl = u) },
    });
    const fetchFn = fetchWithHeaders(configuredHttpHeaders(server, opts.env));
    // Discovered here first so a server without OAuth gets a plain answer (auth() would
    // try to register at a guessed endpoint); auth() then reuses it from the provider.
    const discovered = await discoverOAuthServerInfo(serverUrl, { fetchFn }).catch(fail);
    if (!discovered.authorizationServerMetadata) {
      fail(new Error(`it does not advertise OAuth (no authorization server metadata under ${discovered.authorizationServerUrl})`));
    }
    provider.saveDiscoveryState(discovered);
    const scope = opts.scopes.length > 0 ? opts.scopes.join(' ') : undefined;
    const started = await auth(provider, { serverUrl, scope, fetchFn }).catch(fail);
    if (started !== 'REDIRECT' || !authorizationUrl) fail(new Error('the authorization server did not start an authorization'));
    opts.onAuthorizationUrl(authorizationUrl!.href, listener.redirectUrl);

    const callback = await waitForCallback(listener.received, listener.path, opts);
    if (callback.state !== provider.expectedState) fail(new Error('the OAuth callback does not belong to this login (its state does not match)'));
    const finished = await auth(provider, { serverUrl, scope, authorizationCode: callback.code, fetchFn }).catch(fail);
    if (finished !== 'AUTHORIZED' || !provider.current) fail(new Error('the authorization server did not issue tokens'));
    return provider.current!;
  } finally {
    await listener.close();
  }
}

/** The first of: the loopback callback, a valid pasted callback URL, the timeout. */
async function waitForCallback(received: Promise<OAuthCallback>, path: string, opts: McpOAuthLoginOptions): Promise<OAuthCallback> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopPasting = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for OAuth callback after ${timeoutMs / 1000} seconds`)), timeoutMs);
  });
  const pasted = new Promise<OAuthCallback>((resolve, reject) => {
    if (!opts.pastedUrls) return;
    void (async () => {
      for await (const raw of opts.pastedUrls!) {
        if (stopPasting) return;
        const line = raw.trim();
        if (line === '') continue;
        const outcome = parseCallbackUrl(line, path);
        if (outcome instanceof OAuthProviderError) return reject(outcome);
        if (outcome) return resolve(outcome);
        opts.onIgnoredPaste?.(line, path);
      }
    })().catch(() => {
      /* stdin closing or failing leaves the loopback listener */
    });
  });
  try {
    return await Promise.race([received, pasted, timeout]);
  } catch (err) {
    throw new Error(`OAuth login for MCP server '${opts.server.name}' failed: ${describe(err)}`);
  } finally {
    stopPasting = true;
    clearTimeout(timer);
  }
}

/** An error's message, with the cause of Node's bare "fetch failed" (e.g. ECONNREFUSED). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error && err.message === 'fetch failed' ? `${err.message} (${cause.message})` : err.message;
}
