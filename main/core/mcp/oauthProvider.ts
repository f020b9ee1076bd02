// The MCP SDK's OAuthClientProvider over our credential store, for one
// server. The SDK does the protocol (discovery, registration, PKCE, token
// exchange, refresh); this class only answers where things are kept:
//  - login mode (`codex mcp login`): a fresh registration and PKCE verifier in
//    memory, the authorization URL handed to the caller, tokens saved on success;
//  - session mode (a thread connecting): the stored tokens, refreshed ones saved
//    back, and anything that would need the user again fails with a hint to
//    run `codex mcp login` instead of registering or opening a browser.
import { randomBytes } from 'node:crypto';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { loadMcpOAuth, saveMcpOAuth, type StoredMcpOAuth } from './oauthStore.js';

/** A server that needs the user to log in (again); its message says how. */
export class McpLoginRequiredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'McpLoginRequiredError';
  }
}

/** Codex's text for a server that answers 401 and has no stored login. */
export function notLoggedInMessage(server: string): string {
  return `The ${server} MCP server is not logged in. Run \`codex mcp login ${server}\`.`;
}

export function loginExpiredMessage(server: string): string {
  return `The OAuth login of the ${server} MCP server has expired or was revoked. Run \`codex mcp login ${server}\`.`;
}

/** Refresh this long before the stored expiry, as Codex does, so a token does not lapse mid-request. */
export const REFRESH_SKEW_MS = 30_000;

export function needsRefresh(stored: StoredMcpOAuth, now = Date.now()): boolean {
  return stored.expiresAt !== null && now + REFRESH_SKEW_MS >= stored.expiresAt;
}

export interface McpOAuthProviderOptions {
  codexHome: string;
  serverName: string;
  serverUrl: string;
  /** Present for `codex mcp login`; absent in a session. */
  login?: {
    redirectUrl: string;
    /** Called with the URL the user must open. */
    onAuthorizationUrl(url: URL): void;
  };
}

// A session never redirects anywhere, but the SDK treats a provider without a
// redirect URL as a non-interactive (client_credentials) client.
const SESSION_REDIRECT_PLACEHOLDER = 'http://127.0.0.1/callback';

export class McpOAuthProvider implements OAuthClientProvider {
  private stored: StoredMcpOAuth | null;
  private pendingClient: OAuthClientInformationMixed | undefined;
  private verifier: string | undefined;
  private discovery: OAuthDiscoveryState | undefined;
  /** The `state` sent with the authorization request, to check the callback against. */
  readonly expectedState = randomBytes(16).toString('base64url');

  constructor(private readonly opts: McpOAuthProviderOptions) {
    // A login starts from nothing; a session from what was stored.
    this.stored = opts.login ? null : loadMcpOAuth(opts.codexHome, opts.serverName, opts.serverUrl);
  }

  /** What this provider holds now (after a login or refresh, the saved entry). */
  get current(): StoredMcpOAuth | null {
    return this.stored;
  }

  get redirectUrl(): string {
    return this.opts.login?.redirectUrl ?? SESSION_REDIRECT_PLACEHOLDER;
  }

  /** Codex registers as a public client named "Codex" with these grants. */
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Codex',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    return this.expectedState;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    if (this.pendingClient) return this.pendingClient;
    if (!this.stored) return undefined;
    return {
      client_id: this.stored.clientId,
      ...(this.stored.clientSecret !== undefined ? { client_secret: this.stored.clientSecret } : {}),
      ...this.issuerStamp(),
    } as OAuthClientInformationMixed;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    // In a session the SDK only gets here to register anew: that is a new login.
    if (!this.opts.login && this.stored?.clientId !== info.client_id) throw new McpLoginRequiredError(loginExpiredMessage(this.opts.serverName));
    // Kept in memory until tokens arrive; Codex stores the client with the tokens.
    this.pendingClient = info;
  }

  tokens(): OAuthTokens | undefined {
    const s = this.stored;
    if (!s) return undefined;
    return {
      access_token: s.accessToken,
      token_type: 'Bearer',
      ...(s.refreshToken !== null ? { refresh_token: s.refreshToken } : {}),
      ...(s.scopes.length > 0 ? { scope: s.scopes.join(' ') } : {}),
      ...(s.expiresAt !== null ? { expires_in: Math.max(0, Math.floor((s.expiresAt - Date.now()) / 1000)) } : {}),
      ...this.issuerStamp(),
    };
  }

  saveTokens(tokens: OAuthTokens): void {
    const client = this.clientInformation();
    if (!client) throw new Error(`OAuth tokens for MCP server '${this.opts.serverName}' arrived without a registered client`);
    const previous = this.stored;
    const entry: StoredMcpOAuth = {
      serverName: this.opts.serverName,
      serverUrl: this.opts.serverUrl,
      issuer: tokens.issuer ?? previous?.issuer ?? null,
      clientId: client.client_id,
      ...('client_secret' in client && typeof client.client_secret === 'string' ? { clientSecret: client.client_secret } : {}),
      accessToken: tokens.access_token,
      expiresAt: tokens.expires_in !== undefined ? Date.now() + tokens.expires_in * 1000 : null,
      // A refresh response may omit the refresh token: the old one stays valid then.
      refreshToken: tokens.refresh_token ?? previous?.refreshToken ?? null,
      scopes: tokens.scope !== undefined ? tokens.scope.split(' ').filter(Boolean) : (previous?.scopes ?? []),
    };
    saveMcpOAuth(this.opts.codexHome, entry);
    this.stored = entry;
  }

  redirectToAuthorization(url: URL): void {
    if (!this.opts.login) throw new McpLoginRequiredError(this.stored ? loginExpiredMessage(this.opts.serverName) : notLoggedInMessage(this.opts.serverName));
    this.opts.login.onAuthorizationUrl(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (this.verifier === undefined) throw new Error('no PKCE code verifier: the authorization was not started by this login');
    return this.verifier;
  }

  /**
   * The SDK calls this when the server rejected the client or the refresh
   * token. In a session that means logging in again; the stored entry stays
   * until a new login replaces it or `codex mcp logout` removes it.
   */
  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'verifier') this.verifier = undefined;
    else if (scope === 'discovery') this.discovery = undefined;
    else if (!this.opts.login) throw new McpLoginRequiredError(loginExpiredMessage(this.opts.serverName));
    else {
      if (scope === 'all' || scope === 'client') this.pendingClient = undefined;
      this.stored = null;
    }
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }

  /**
   * Entries written without an issuer are bound to the authorization server
   * this run discovered (the SDK would do the same on first use, with a warning).
   */
  private issuerStamp(): { issuer?: string } {
    const issuer = this.stored?.issuer ?? this.discovery?.authorizationServerUrl;
    return issuer ? { issuer } : {};
  }
}
