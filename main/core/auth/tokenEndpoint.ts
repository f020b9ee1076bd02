// Requests to the issuer's /oauth/token, shaped as Codex sends them:
// the authorization-code exchange (form body, PKCE verifier), the
// id-token → API-key exchange, and the refresh grant (JSON body).
import { refreshTokenUrl, tokenUrl, type OAuthSettings } from './oauthConfig.js';

export interface ExchangedTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** "400 Bad Request", as Codex prints an HTTP status. */
export function statusLine(status: number): string {
  return STATUS_TEXT[status] ? `${status} ${STATUS_TEXT[status]}` : String(status);
}

/** The issuer's error text: error_description, error.message, the error code, or the raw body. */
export function tokenEndpointErrorDetail(body: string): string {
  const text = body.trim();
  if (text === '') return 'unknown error';
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const err = json.error;
    const code =
      typeof err === 'string' && err.trim()
        ? err
        : typeof err === 'object' && err !== null && typeof (err as Record<string, unknown>).code === 'string'
          ? ((err as Record<string, unknown>).code as string)
          : undefined;
    if (typeof json.error_description === 'string' && json.error_description.trim()) return json.error_description;
    if (typeof err === 'object' && err !== null && typeof (err as Record<string, unknown>).message === 'string')
      return (err as Record<string, string>).message!;
    if (code) return code;
  } catch {
    // not JSON: keep the text
  }
  return text;
}

/** A JSON object response body; a clear error naming the endpoint otherwise. */
export function jsonObject(text: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`${what}: response is not JSON: ${text.slice(0, 200)}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what}: response is not a JSON object`);
  return v as Record<string, unknown>;
}

function form(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { message?: string; code?: string } }).cause;
  if (cause?.message) return cause.code && !cause.message.includes(cause.code) ? `${cause.message} (${cause.code})` : cause.message;
  return (err as Error).message ?? String(err);
}

async function post(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(60_000) });
  } catch (err) {
    throw new Error(`error sending request for url (${url}): ${describe(err)}`);
  }
}

function stringField(json: Record<string, unknown>, name: string, what: string): string {
  const v = json[name];
  if (typeof v !== 'string' || v === '') throw new Error(`${what}: response is missing "${name}"`);
  return v;
}

/** authorization_code grant; throws "token endpoint returned status …: detail" on refusal. */
export async function exchangeCodeForTokens(s: OAuthSettings, redirectUri: string, codeVerifier: string, code: string): Promise<ExchangedTokens> {
  const res = await post(tokenUrl(s), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ grant_type: 'authorization_code', client_id: s.clientId, code, redirect_uri: redirectUri, code_verifier: codeVerifier }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`token endpoint returned status ${statusLine(res.status)}: ${tokenEndpointErrorDetail(text)}`);
  const what = 'token endpoint';
  const json = jsonObject(text, what);
  return {
    idToken: stringField(json, 'id_token', what),
    accessToken: stringField(json, 'access_token', what),
    refreshToken: stringField(json, 'refresh_token', what),
  };
}

/** Codex trades the id token for an API key after a browser sign-in (best effort: undefined on failure). */
export async function obtainApiKey(s: OAuthSettings, idToken: string): Promise<string | undefined> {
  try {
    const res = await post(tokenUrl(s), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        client_id: s.clientId,
        requested_token: 'openai-api-key',
        subject_token: idToken,
        subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      }),
    });
    if (!res.ok) return undefined;
    const json = jsonObject(await res.text(), 'api key exchange');
    return typeof json.access_token === 'string' && json.access_token !== '' ? json.access_token : undefined;
  } catch {
    return undefined;
  }
}

// Codex's texts for a refresh the issuer refused for good.
export const REFRESH_TOKEN_EXPIRED_MESSAGE =
  'Your access token could not be refreshed because your refresh token has expired. Please log out and sign in again.';
export const REFRESH_TOKEN_REUSED_MESSAGE =
  'Your access token could not be refreshed because your refresh token was already used. Please log out and sign in again.';
export const REFRESH_TOKEN_INVALIDATED_MESSAGE =
  'Your access token could not be refreshed because your refresh token was revoked. Please log out and sign in again.';
export const REFRESH_TOKEN_UNKNOWN_MESSAGE = 'Your access token could not be refreshed. Please log out and sign in again.';

/** A refresh failure; `permanent` means retrying with the same refresh token cannot help. */
export class RefreshTokenError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'RefreshTokenError';
  }
}

function refreshErrorCode(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const err = json.error;
    if (typeof err === 'string') return err;
    if (typeof err === 'object' && err !== null && typeof (err as Record<string, unknown>).code === 'string') return (err as Record<string, string>).code;
    return typeof json.code === 'string' ? json.code : undefined;
  } catch {
    return undefined;
  }
}

/** refresh_token grant (JSON body, as Codex); every returned token is optional. */
export async function requestTokenRefresh(
  s: OAuthSettings,
  env: NodeJS.ProcessEnv,
  refreshToken: string,
): Promise<{ idToken?: string; accessToken?: string; refreshToken?: string }> {
  let res: Response;
  try {
    res = await post(refreshTokenUrl(s, env), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: s.clientId, grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
  } catch (err) {
    throw new RefreshTokenError((err as Error).message, false);
  }
  const text = await res.text();
  if (!res.ok) {
    const code = refreshErrorCode(text)?.toLowerCase();
    const known =
      code === 'refresh_token_expired'
        ? REFRESH_TOKEN_EXPIRED_MESSAGE
        : code === 'refresh_token_reused'
          ? REFRESH_TOKEN_REUSED_MESSAGE
          : code === 'refresh_token_invalidated'
            ? REFRESH_TOKEN_INVALIDATED_MESSAGE
            : undefined;
    if (known) throw new RefreshTokenError(known, true);
    if (res.status === 401) throw new RefreshTokenError(REFRESH_TOKEN_UNKNOWN_MESSAGE, true);
    throw new RefreshTokenError(`Failed to refresh token: ${statusLine(res.status)}: ${tokenEndpointErrorDetail(text)}`, false);
  }
  let json: Record<string, unknown>;
  try {
    json = jsonObject(text, 'token refresh');
  } catch (err) {
    throw new RefreshTokenError((err as Error).message, false);
  }
  const opt = (k: string): string | undefined => (typeof json[k] === 'string' && json[k] !== '' ? (json[k] as string) : undefined);
  const out: { idToken?: string; accessToken?: string; refreshToken?: string } = {};
  const id = opt('id_token');
  const access = opt('access_token');
  const refresh = opt('refresh_token');
  if (id) out.idToken = id;
  if (access) out.accessToken = access;
  if (refresh) out.refreshToken = refresh;
  return out;
}
