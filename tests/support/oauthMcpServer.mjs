// A real OAuth-protected streamable HTTP MCP server on 127.0.0.1, for tests of
// `codex mcp login` and of sessions using the stored tokens. It is built from
// the SDK's own server pieces: mcpAuthRouter (protected-resource and
// authorization-server metadata, dynamic client registration, authorize with
// PKCE, token, revoke) over an in-memory provider that approves every
// authorization at once (the "user" always consents), and an MCP endpoint
// behind requireBearerAuth. Plain JavaScript because express ships without
// types here; oauthMcpServer.d.mts describes the API.
import express from 'express';
import { randomUUID } from 'node:crypto';
import { mcpAuthRouter, getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidGrantError, InvalidRequestError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

class MemoryProvider {
  constructor(stats, accessTokenTtlSec) {
    this.stats = stats;
    this.accessTokenTtlSec = accessTokenTtlSec;
    this.clients = new Map();
    this.codes = new Map();
    /** token → { clientId, scopes, expiresAt (ms), resource } */
    this.accessTokens = new Map();
    /** refresh token → { clientId, scopes, resource } */
    this.refreshTokens = new Map();
    const clients = this.clients;
    this.clientsStore = {
      getClient: async (id) => clients.get(id),
      registerClient: async (client) => {
        stats.registrations.push(client);
        clients.set(client.client_id, client);
        return client;
      },
    };
  }

  async authorize(client, params, res) {
    if (!client.redirect_uris.includes(params.redirectUri)) throw new InvalidRequestError('Unregistered redirect_uri');
    this.stats.authorizations.push({ clientId: client.client_id, scopes: params.scopes ?? [], resource: params.resource?.href ?? null });
    const code = randomUUID();
    this.codes.set(code, { clientId: client.client_id, params });
    const target = new URL(params.redirectUri);
    target.searchParams.set('code', code);
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    res.redirect(target.href);
  }

  async challengeForAuthorizationCode(_client, code) {
    const entry = this.codes.get(code);
    if (!entry) throw new InvalidGrantError('unknown authorization code');
    return entry.params.codeChallenge;
  }

  async exchangeAuthorizationCode(client, code) {
    const entry = this.codes.get(code);
    if (!entry || entry.clientId !== client.client_id) throw new InvalidGrantError('unknown authorization code');
    this.codes.delete(code);
    this.stats.codeExchanges++;
    return this.issue(client.client_id, entry.params.scopes ?? [], entry.params.resource?.href ?? null);
  }

  async exchangeRefreshToken(client, refreshToken) {
    const entry = this.refreshTokens.get(refreshToken);
    if (!entry || entry.clientId !== client.client_id) throw new InvalidGrantError('unknown refresh token');
    // Rotated, as many servers do: the client must keep the new one.
    this.refreshTokens.delete(refreshToken);
    this.stats.refreshes++;
    return this.issue(client.client_id, entry.scopes, entry.resource);
  }

  issue(clientId, scopes, resource) {
    const access = `at-${randomUUID()}`;
    const refresh = `rt-${randomUUID()}`;
    this.accessTokens.set(access, { clientId, scopes, resource, expiresAt: Date.now() + this.accessTokenTtlSec * 1000 });
    this.refreshTokens.set(refresh, { clientId, scopes, resource });
    return { access_token: access, token_type: 'Bearer', expires_in: this.accessTokenTtlSec, refresh_token: refresh, scope: scopes.join(' ') };
  }

  async verifyAccessToken(token) {
    const entry = this.accessTokens.get(token);
    if (!entry || entry.expiresAt <= Date.now()) throw new InvalidTokenError('unknown or expired access token');
    return {
      token,
      clientId: entry.clientId,
      scopes: entry.scopes,
      expiresAt: Math.floor(entry.expiresAt / 1000),
      resource: entry.resource ? new URL(entry.resource) : undefined,
    };
  }

  async revokeToken(_client, request) {
    this.accessTokens.delete(request.token);
    this.refreshTokens.delete(request.token);
  }
}

/** Starts the server; see oauthMcpServer.d.mts. */
export async function startOAuthMcpServer(opts = {}) {
  const stats = { registrations: [], authorizations: [], codeExchanges: 0, refreshes: 0, toolCalls: [], unauthorized: 0 };
  const provider = new MemoryProvider(stats, opts.accessTokenTtlSec ?? 3600);
  const app = express();
  const listener = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${listener.address().port}`;
  const url = `${origin}/mcp`;
  const scopesSupported = opts.scopesSupported ?? ['mcp:tools'];
  const noLimit = { rateLimit: false };
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(origin),
      resourceServerUrl: new URL(url),
      scopesSupported,
      authorizationOptions: noLimit,
      tokenOptions: noLimit,
      clientRegistrationOptions: noLimit,
      revocationOptions: noLimit,
    }),
  );
  const bearer = requireBearerAuth({ verifier: provider, resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(new URL(url)) });
  app.post(
    '/mcp',
    (req, res, next) => {
      res.on('finish', () => {
        if (res.statusCode === 401) stats.unauthorized++;
      });
      next();
    },
    bearer,
    express.json(),
    async (req, res) => {
      // Stateless: one MCP server per request, as the SDK's stateless example does.
      const server = new McpServer({ name: 'oauth-fixture', version: '1.0.0' });
      server.registerTool(
        'whoami',
        {
          description: 'Tells which OAuth client and scopes the call came with.',
          inputSchema: { note: z.string().optional() },
          annotations: { readOnlyHint: true },
        },
        async ({ note }) => {
          stats.toolCalls.push({ clientId: req.auth.clientId, token: req.auth.token, note: note ?? null });
          return { content: [{ type: 'text', text: `client ${req.auth.clientId} scopes [${req.auth.scopes.join(' ')}]${note ? ` note ${note}` : ''}` }] };
        },
      );
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => void transport.close());
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    },
  );
  return {
    url,
    origin,
    stats,
    /** Makes every access token issued so far expire now (refresh tokens stay valid). */
    expireAccessTokens() {
      for (const entry of provider.accessTokens.values()) entry.expiresAt = Date.now() - 1000;
    },
    /** Whether `token` is a live access token of this server. */
    isLiveAccessToken(token) {
      const entry = provider.accessTokens.get(token);
      return entry !== undefined && entry.expiresAt > Date.now();
    },
    close() {
      listener.closeAllConnections();
      return new Promise((resolve) => listener.close(() => resolve()));
    },
  };
}
