// Where ChatGPT sign-in talks to, as Codex 0.169 does: OpenAI's issuer and
// Codex's registered client id, the loopback callback ports the issuer allows,
// and the overrides (Codex's own, plus one clearly named for our tests).

export const CHATGPT_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
export const DEFAULT_ISSUER = 'https://auth.openai.com';
/** The callback ports registered with the issuer: 1455, then 1457 when 1455 stays busy. */
export const DEFAULT_CALLBACK_PORT = 1455;
export const FALLBACK_CALLBACK_PORT = 1457;
export const CALLBACK_PATH = '/auth/callback';
export const AUTHORIZE_SCOPE = 'openid profile email offline_access api.connectors.read api.connectors.invoke';
/** Codex sends ChatGPT-login model requests here (`/responses` appended) unless the provider's base URL is set. */
export const CHATGPT_CODEX_BASE_URL = 'https://chatgpt.com/backend-api/codex';
export const CHATGPT_ACCOUNT_ID_HEADER = 'ChatGPT-Account-ID';

/** Codex's env overrides for the refresh and revoke endpoints (full URLs). */
export const REFRESH_TOKEN_URL_OVERRIDE_ENV = 'CODEX_REFRESH_TOKEN_URL_OVERRIDE';
export const REVOKE_TOKEN_URL_OVERRIDE_ENV = 'CODEX_REVOKE_TOKEN_URL_OVERRIDE';
/**
 * Ours, not Codex's: the issuer base URL for every flow (login, refresh,
 * revoke), used only when set. Codex has the hidden `--experimental_issuer`
 * flag for `codex login`, which we accept too; this reaches the app and the
 * model client's refresh as well, so tests can run a local issuer.
 */
export const AUTH_ISSUER_ENV = 'CODEX_AUTH_ISSUER';
/** Ours: the loopback callback port (0 = any free port), for tests that must not take 1455. */
export const LOGIN_CALLBACK_PORT_ENV = 'CODEX_LOGIN_CALLBACK_PORT';

export interface OAuthSettings {
  issuer: string;
  clientId: string;
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/** The issuer and client id: explicit values, else CODEX_AUTH_ISSUER, else OpenAI's. */
export function oauthSettings(env: NodeJS.ProcessEnv, explicit: { issuer?: string; clientId?: string } = {}): OAuthSettings {
  const issuer = nonEmpty(explicit.issuer) ?? nonEmpty(env[AUTH_ISSUER_ENV]) ?? DEFAULT_ISSUER;
  let parsed: URL;
  try {
    parsed = new URL(issuer);
  } catch {
    throw new Error(`invalid OAuth issuer URL: ${issuer}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`invalid OAuth issuer URL: ${issuer}`);
  return { issuer: issuer.replace(/\/+$/, ''), clientId: nonEmpty(explicit.clientId) ?? CHATGPT_CLIENT_ID };
}

export function tokenUrl(s: OAuthSettings): string {
  return `${s.issuer}/oauth/token`;
}

/** The refresh endpoint: Codex's override when set, else the issuer's token endpoint. */
export function refreshTokenUrl(s: OAuthSettings, env: NodeJS.ProcessEnv): string {
  return nonEmpty(env[REFRESH_TOKEN_URL_OVERRIDE_ENV]) ?? tokenUrl(s);
}

export function revokeTokenUrl(s: OAuthSettings, env: NodeJS.ProcessEnv): string {
  return nonEmpty(env[REVOKE_TOKEN_URL_OVERRIDE_ENV]) ?? `${s.issuer}/oauth/revoke`;
}

/** The callback port to try first, and whether Codex's 1457 fallback applies. */
export function callbackPort(env: NodeJS.ProcessEnv): { port: number; fallback?: number } {
  const raw = nonEmpty(env[LOGIN_CALLBACK_PORT_ENV]);
  if (raw === undefined) return { port: DEFAULT_CALLBACK_PORT, fallback: FALLBACK_CALLBACK_PORT };
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${LOGIN_CALLBACK_PORT_ENV}: expected a port number, got "${raw}"`);
  return { port };
}
