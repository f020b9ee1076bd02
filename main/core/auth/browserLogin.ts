// "Sign in with ChatGPT" in the browser, as Codex does it: a one-shot HTTP
// server on 127.0.0.1 (port 1455, else 1457) receives the issuer's redirect
// at /auth/callback, checks the state, trades the code (with the PKCE
// verifier) for tokens, trades the id token for an API key (best effort),
// saves auth.json and sends the browser to /success.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { saveChatgptLogin } from './chatgptAuthFile.js';
import { openaiAuthClaims } from './jwt.js';
import { AUTHORIZE_SCOPE, CALLBACK_PATH, type OAuthSettings } from './oauthConfig.js';
import { generatePkce, generateState, type PkceCodes } from './pkce.js';
import { exchangeCodeForTokens, obtainApiKey } from './tokenEndpoint.js';

export interface BrowserLoginOptions {
  codexHome: string;
  settings: OAuthSettings;
  /** First port to bind; `fallback` is tried when it stays busy (Codex: 1455 then 1457). */
  port: number;
  fallbackPort?: number;
  /** The `originator` sent to the issuer (Codex CLI: "codex_cli_rs"). */
  originator: string;
  /** `forced_chatgpt_workspace_id`: the account the token must belong to. */
  forcedWorkspaceIds?: string[];
}

export interface BrowserLogin {
  authUrl: string;
  port: number;
  /** Resolves once auth.json is saved and the browser was sent to /success; rejects with the reason otherwise. */
  done: Promise<void>;
  cancel(): void;
}

/** The issuer's authorize URL with Codex 0.169's parameters, in its order. */
export function buildAuthorizeUrl(s: OAuthSettings, redirectUri: string, pkce: PkceCodes, state: string, originator: string, workspaceIds?: string[]): string {
  const q = new URLSearchParams();
  q.set('response_type', 'code');
  q.set('client_id', s.clientId);
  q.set('redirect_uri', redirectUri);
  q.set('code_challenge', pkce.codeChallenge);
  q.set('code_challenge_method', 'S256');
  q.set('state', state);
  q.set('scope', AUTHORIZE_SCOPE);
  q.set('id_token_add_organizations', 'true');
  q.set('codex_cli_simplified_flow', 'true');
  q.set('originator', originator);
  if (workspaceIds && workspaceIds.length > 0) q.set('allowed_workspace_id', workspaceIds.join(','));
  return `${s.issuer}/oauth/authorize?${q.toString()}`;
}

/** Codex's check of `forced_chatgpt_workspace_id` against the id token; the refusal text or undefined. */
export function workspaceRefusal(expected: string[] | undefined, idToken: string): string | undefined {
  if (!expected || expected.length === 0) return undefined;
  const actual = openaiAuthClaims(idToken).chatgpt_account_id;
  if (typeof actual !== 'string') return 'Login is restricted to a specific workspace, but the token did not include an chatgpt_account_id claim.';
  return expected.includes(actual) ? undefined : `Login is restricted to workspace id(s) ${expected.join(', ')}.`;
}

/** Codex's message for an error the issuer sent back to the callback. */
export function callbackErrorMessage(code: string, description: string | undefined): string {
  if (code === 'access_denied' && description?.toLowerCase().includes('missing_codex_entitlement')) {
    return 'Codex is not enabled for your workspace. Contact your workspace administrator to request access to Codex.';
  }
  if (description && description.trim() !== '') return `Sign-in failed: ${description}`;
  return `Sign-in failed: ${code}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const SUCCESS_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Signed in to Codex</title><h1>Signed in to Codex</h1><p>You can close this tab and return to Codex.</p>';

function errorPage(message: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Sign-in could not be completed</title><h1>Sign-in could not be completed</h1><p>${escapeHtml(message)}</p><p>Return to Codex to retry.</p>`;
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/** Asks a login server left on `port` (an earlier `codex login`) to stop, as Codex does. */
async function cancelPrevious(port: number): Promise<void> {
  try {
    await fetch(`http://127.0.0.1:${port}/cancel`, { signal: AbortSignal.timeout(2000) });
  } catch {
    // nothing there, or not ours: the retries below decide
  }
}

async function bindWithRetries(server: http.Server, port: number, fallback: number | undefined): Promise<void> {
  let cancelled = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await listen(server, port);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
      if (!cancelled) {
        cancelled = true;
        await cancelPrevious(port);
      }
      await new Promise((r) => setTimeout(r, 200));
      if (attempt >= 10) {
        if (fallback !== undefined) return bindWithRetries(server, fallback, undefined);
        throw new Error(`Port 127.0.0.1:${port} is already in use`);
      }
    }
  }
}

