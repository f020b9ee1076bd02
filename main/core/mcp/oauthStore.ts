// OAuth tokens of streamable HTTP MCP servers, kept where Codex 0.169 keeps
// them when no OS keyring is used: $CODEX_HOME/.credentials.json (mode 0600),
// one entry per server keyed by `<name>|<hash of its url>`, with Codex's field
// names, so `codex mcp login` in either tool serves both. Entries of other
// servers (and fields we do not know) are left exactly as they were.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../config/auth.js';

export const MCP_CREDENTIALS_FILE = '.credentials.json';

/** One server's stored login (camelCase here; snake_case on disk). */
export interface StoredMcpOAuth {
  serverName: string;
  serverUrl: string;
  /** The authorization server that issued the tokens (the SDK refuses to send them elsewhere). */
  issuer: string | null;
  clientId: string;
  /** Only when the authorization server insisted on a confidential client (ours; Codex ignores it). */
  clientSecret?: string;
  accessToken: string;
  /** Milliseconds since the epoch; null when the server gave no lifetime. */
  expiresAt: number | null;
  refreshToken: string | null;
  scopes: string[];
}

export class McpCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'McpCredentialsError';
  }
}

export function mcpCredentialsPath(codexHome: string): string {
  return path.join(codexHome, MCP_CREDENTIALS_FILE);
}

/**
 * Codex's store key: the name, then the first 16 hex digits of the SHA-256 of
 * `{"type":"http","url":…,"headers":{}}` (serde_json with insertion order).
 */
export function mcpOAuthStoreKey(serverName: string, serverUrl: string): string {
  const payload = JSON.stringify({ type: 'http', url: serverUrl, headers: {} });
  return `${serverName}|${createHash('sha256').update(payload).digest('hex').slice(0, 16)}`;
}

type RawFile = Record<string, unknown>;

/** The whole file as JSON objects; {} when it does not exist. Never rewrites a file it cannot parse. */
function readFile(file: string): RawFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new McpCredentialsError(`failed to read credentials file at ${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new McpCredentialsError(`failed to parse credentials file at ${file}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new McpCredentialsError(`failed to parse credentials file at ${file}: expected a JSON object of entries`);
  }
  return parsed as RawFile;
}

/** Sorted keys (Codex writes a BTreeMap); an empty store removes the file, as Codex does. */
function writeFile(file: string, entries: RawFile): void {
  const keys = Object.keys(entries).sort();
  if (keys.length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, JSON.stringify(Object.fromEntries(keys.map((k) => [k, entries[k]]))), 0o600);
}

function fromRaw(raw: unknown, file: string, key: string): StoredMcpOAuth {
  const bad = (what: string) => new McpCredentialsError(`credentials file ${file}: entry "${key}" ${what}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('is not an object');
  const r = raw as Record<string, unknown>;
  const str = (k: string): string => {
    if (typeof r[k] !== 'string') throw bad(`has no string "${k}"`);
    return r[k] as string;
  };
  const optStr = (k: string): string | null => {
    if (r[k] === undefined || r[k] === null) return null;
    if (typeof r[k] !== 'string') throw bad(`has a non-string "${k}"`);
    return r[k] as string;
  };
  const expiresAt = r.expires_at;
  if (expiresAt !== undefined && expiresAt !== null && typeof expiresAt !== 'number') throw bad('has a non-numeric "expires_at"');
  const scopes = r.scopes ?? [];
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) throw bad('has "scopes" that are not a list of strings');
  const clientSecret = optStr('client_secret');
  return {
    serverName: str('server_name'),
    serverUrl: str('server_url'),
    issuer: optStr('issuer'),
    clientId: str('client_id'),
    ...(clientSecret !== null ? { clientSecret } : {}),
    accessToken: str('access_token'),
    expiresAt: typeof expiresAt === 'number' ? expiresAt : null,
    refreshToken: optStr('refresh_token'),
    scopes: scopes as string[],
  };
}

/** Codex's field order; `client_secret` only when there is one. */
function toRaw(e: StoredMcpOAuth): Record<string, unknown> {
  return {
    server_name: e.serverName,
    server_url: e.serverUrl,
    ...(e.issuer !== null ? { issuer: e.issuer } : {}),
    client_id: e.clientId,
    ...(e.clientSecret !== undefined ? { client_secret: e.clientSecret } : {}),
    access_token: e.accessToken,
    expires_at: e.expiresAt,
    refresh_token: e.refreshToken,
    scopes: e.scopes,
  };
}

/** The stored login of this server at this URL, or null. Throws McpCredentialsError for a broken file. */
export function loadMcpOAuth(codexHome: string, serverName: string, serverUrl: string): StoredMcpOAuth | null {
  const file = mcpCredentialsPath(codexHome);
  const key = mcpOAuthStoreKey(serverName, serverUrl);
  const entries = readFile(file);
  return entries[key] === undefined ? null : fromRaw(entries[key], file, key);
}

/** Whether a login is stored; a broken file counts as none (for listings, as Codex shows "Unknown"). */
export function hasMcpOAuth(codexHome: string, serverName: string, serverUrl: string): boolean {
  try {
    return loadMcpOAuth(codexHome, serverName, serverUrl) !== null;
  } catch {
    return false;
  }
}

/** Adds or replaces this server's entry, leaving the others untouched. */
export function saveMcpOAuth(codexHome: string, entry: StoredMcpOAuth): void {
  const file = mcpCredentialsPath(codexHome);
  const entries = readFile(file);
  entries[mcpOAuthStoreKey(entry.serverName, entry.serverUrl)] = toRaw(entry);
  writeFile(file, entries);
}

/** Removes this server's entry; false when there was none. */
export function deleteMcpOAuth(codexHome: string, serverName: string, serverUrl: string): boolean {
  const file = mcpCredentialsPath(codexHome);
  const entries = readFile(file);
  const key = mcpOAuthStoreKey(serverName, serverUrl);
  if (entries[key] === undefined) return false;
  delete entries[key];
  writeFile(file, entries);
  return true;
}
