// OAuth against a real OAuth-protected MCP server (the SDK's own authorization
// server pieces, tests/support/oauthMcpServer.mjs), in process: the login flow,
// and a session connecting with the stored tokens, refreshing them, or failing
// with the hint to log in. The CLI end to end is in tests/mcpOAuth.test.ts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { startOAuthMcpServer, type OAuthMcpServer } from '../../../tests/support/oauthMcpServer.mjs';
import { parseMcpServers } from './config.js';
import { McpConnectionManager, type McpServerState } from './connectionManager.js';
import { performMcpOAuthLogin } from './oauthLogin.js';
import { loadMcpOAuth, mcpCredentialsPath, saveMcpOAuth } from './oauthStore.js';
import type { ToolContext } from '../tools/context.js';

let oauth: OAuthMcpServer;
let home: string;
let managers: McpConnectionManager[] = [];
beforeAll(async () => {
  oauth = await startOAuthMcpServer({ scopesSupported: ['mcp:tools', 'mcp:read'] });
});
afterAll(() => oauth.close());
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-oauth-session-'));
});
afterEach(async () => {
  await Promise.all(managers.map((m) => m.shutdown()));
  managers = [];
  fs.rmSync(home, { recursive: true, force: true });
});

const demo = () => parseMcpServers({ demo: { url: oauth.url, startup_timeout_sec: 60 } })[0]!;

/** Logs in as a user whose browser follows the redirect back to the loopback listener. */
async function login(scopes: string[] = []) {
  return performMcpOAuthLogin({
    codexHome: home,
    server: demo(),
    scopes,
    env: {},
    onAuthorizationUrl: (url) => void fetch(url).then((r) => r.text()),
  });
}

async function start(statuses: [string, McpServerState, string?][] = []) {
  const m = await McpConnectionManager.start([demo()], { env: {}, codexHome: home, onStatus: (n, s, e) => statuses.push([n, s, e]) });
  managers.push(m);
  return m;
}

const ctx = {
  signal: new AbortController().signal,
  threadId: 't',
  turnId: 'u',
  approvalPolicy: 'never',
  sandbox: { mode: 'danger-full-access' },
  approvedForSession: new Set<string>(),
  emitStarted: () => {},
  emitCompleted: () => {},
} as unknown as ToolContext;

