// ChatGPT sign-in in $CODEX_HOME/auth.json, in Codex's exact format so the CLI,
// the app and Codex itself share one login:
//   { "auth_mode": "chatgpt", "OPENAI_API_KEY": null | "<exchanged key>",
//     "tokens": { "id_token", "access_token", "refresh_token", "account_id" },
//     "last_refresh": "<RFC 3339>" }
// Every write is atomic (temp file + rename, mode 0600) and serialized across
// our processes by a lock file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { authFilePath, readAuthFile, writeFileAtomic, type AuthFile } from '../config/auth.js';
import { withFileLock } from '../config/fileLock.js';
import { openaiAuthClaims, parseIdToken, type IdTokenInfo } from './jwt.js';
import type { OAuthSettings } from './oauthConfig.js';

export interface ChatgptTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  accountId?: string;
}

export interface StoredChatgptLogin {
  tokens: ChatgptTokens;
  /** The issuer and client that issued the tokens (Codex's oauth_provenance), when recorded. */
  provenance?: OAuthSettings;
  idTokenInfo: IdTokenInfo;
  /** last_refresh in ms since the epoch; undefined when missing or unreadable. */
  lastRefreshMs?: number;
}

/**
 * Codex keeps an empty `auth.json.lock` of its own next to the file (it locks
 * it with flock), so our O_EXCL lock file must have another name.
 */
function writerLockTarget(codexHome: string): string {
  return `${authFilePath(codexHome)}.writer`;
}

function writeAuth(codexHome: string, body: AuthFile): void {
  fs.mkdirSync(codexHome, { recursive: true, mode: 0o700 });
  writeFileAtomic(authFilePath(codexHome), JSON.stringify(body, null, 2), 0o600);
}

/** What a completed sign-in stores: Codex's field order, account id from the id token. */
export function saveChatgptLogin(
  codexHome: string,
  t: { idToken: string; accessToken: string; refreshToken: string; apiKey?: string; provenance: OAuthSettings },
  now: Date = new Date(),
): void {
  parseIdToken(t.idToken); // refuse a malformed id token before replacing a working login
  const accountId = openaiAuthClaims(t.idToken).chatgpt_account_id;
  const tokens: Record<string, unknown> = {
    id_token: t.idToken,
    access_token: t.accessToken,
    refresh_token: t.refreshToken,
    // Codex 0.169 records which issuer and client the tokens came from (refreshes go back there),
    // and a random id for this login.
    oauth_provenance: { issuer: t.provenance.issuer, client_id: t.provenance.clientId },
    login_owner_id: crypto.randomBytes(32).toString('base64url'),
  };
  tokens.account_id = typeof accountId === 'string' ? accountId : null;
  const body: AuthFile = { auth_mode: 'chatgpt', OPENAI_API_KEY: t.apiKey ?? null, tokens, last_refresh: now.toISOString() };
  withFileLock(writerLockTarget(codexHome), () => writeAuth(codexHome, body));
}

function tokensOf(auth: AuthFile): ChatgptTokens | undefined {
  const t = auth.tokens;
  if (typeof t !== 'object' || t === null || Array.isArray(t)) return undefined;
  const o = t as Record<string, unknown>;
  if (typeof o.id_token !== 'string' || typeof o.access_token !== 'string' || typeof o.refresh_token !== 'string') return undefined;
  const tokens: ChatgptTokens = { idToken: o.id_token, accessToken: o.access_token, refreshToken: o.refresh_token };
  if (typeof o.account_id === 'string' && o.account_id !== '') tokens.accountId = o.account_id;
  return tokens;
}

function provenanceOf(tokens: unknown): OAuthSettings | undefined {
  const p = (tokens as Record<string, unknown>).oauth_provenance;
  if (typeof p !== 'object' || p === null) return undefined;
  const { issuer, client_id: clientId } = p as Record<string, unknown>;
  return typeof issuer === 'string' && typeof clientId === 'string' ? { issuer: issuer.replace(/\/+$/, ''), clientId } : undefined;
}

/** True when auth.json says ChatGPT is the login (Codex: explicit mode, else no key string means ChatGPT). */
export function isChatgptAuth(auth: AuthFile): boolean {
  if (auth.auth_mode !== undefined) return auth.auth_mode === 'chatgpt';
  return typeof auth.OPENAI_API_KEY !== 'string';
}

/** The stored ChatGPT login, or undefined when auth.json is absent or holds another kind of login. */
export function readChatgptLogin(codexHome: string): StoredChatgptLogin | undefined {
  const auth = readAuthFile(codexHome);
  if (auth === undefined || !isChatgptAuth(auth)) return undefined;
  const tokens = tokensOf(auth);
  if (tokens === undefined) throw new Error(`${authFilePath(codexHome)}: ChatGPT login is missing its tokens; run \`codex login\` again`);
  let idTokenInfo: IdTokenInfo = {};
  try {
    idTokenInfo = parseIdToken(tokens.idToken);
  } catch {
    // Codex tolerates an unreadable id token for requests; only the account details are lost.
  }
  if (tokens.accountId === undefined && idTokenInfo.chatgptAccountId) tokens.accountId = idTokenInfo.chatgptAccountId;
  const last = typeof auth.last_refresh === 'string' ? Date.parse(auth.last_refresh) : NaN;
  const provenance = provenanceOf(auth.tokens);
  return { tokens, idTokenInfo, ...(provenance ? { provenance } : {}), ...(Number.isFinite(last) ? { lastRefreshMs: last } : {}) };
}

/**
 * After a refresh: replaces the tokens the issuer returned (each optional, as
 * in Codex), sets last_refresh, keeps every other field. Refuses when the file
 * no longer holds the same account (a logout or another sign-in meanwhile).
 */
export function storeRefreshedTokens(
  codexHome: string,
  expectedRefreshToken: string,
  fresh: { idToken?: string; accessToken?: string; refreshToken?: string },
  now: Date = new Date(),
): ChatgptTokens {
  return withFileLock(writerLockTarget(codexHome), () => {
    const auth = readAuthFile(codexHome);
    const current = auth && isChatgptAuth(auth) ? tokensOf(auth) : undefined;
    if (auth === undefined || current === undefined) throw new Error('Token data is not available.');
    if (current.refreshToken !== expectedRefreshToken) {
      // Someone else (another process, Codex) refreshed or signed in meanwhile: theirs wins.
      return current;
    }
    const raw = { ...(auth.tokens as Record<string, unknown>) };
    if (fresh.idToken !== undefined) {
      parseIdToken(fresh.idToken);
      raw.id_token = fresh.idToken;
    }
    if (fresh.accessToken !== undefined) raw.access_token = fresh.accessToken;
    if (fresh.refreshToken !== undefined) raw.refresh_token = fresh.refreshToken;
    writeAuth(codexHome, { ...auth, tokens: raw, last_refresh: now.toISOString() });
    return tokensOf({ tokens: raw })!;
  });
}
