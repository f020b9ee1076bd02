// Sign-in for the app, independent of the transport: the operations and
// shapes of Codex 0.169's app-server `account/*` methods, so a thin handler
// can expose them as `account/read`, `account/login/start`,
// `account/login/cancel`, `account/logout` with the notifications
// `account/login/completed` and `account/updated`.
import crypto from 'node:crypto';
import { loginWithApiKey, readAuthFile } from '../config/auth.js';
import type { ModelProviderInfo } from '../config/types.js';
import { checkApiKey, describeApiKeyCheck, providerForStoredKey } from './apiKeyCheck.js';
import { startBrowserLogin, type BrowserLogin } from './browserLogin.js';
import { isChatgptAuth, readChatgptLogin } from './chatgptAuthFile.js';
import { ChatgptCredentials } from './chatgptCredentials.js';
import { completeDeviceCodeLogin, requestDeviceCode } from './deviceLogin.js';
import { logoutWithRevoke } from './logout.js';
import { API_KEY_LOGIN_DISABLED, CHATGPT_LOGIN_DISABLED, type LoginRestrictions } from './loginRestrictions.js';
import { callbackPort, oauthSettings } from './oauthConfig.js';
import type * as z from 'zod/mini';
import {
  planType,
  type account,
  type accountLoginCompletedNotification,
  type accountUpdatedNotification,
  type getAccountResponse,
  type loginAccountParams,
  type loginAccountResponse,
} from '../../../shared/protocol/account.js';

export type PlanType = z.output<typeof planType>;
export type Account = z.output<typeof account>;
export type GetAccountResponse = z.output<typeof getAccountResponse>;
export type LoginAccountParams = z.output<typeof loginAccountParams>;
export type LoginAccountResponse = z.output<typeof loginAccountResponse>;
export type AccountLoginCompleted = z.output<typeof accountLoginCompletedNotification>;
export type AccountUpdated = z.output<typeof accountUpdatedNotification>;

export interface AccountServiceOptions {
  codexHome: string;
  env: NodeJS.ProcessEnv;
  /** The configured provider: decides `requiresOpenaiAuth`. */
  provider: () => ModelProviderInfo;
  /** Where an auth.json key is checked; default: the configured provider when it uses OpenAI auth, else OpenAI's defaults. */
  keyProvider?: () => ModelProviderInfo;
  /** Sent to the issuer as `originator`. */
  originator: string;
  /** Codex's forced_login_method / forced_chatgpt_workspace_id from the config. */
  restrictions?: () => LoginRestrictions;
  /** Check API keys against the provider before saving (default true). */
  verifyApiKeys?: boolean;
  onLoginCompleted?: (n: AccountLoginCompleted) => void;
  onAccountUpdated?: (n: AccountUpdated) => void;
}

/** A refusal the client should show as is (JSON-RPC invalid params / request error). */
export class AccountError extends Error {}
/** A login method the config forbids (forced_login_method): Codex answers it as an invalid request. */
export class LoginDisabledError extends AccountError {}

/** The id token's plan claim as Codex's PlanType; anything unknown reads as "unknown". */
function planOf(plan: string | undefined): PlanType {
  const p = plan?.toLowerCase();
  if (p === 'hc') return 'enterprise';
  if (p === 'education') return 'edu';
  const known = planType.safeParse(p);
  return known.success ? known.data : 'unknown';
}

interface ActiveLogin {
  id: string;
  cancel: () => void;
}

export class AccountService {
  private active: ActiveLogin | undefined;

  constructor(private readonly opts: AccountServiceOptions) {}

  /** `account/read`. */
  read(): GetAccountResponse {
    const requiresOpenaiAuth = this.opts.provider().requiresOpenaiAuth;
    // As Codex: a provider with its own key (requires_openai_auth = false) has no OpenAI account to show.
    if (!requiresOpenaiAuth) return { account: null, requiresOpenaiAuth, userId: null };
    const auth = readAuthFile(this.opts.codexHome);
    if (auth === undefined) return { account: null, requiresOpenaiAuth, userId: null };
    if (!isChatgptAuth(auth)) return { account: typeof auth.OPENAI_API_KEY === 'string' ? { type: 'apiKey' } : null, requiresOpenaiAuth, userId: null };
    const login = readChatgptLogin(this.opts.codexHome);
    const info = login?.idTokenInfo ?? {};
    return {
      account: { type: 'chatgpt', email: info.email ?? null, planType: planOf(info.chatgptPlanType) },
      requiresOpenaiAuth,
      userId: info.chatgptUserId ?? null,
    };
  }