describe('codex mcp login (in process)', () => {
  it('registers, authorizes with PKCE and stores the tokens with the requested scopes', async () => {
    const stored = await login(['mcp:read']);
    const reg = oauth.stats.registrations.at(-1)!;
    expect(reg).toMatchObject({ client_name: 'Codex', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
    expect(reg.redirect_uris[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\/[\w-]{12}$/);
    expect(oauth.stats.authorizations.at(-1)).toEqual({ clientId: reg.client_id, scopes: ['mcp:read'], resource: oauth.url });
    expect(stored).toMatchObject({ serverName: 'demo', serverUrl: oauth.url, issuer: `${oauth.origin}/`, clientId: reg.client_id, scopes: ['mcp:read'] });
    expect(oauth.isLiveAccessToken(stored.accessToken)).toBe(true);
    expect(loadMcpOAuth(home, 'demo', oauth.url)).toEqual(stored);
    expect(fs.statSync(mcpCredentialsPath(home)).mode & 0o777).toBe(0o600);
  });

  it('names the server when it offers no OAuth, and gives up after the timeout', async () => {
    const plain = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    try {
      const server = parseMcpServers({ plain: { url: `http://127.0.0.1:${(plain.address() as AddressInfo).port}/mcp` } })[0]!;
      await expect(performMcpOAuthLogin({ codexHome: home, server, scopes: [], env: {}, onAuthorizationUrl: () => {} })).rejects.toThrow(
        /^OAuth login for MCP server 'plain' failed: it does not advertise OAuth \(no authorization server metadata under http:\/\/127\.0\.0\.1:\d+\/\)$/,
      );
    } finally {
      await new Promise((r) => plain.close(r));
    }
    const never = performMcpOAuthLogin({ codexHome: home, server: demo(), scopes: [], env: {}, timeoutMs: 300, onAuthorizationUrl: () => {} });
    await expect(never).rejects.toThrow("OAuth login for MCP server 'demo' failed: timed out waiting for OAuth callback after 0.3 seconds");
    expect(fs.existsSync(mcpCredentialsPath(home))).toBe(false);
  });

  it('accepts a pasted callback URL (a browser on another machine)', async () => {
    let redirect = '';
    const lines = (async function* () {
      while (!redirect) await new Promise((r) => setTimeout(r, 20));
      yield 'https://example.com/not-this';
      yield redirect;
    })();
    const ignored: string[] = [];
    const stored = await performMcpOAuthLogin({
      codexHome: home,
      server: demo(),
      scopes: [],
      env: {},
      pastedUrls: lines,
      onIgnoredPaste: (line) => ignored.push(line),
      // The "browser" gets the redirect but cannot reach our listener: the user copies its URL.
      onAuthorizationUrl: (url) => void fetch(url, { redirect: 'manual' }).then((r) => (redirect = r.headers.get('location')!)),
    });
    expect(ignored).toEqual(['https://example.com/not-this']);
    expect(oauth.isLiveAccessToken(stored.accessToken)).toBe(true);
  });
});

describe('a session with a stored login', () => {
  it('fails at startup with the hint to log in when nothing is stored', async () => {
    const statuses: [string, McpServerState, string?][] = [];
    const m = await start(statuses);
    expect(statuses.at(-1)).toEqual(['demo', 'failed', 'The demo MCP server is not logged in. Run `codex mcp login demo`.']);
    const [status] = await m.statuses('toolsAndAuthOnly');
    expect(status).toMatchObject({ runtimeStatus: 'authenticationRequired', authStatus: 'notLoggedIn' });
  });

  it('connects with the stored token and calls a tool', async () => {
    const stored = await login();
    const m = await start();
    const [status] = await m.statuses('toolsAndAuthOnly');
    expect(status).toMatchObject({ runtimeStatus: 'connected', authStatus: 'oAuth' });
    const out = await m.registry().get('mcp__demo', 'whoami')!({ note: 'hi' }, ctx, 'c1');
    expect(JSON.stringify(out)).toContain(`client ${stored.clientId} scopes [mcp:tools mcp:read] note hi`);
    expect(oauth.stats.toolCalls.at(-1)!.token).toBe(stored.accessToken);
  });

  it('refreshes an expired token before connecting and saves the new one', async () => {
    const stored = await login();
    oauth.expireAccessTokens();
    saveMcpOAuth(home, { ...stored, expiresAt: Date.now() - 1000 });
    const refreshes = oauth.stats.refreshes;
    const refused = oauth.stats.unauthorized;
    const m = await start();
    expect(oauth.stats.refreshes).toBe(refreshes + 1);
    expect(oauth.stats.unauthorized).toBe(refused);
    const now = loadMcpOAuth(home, 'demo', oauth.url)!;
    expect(now.accessToken).not.toBe(stored.accessToken);
    expect(now.refreshToken).not.toBe(stored.refreshToken);
    expect(now.expiresAt).toBeGreaterThan(Date.now());
    expect(oauth.isLiveAccessToken(now.accessToken)).toBe(true);
    expect(m.serverInfos()[0]!.status).toBe('ready');
  });

  it('refreshes after a 401 when the server expired a token we thought valid', async () => {
    const stored = await login();
    oauth.expireAccessTokens();
    const refreshes = oauth.stats.refreshes;
    const refused = oauth.stats.unauthorized;
    const m = await start();
    expect(m.serverInfos()[0]!.status).toBe('ready');
    expect(oauth.stats.refreshes).toBe(refreshes + 1);
    expect(oauth.stats.unauthorized).toBe(refused + 1);
    expect(loadMcpOAuth(home, 'demo', oauth.url)!.accessToken).not.toBe(stored.accessToken);
  });

  it('asks to log in again when the refresh token is refused, keeping the stored entry', async () => {
    const stored = await login();
    oauth.expireAccessTokens();
    saveMcpOAuth(home, { ...stored, refreshToken: 'rt-revoked' });
    const before = fs.readFileSync(mcpCredentialsPath(home), 'utf8');
    const statuses: [string, McpServerState, string?][] = [];
    const m = await start(statuses);
    expect(statuses.at(-1)).toEqual(['demo', 'failed', 'The OAuth login of the demo MCP server has expired or was revoked. Run `codex mcp login demo`.']);
    expect((await m.statuses('toolsAndAuthOnly'))[0]).toMatchObject({ runtimeStatus: 'authenticationRequired', authStatus: 'notLoggedIn' });
    expect(fs.readFileSync(mcpCredentialsPath(home), 'utf8')).toBe(before);
  });

  it('names a broken credentials file when the server wants a login, and leaves the file alone', async () => {
    fs.writeFileSync(mcpCredentialsPath(home), '{oops');
    const statuses: [string, McpServerState, string?][] = [];
    await start(statuses);
    expect(statuses.at(-1)![2]).toBe(
      `The demo MCP server is not logged in. Run \`codex mcp login demo\`. (failed to parse credentials file at ${mcpCredentialsPath(home)}: ${jsonError('{oops')})`,
    );
    expect(fs.readFileSync(mcpCredentialsPath(home), 'utf8')).toBe('{oops');
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}
