import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  deleteMcpOAuth,
  hasMcpOAuth,
  loadMcpOAuth,
  mcpCredentialsPath,
  mcpOAuthStoreKey,
  McpCredentialsError,
  saveMcpOAuth,
  type StoredMcpOAuth,
} from './oauthStore.js';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-oauth-store-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const file = () => mcpCredentialsPath(home);
const mode = () => fs.statSync(file()).mode & 0o777;

function entry(over: Partial<StoredMcpOAuth> = {}): StoredMcpOAuth {
  return {
    serverName: 'demo',
    serverUrl: 'http://127.0.0.1:40421/mcp',
    issuer: 'http://127.0.0.1:40421/',
    clientId: 'client-1',
    accessToken: 'at-1',
    expiresAt: 1796440063677,
    refreshToken: 'rt-1',
    scopes: ['mcp:tools', 'mcp:read'],
    ...over,
  };
}

describe('MCP OAuth credential store', () => {
  it('keys entries as Codex 0.169 does (captured from its .credentials.json)', () => {
    expect(mcpOAuthStoreKey('demo', 'http://127.0.0.1:40421/mcp')).toBe('demo|fec6e7bb762c76c9');
  });

  it("writes Codex's format with mode 0600 and reads it back", () => {
    saveMcpOAuth(home, entry());
    expect(mode()).toBe(0o600);
    // Byte for byte what Codex 0.169 wrote for the same login.
    expect(fs.readFileSync(file(), 'utf8')).toBe(
      '{"demo|fec6e7bb762c76c9":{"server_name":"demo","server_url":"http://127.0.0.1:40421/mcp","issuer":"http://127.0.0.1:40421/",' +
        '"client_id":"client-1","access_token":"at-1","expires_at":1796440063677,"refresh_token":"rt-1","scopes":["mcp:tools","mcp:read"]}}',
    );
    expect(loadMcpOAuth(home, 'demo', 'http://127.0.0.1:40421/mcp')).toEqual(entry());
    expect(loadMcpOAuth(home, 'demo', 'http://127.0.0.1:40421/other')).toBeNull();
    expect(hasMcpOAuth(home, 'demo', 'http://127.0.0.1:40421/mcp')).toBe(true);
  });

  it('tightens a wider mode back to 0600 on every write', () => {
    fs.writeFileSync(file(), '{}');
    fs.chmodSync(file(), 0o644);
    saveMcpOAuth(home, entry());
    expect(mode()).toBe(0o600);
  });

  it("deletes one server's entry and leaves the others exactly as they were", () => {
    // Another tool's entry with a field we do not know must survive untouched.
    const other = {
      server_name: 'docs',
      server_url: 'https://docs.example/mcp',
      client_id: 'c',
      access_token: 'a',
      expires_at: null,
      refresh_token: null,
      scopes: [],
      extra: { kept: true },
    };
    fs.writeFileSync(file(), JSON.stringify({ 'docs|0123456789abcdef': other }), { mode: 0o600 });
    saveMcpOAuth(home, entry());
    expect(deleteMcpOAuth(home, 'demo', 'http://127.0.0.1:40421/mcp')).toBe(true);
    expect(fs.readFileSync(file(), 'utf8')).toBe(JSON.stringify({ 'docs|0123456789abcdef': other }));
    expect(mode()).toBe(0o600);
    expect(deleteMcpOAuth(home, 'demo', 'http://127.0.0.1:40421/mcp')).toBe(false);
  });

  it('removes the file with its last entry, as Codex does', () => {
    saveMcpOAuth(home, entry());
    expect(deleteMcpOAuth(home, 'demo', 'http://127.0.0.1:40421/mcp')).toBe(true);
    expect(fs.existsSync(file())).toBe(false);
    expect(deleteMcpOAuth(home, 'demo', 'http://127.0.0.1:40421/mcp')).toBe(false);
  });

  it('refuses a file that is not JSON, naming it, and never overwrites it', () => {
    fs.writeFileSync(file(), '{not json', { mode: 0o600 });
    const expected = new RegExp(`^failed to parse credentials file at ${file().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `);
    expect(() => loadMcpOAuth(home, 'demo', 'http://x/mcp')).toThrow(expected);
    expect(() => saveMcpOAuth(home, entry())).toThrow(McpCredentialsError);
    expect(() => deleteMcpOAuth(home, 'demo', 'http://127.0.0.1:40421/mcp')).toThrow(expected);
    expect(fs.readFileSync(file(), 'utf8')).toBe('{not json');
    // Listings treat it as "no login" rather than failing.
    expect(hasMcpOAuth(home, 'demo', 'http://127.0.0.1:40421/mcp')).toBe(false);
  });

  it('names the file and the entry when an entry is malformed', () => {
    fs.writeFileSync(
      file(),
      JSON.stringify({ [mcpOAuthStoreKey('demo', 'http://x/mcp')]: { server_name: 'demo', server_url: 'http://x/mcp', client_id: 'c', access_token: 42 } }),
    );
    expect(() => loadMcpOAuth(home, 'demo', 'http://x/mcp')).toThrow(
      `credentials file ${file()}: entry "${mcpOAuthStoreKey('demo', 'http://x/mcp')}" has no string "access_token"`,
    );
    fs.writeFileSync(file(), '[]');
    expect(() => loadMcpOAuth(home, 'demo', 'http://x/mcp')).toThrow('expected a JSON object of entries');
  });

  it('keeps a client secret only when there is one', () => {
    saveMcpOAuth(home, entry({ clientSecret: 's3cret', expiresAt: null, refreshToken: null, issuer: null }));
    const raw = JSON.parse(fs.readFileSync(file(), 'utf8'))['demo|fec6e7bb762c76c9'];
    expect(raw).toEqual({
      server_name: 'demo',
      server_url: 'http://127.0.0.1:40421/mcp',
      client_id: 'client-1',
      client_secret: 's3cret',
      access_token: 'at-1',
      expires_at: null,
      refresh_token: null,
      scopes: ['mcp:tools', 'mcp:read'],
    });
    expect(loadMcpOAuth(home, 'demo', 'http://127.0.0.1:40421/mcp')).toEqual(
      entry({ clientSecret: 's3cret', expiresAt: null, refreshToken: null, issuer: null }),
    );
  });
});