  /**
   * `account/read` with its `refreshToken` flag: a ChatGPT login is refreshed first.
   * As in Codex, a failed refresh is not an error: the account as stored is answered.
   */
  async readAccount(params: { refreshToken?: boolean } = {}): Promise<GetAccountResponse> {
    const auth = params.refreshToken ? readAuthFile(this.opts.codexHome) : undefined;
    if (auth !== undefined && isChatgptAuth(auth)) {
      await new ChatgptCredentials(this.opts.codexHome, this.opts.env).refreshNow().catch(() => undefined);
    }
    return this.read();
  }

  private updated(): void {
    const a = this.read().account;
    this.opts.onAccountUpdated?.({
      authMode: a === null ? null : a.type === 'apiKey' ? 'apikey' : 'chatgpt',
      planType: a?.type === 'chatgpt' ? a.planType : null,
    });
  }

  private finish(id: string, err: unknown): void {
    if (this.active?.id === id) this.active = undefined;
    this.opts.onLoginCompleted?.({ loginId: id, success: err === undefined, error: err === undefined ? null : (err as Error).message });
    if (err === undefined) this.updated();
  }

  /** Starting a login ends the one still running, as in Codex. */
  private replaceActive(next: ActiveLogin): void {
    this.active?.cancel();
    this.active = next;
  }

  /** `account/login/start`. */
  async startLogin(params: LoginAccountParams): Promise<LoginAccountResponse> {
    const r = this.opts.restrictions?.() ?? {};
    if (params.type === 'apiKey' && r.forcedLoginMethod === 'chatgpt') throw new LoginDisabledError(API_KEY_LOGIN_DISABLED);
    if (params.type !== 'apiKey' && r.forcedLoginMethod === 'api') throw new LoginDisabledError(CHATGPT_LOGIN_DISABLED);
    const forcedWorkspaceIds = r.forcedWorkspaceIds;
    switch (params.type) {
      case 'apiKey':
        await this.saveApiKey(params.apiKey);
        return { type: 'apiKey' };
      case 'chatgpt': {
        const ports = callbackPort(this.opts.env);
        const login: BrowserLogin = await startBrowserLogin({
          codexHome: this.opts.codexHome,
          settings: oauthSettings(this.opts.env),
          port: ports.port,
          fallbackPort: ports.fallback,
          originator: this.opts.originator,
          forcedWorkspaceIds,
        });
        const id = crypto.randomUUID();
        this.replaceActive({ id, cancel: () => login.cancel() });
        login.done.then(
          () => this.finish(id, undefined),
          (err: unknown) => this.finish(id, err),
        );
        return { type: 'chatgpt', loginId: id, authUrl: login.authUrl };
      }
      case 'chatgptDeviceCode': {
        const settings = oauthSettings(this.opts.env);
        const code = await requestDeviceCode(settings);
        const id = crypto.randomUUID();
        const abort = new AbortController();
        this.replaceActive({ id, cancel: () => abort.abort(new Error('Login was not completed')) });
        completeDeviceCodeLogin(this.opts.codexHome, settings, code, { signal: abort.signal, forcedWorkspaceIds }).then(
          () => this.finish(id, undefined),
          (err: unknown) => this.finish(id, err),
        );
        return { type: 'chatgptDeviceCode', loginId: id, verificationUrl: code.verificationUrl, userCode: code.userCode };
      }
    }
  }

  /** `account/login/cancel`. */
  cancelLogin(loginId: string): { status: 'canceled' | 'notFound' } {
    if (this.active?.id !== loginId) return { status: 'notFound' };
    this.active.cancel();
    return { status: 'canceled' };
  }

  /** Ends a login still waiting on its browser or device code (its loopback server, its polling): the server is shutting down. */
  cancelActive(): void {
    this.active?.cancel();
  }

  /** `account/logout`: revokes a ChatGPT refresh token (best effort) and removes auth.json. */
  async logout(): Promise<Record<string, never>> {
    this.active?.cancel();
    await logoutWithRevoke(this.opts.codexHome, this.opts.env);
    this.updated();
    return {};
  }

  /** Checks the key with the provider (unless disabled), then saves it as `codex login --with-api-key` does. */
  private async saveApiKey(apiKey: string): Promise<void> {
    const key = apiKey.trim();
    if (key === '') throw new AccountError('apiKey: the API key is empty');
    if (this.opts.verifyApiKeys !== false) {
      const provider = this.opts.keyProvider?.() ?? providerForStoredKey(this.opts.provider(), undefined);
      const check = await checkApiKey(provider, key);
      if (check.outcome === 'rejected' || check.outcome === 'unreachable')
        throw new AccountError(`${describeApiKeyCheck(check, provider.name)}; the key was not saved`);
    }
    this.active?.cancel();
    loginWithApiKey(this.opts.codexHome, key);
    // As Codex: an API key login completes at once, without a login id.
    this.opts.onLoginCompleted?.({ loginId: null, success: true, error: null });
    this.updated();
  }
}