export async function startBrowserLogin(opts: BrowserLoginOptions): Promise<BrowserLogin> {
  const pkce = generatePkce();
  const state = generateState();
  let settle!: { resolve: () => void; reject: (e: Error) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let finished = false;
  let saved = false;
  let redirectUri = '';
  let port = 0;

  // One request at a time, as Codex's loop: a browser repeating the callback must not race the
  // first exchange (the second would fail on the used code and end a login that is succeeding).
  let queue: Promise<void> = Promise.resolve();
  const server = http.createServer((req, res) => {
    queue = queue.then(() => handle(req, res)).catch(() => {});
  });
  const finish = (err?: Error): void => {
    if (finished) return;
    finished = true;
    // Let the last response flush, then stop accepting; keep-alive sockets are closed too.
    setImmediate(() => {
      server.close();
      server.closeAllConnections();
    });
    if (err) settle.reject(err);
    else settle.resolve();
  };
  const send = (res: http.ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8', extra: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), connection: 'close', ...extra });
    res.end(body);
  };
  const fail = (res: http.ServerResponse, status: number, message: string): void => {
    send(res, status, errorPage(message));
    finish(new Error(message));
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (finished) return send(res, 410, 'Login already finished', 'text/plain');
    // Once auth.json is saved only /success is left to serve.
    if (saved && url.pathname !== '/success') return send(res, 409, 'Login already completed', 'text/plain');
    switch (url.pathname) {
      case CALLBACK_PATH: {
        const q = url.searchParams;
        // A request without our state is not the issuer's redirect: refuse it and keep waiting.
        if (q.get('state') !== state) return send(res, 400, 'State mismatch', 'text/plain');
        const error = q.get('error');
        if (error) return fail(res, 403, callbackErrorMessage(error, q.get('error_description') ?? undefined));
        const code = q.get('code');
        if (!code) return fail(res, 400, 'Missing authorization code. Sign-in could not be completed.');
        let tokens;
        try {
          tokens = await exchangeCodeForTokens(opts.settings, redirectUri, pkce.codeVerifier, code);
        } catch (err) {
          return fail(res, 500, `Token exchange failed: ${(err as Error).message}`);
        }
        const refusal = workspaceRefusal(opts.forcedWorkspaceIds, tokens.idToken);
        if (refusal) return fail(res, 403, refusal);
        const apiKey = await obtainApiKey(opts.settings, tokens.idToken);
        try {
          saveChatgptLogin(opts.codexHome, { ...tokens, provenance: opts.settings, ...(apiKey ? { apiKey } : {}) });
        } catch (err) {
          return fail(res, 500, `Sign-in completed but credentials could not be saved locally: ${(err as Error).message}`);
        }
        saved = true;
        res.writeHead(302, { location: `http://127.0.0.1:${port}/success`, 'content-length': 0 });
        res.end();
        // A browser that never asks for /success must not keep the login waiting.
        setTimeout(() => finish(), 5000).unref();
        return;
      }
      case '/success':
        if (!saved) return send(res, 404, 'Not Found', 'text/plain');
        send(res, 200, SUCCESS_PAGE);
        return finish();
      case '/cancel':
        send(res, 200, 'Login cancelled', 'text/plain');
        return finish(new Error('Login cancelled'));
      default:
        return send(res, 404, 'Not Found', 'text/plain');
    }
  }

  await bindWithRetries(server, opts.port, opts.fallbackPort);
  port = (server.address() as AddressInfo).port;
  redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
  const authUrl = buildAuthorizeUrl(opts.settings, redirectUri, pkce, state, opts.originator, opts.forcedWorkspaceIds);
  return {
    authUrl,
    port,
    done,
    cancel: () => finish(saved ? undefined : new Error('Login was not completed')),
  };
}
