// Credentials for model requests when ChatGPT is the login: the access token
// as the bearer plus the ChatGPT-Account-ID header, refreshed with the
// refresh_token grant before the token expires (or when the login is older
// than Codex's 8-day refresh interval), and once more after a 401. Every
// refresh is written back to auth.json, so Codex and other processes see it.
import { ModelError } from '../model/types.js';
import type { RequestAuth } from '../model/http.js';
import { readChatgptLogin, storeRefreshedTokens, type ChatgptTokens, type StoredChatgptLogin } from './chatgptAuthFile.js';
import { jwtExpiryMs } from './jwt.js';
import { CHATGPT_ACCOUNT_ID_HEADER, oauthSettings, type OAuthSettings } from './oauthConfig.js';
import { RefreshTokenError, requestTokenRefresh } from './tokenEndpoint.js';

/** Codex refreshes a login older than this even when the token has not expired. */
export const TOKEN_REFRESH_INTERVAL_MS = 8 * 24 * 60 * 60 * 1000;
/** Refresh this long before the access token's `exp`, so it cannot expire in flight. */
export const EXPIRY_MARGIN_MS = 60_000;

export function needsRefresh(login: StoredChatgptLogin, now: number): boolean {
  const exp = jwtExpiryMs(login.tokens.accessToken);
  if (exp !== undefined && exp - now <= EXPIRY_MARGIN_MS) return true;
  return login.lastRefreshMs === undefined || now - login.lastRefreshMs >= TOKEN_REFRESH_INTERVAL_MS;
}

export class ChatgptCredentials implements RequestAuth {
  private inflight: Promise<ChatgptTokens> | undefined;
  /** The access token the last request carried, to tell a changed login from a rejected one. */
  private lastSentAccessToken: string | undefined;

  constructor(
    private readonly codexHome: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly now: () => number = Date.now,
  ) {}

  /** The stored login, re-read each time so a refresh by another process is picked up. */
  private load(): StoredChatgptLogin {
    let login: StoredChatgptLogin | undefined;
    try {
      login = readChatgptLogin(this.codexHome);
    } catch (err) {
      throw new ModelError((err as Error).message, false);
    }
    if (!login) throw new ModelError('Not logged in with ChatGPT any more; run `codex login` again.', false, undefined, undefined, 401);
    return login;
  }

  /** Where to refresh: the issuer that issued the tokens, else the configured one. */
  private settings(login: StoredChatgptLogin): OAuthSettings {
    return login.provenance ?? oauthSettings(this.env);
  }

  /** One refresh at a time per process; concurrent requests share it. */
  private refresh(login: StoredChatgptLogin): Promise<ChatgptTokens> {
    this.inflight ??= (async () => {
      try {
        const fresh = await requestTokenRefresh(this.settings(login), this.env, login.tokens.refreshToken);
        return storeRefreshedTokens(this.codexHome, login.tokens.refreshToken, fresh);
      } catch (err) {
        if (err instanceof RefreshTokenError) throw new ModelError(err.message, !err.permanent, undefined, undefined, err.permanent ? 401 : undefined);
        throw new ModelError(`could not save refreshed tokens: ${(err as Error).message}`, false);
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }

  /** Refreshes now, whatever the token's age (`account/read` with `refreshToken: true`). */
  async refreshNow(): Promise<void> {
    await this.refresh(this.load());
  }

  async headers(): Promise<Record<string, string>> {
    const login = this.load();
    const tokens = needsRefresh(login, this.now()) ? await this.refresh(login) : login.tokens;
    this.lastSentAccessToken = tokens.accessToken;
    const h: Record<string, string> = { authorization: `Bearer ${tokens.accessToken}` };
    const accountId = tokens.accountId ?? login.tokens.accountId ?? login.idTokenInfo.chatgptAccountId;
    if (accountId) h[CHATGPT_ACCOUNT_ID_HEADER] = accountId;
    return h;
  }

  /** Codex's 401 recovery: take a login changed on disk meanwhile, else refresh. */
  async recoverUnauthorized(): Promise<boolean> {
    const before = this.lastSentAccessToken;
    const login = this.load();
    if (before !== undefined && login.tokens.accessToken !== before) return true;
    await this.refresh(login);
    return true;
  }
}
