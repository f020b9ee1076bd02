// `account/*` over the app-server protocol: thin handlers over AccountService
// (core/auth/accountService.ts). The config is read on each call so a changed
// provider or forced_login_method applies without a restart; a refusal the
// user must see is a JSON-RPC error: invalid params for a rejected key,
// invalid request for a login method the config forbids (as Codex).
import { AccountError, AccountService, LoginDisabledError } from '../auth/accountService.js';
import { providerForStoredKey } from '../auth/apiKeyCheck.js';
import { loginRestrictions } from '../auth/loginRestrictions.js';
import type { Config } from '../config/types.js';
import type { ThreadHost } from '../session/threadHost.js';
import { RpcError } from './rpcError.js';
import { JSONRPC_INVALID_PARAMS, JSONRPC_INVALID_REQUEST, type ClientRequestParams, type ClientRequestResult } from '../../../shared/protocol/types.js';

type AccountMethod = 'account/read' | 'account/login/start' | 'account/login/cancel' | 'account/logout';
export type AccountHandlers = { [M in AccountMethod]: (params: ClientRequestParams<M>) => Promise<ClientRequestResult<M>> };

/** Read when the first account request arrives (the server's fields may not exist yet when the table is built). */
export interface AccountHandlerDeps {
  codexHome: () => string;
  env: () => NodeJS.ProcessEnv;
  /** The user's config (throws an RpcError when it cannot be read). */
  config: () => Config;
  originator: () => string;
  notify: ThreadHost['notify'];
}

export class AccountRequests {
  // One service per server: it owns the login in progress, so cancel finds it.
  private service: AccountService | undefined;

  constructor(private readonly deps: AccountHandlerDeps) {}

  private accounts(): AccountService {
    const deps = this.deps;
    return (this.service ??= new AccountService({
      codexHome: deps.codexHome(),
      env: deps.env(),
      provider: () => deps.config().modelProvider,
      // As `codex login --with-api-key`: checked where the key will be used.
      keyProvider: () => {
        const config = deps.config();
        return providerForStoredKey(config.modelProvider, config.modelProviders.openai);
      },
      restrictions: () => loginRestrictions(deps.config().raw),
      originator: deps.originator(),
      // As Codex: a request's answer goes out before the notifications it causes.
      onLoginCompleted: (n) => setImmediate(() => deps.notify('account/login/completed', n)),
      onAccountUpdated: (n) => setImmediate(() => deps.notify('account/updated', n)),
    }));
  }

  readonly handlers: AccountHandlers = {
    'account/read': (p) => refusalsAsRpcErrors(() => this.accounts().readAccount(p)),
    'account/login/start': (p) => refusalsAsRpcErrors(() => this.accounts().startLogin(p)),
    'account/login/cancel': async (p) => {
      // Login ids are UUIDs; anything else is a malformed request, as in Codex.
      if (!UUID.test(p.loginId)) throw new RpcError(JSONRPC_INVALID_REQUEST, `invalid login id: ${p.loginId}`);
      return this.accounts().cancelLogin(p.loginId);
    },
    'account/logout': () => refusalsAsRpcErrors(() => this.accounts().logout()),
  };

  /** A login still pending ends with the server: no loopback callback server or device-code polling outlives it. */
  close(): void {
    this.service?.cancelActive();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function refusalsAsRpcErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    // As Codex: a login method the config forbids is an invalid request; a refused key is bad params.
    if (err instanceof LoginDisabledError) throw new RpcError(JSONRPC_INVALID_REQUEST, err.message);
    if (err instanceof AccountError) throw new RpcError(JSONRPC_INVALID_PARAMS, err.message);
    throw err;
  }
}
