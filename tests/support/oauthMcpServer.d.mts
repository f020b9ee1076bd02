// Types of oauthMcpServer.mjs.

export interface OAuthMcpServerStats {
  /** Every dynamic client registration, as stored (client_id, redirect_uris, …). */
  registrations: Array<{ client_id: string; redirect_uris: string[]; token_endpoint_auth_method?: string; [key: string]: unknown }>;
  /** Every authorization the test "user" approved. */
  authorizations: Array<{ clientId: string; scopes: string[]; resource: string | null }>;
  codeExchanges: number;
  refreshes: number;
  toolCalls: Array<{ clientId: string; token: string; note: string | null }>;
  /** MCP requests refused with 401. */
  unauthorized: number;
}

export interface OAuthMcpServer {
  /** The MCP endpoint (`http://127.0.0.1:PORT/mcp`). */
  url: string;
  origin: string;
  stats: OAuthMcpServerStats;
  expireAccessTokens(): void;
  isLiveAccessToken(token: string): boolean;
  close(): Promise<void>;
}

export function startOAuthMcpServer(opts?: { accessTokenTtlSec?: number; scopesSupported?: string[] }): Promise<OAuthMcpServer>;
