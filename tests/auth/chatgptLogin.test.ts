// `codex login` against a local OAuth issuer over real HTTP: the browser flow
// (the test is the browser), the device-code flow, PKCE enforcement, the
// auth.json Codex reads, and logout's revoke.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codexReferenceBin } from '../support/codexReference.js';
import { browserOpened, makeAuthSandbox, readAuthJson, startCodex, type AuthSandbox } from './authTestKit.js';
import { startLocalIssuer, type LocalIssuer } from './localIssuer.js';

let issuer: LocalIssuer;
let sb: AuthSandbox;

beforeEach(async () => {
  issuer = await startLocalIssuer();
  // Port 0: never take 1455 from a real `codex login` (or another test) on this machine.
  sb = makeAuthSandbox({ CODEX_LOGIN_CALLBACK_PORT: '0' });
});
afterEach(async () => {
  await issuer.close();
});

const s256 = (v: string): string => createHash('sha256').update(v).digest('base64url');

function expectCodexChatgptAuthJson(auth: any): void {
  expect(Object.keys(auth)).toEqual(['auth_mode', 'OPENAI_API_KEY', 'tokens', 'last_refresh']);
  expect(auth.auth_mode).toBe('chatgpt');
  expect(Object.keys(auth.tokens)).toEqual(['id_token', 'access_token', 'refresh_token', 'oauth_provenance', 'login_owner_id', 'account_id']);
  expect(auth.tokens.account_id).toBe(issuer.accountId);
  expect(auth.tokens.oauth_provenance).toEqual({ issuer: issuer.url, client_id: issuer.clientId });
  expect(issuer.liveRefreshTokens.has(auth.tokens.refresh_token)).toBe(true);
  expect(auth.tokens.access_token).toBe(issuer.accessTokens.at(-1));
  expect(Math.abs(Date.parse(auth.last_refresh) - Date.now())).toBeLessThan(60_000);
  expect(statSync(join(sb.home, 'auth.json')).mode & 0o777).toBe(0o600);
}

describe('browser sign-in (PKCE, loopback callback)', () => {
  it('the browser follows the authorize URL, the callback gets the code, tokens land in auth.json as Codex writes them', async () => {
    const login = startCodex(undefined, ['login', '--experimental_issuer', issuer.url], sb);
    const authUrl = await browserOpened(sb);
    await login.waitFor(/navigate to this URL to authenticate:\n\n(\S+)/);
    expect(login.stderr()).toContain(authUrl);
    const port = Number((await login.waitFor(/Starting local login server on http:\/\/localhost:(\d+)\./))[1]);

    const u = new URL(authUrl);
    expect(`${u.origin}${u.pathname}`).toBe(`${issuer.url}/oauth/authorize`);
    expect([...u.searchParams.keys()]).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'code_challenge',
      'code_challenge_method',
      'state',
      'scope',
      'id_token_add_organizations',
      'codex_cli_simplified_flow',
      'originator',
    ]);
    expect(u.searchParams.get('client_id')).toBe('app_EMoamEEZ73f0CkXaXp7hrann');
    expect(u.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/auth/callback`);
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
    expect(u.searchParams.get('scope')).toBe('openid profile email offline_access api.connectors.read api.connectors.invoke');
    expect(u.search).toContain('scope=openid+profile+email');

    // A request without the right state (another page poking the port) is refused and does not end the login.
    const forged = await fetch(`http://127.0.0.1:${port}/auth/callback?code=x&state=wrong`);
    expect(forged.status).toBe(400);

    // The browser: issuer redirects to the loopback callback, which redirects to /success.
    const toCallback = await fetch(authUrl, { redirect: 'manual' });
    expect(toCallback.status).toBe(302);
    const callback = toCallback.headers.get('location')!;
    expect(callback.startsWith(`http://127.0.0.1:${port}/auth/callback?code=`)).toBe(true);
    const toSuccess = await fetch(callback, { redirect: 'manual' });
    expect(toSuccess.status).toBe(302);
    const success = await fetch(toSuccess.headers.get('location')!);
    expect(success.status).toBe(200);
    expect(await success.text()).toContain('Signed in');

    expect(await login.exit).toBe(0);
    expect(login.stderr()).toContain('Successfully logged in');

    const exchange = issuer.requests.find((r) => r.path === '/oauth/token' && (r.body as any).grant_type === 'authorization_code')!;
    expect(exchange.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(exchange.body as object)).toEqual(['grant_type', 'client_id', 'code', 'redirect_uri', 'code_verifier']);
    expect(s256((exchange.body as any).code_verifier)).toBe(u.searchParams.get('code_challenge'));
    expect((exchange.body as any).redirect_uri).toBe(`http://127.0.0.1:${port}/auth/callback`);

    const auth = readAuthJson(sb);
    expectCodexChatgptAuthJson(auth);
    // The id token was traded for an API key, as Codex does after a browser sign-in.
    expect(auth.OPENAI_API_KEY).toMatch(/^sk-exchanged-/);

    const status = startCodex(undefined, ['login', 'status'], sb);
    expect(await status.exit).toBe(0);
    expect(status.stderr()).toBe('Logged in using ChatGPT\n');
  });

  it('a code bound to another PKCE challenge is refused by the issuer and nothing is saved', async () => {
    const login = startCodex(undefined, ['login', '--experimental_issuer', issuer.url], sb);
    const authUrl = new URL(await browserOpened(sb));
    // Someone swaps the challenge on the way to the issuer: the verifier our CLI holds no longer matches.
    authUrl.searchParams.set('code_challenge', s256('not-the-real-verifier'));
    const toCallback = await fetch(authUrl, { redirect: 'manual' });
    const page = await fetch(toCallback.headers.get('location')!, { redirect: 'manual' });
    expect(page.status).toBe(500);
    expect(await page.text()).toContain('PKCE verification failed');
    expect(await login.exit).toBe(1);
    expect(login.stderr()).toContain('Error logging in: Token exchange failed: token endpoint returned status 400 Bad Request: PKCE verification failed');
    expect(existsSync(join(sb.home, 'auth.json'))).toBe(false);
    expect(issuer.accessTokens).toHaveLength(0);
  });

  it('an error sent back by the issuer ends the login with its description', async () => {
    const login = startCodex(undefined, ['login', '--experimental_issuer', issuer.url], sb);
    const authUrl = new URL(await browserOpened(sb));
    const cb = new URL(authUrl.searchParams.get('redirect_uri')!);
    cb.searchParams.set('state', authUrl.searchParams.get('state')!);
    cb.searchParams.set('error', 'access_denied');
    cb.searchParams.set('error_description', 'missing_codex_entitlement');
    expect((await fetch(cb)).status).toBe(403);
    expect(await login.exit).toBe(1);
    expect(login.stderr()).toContain('Error logging in: Codex is not enabled for your workspace.');
    expect(existsSync(join(sb.home, 'auth.json'))).toBe(false);
  });
});

describe('device-code sign-in', () => {
  it('shows the code, polls until approved, saves the tokens; logout revokes and removes them', async () => {
    const login = startCodex(undefined, ['login', '--device-auth', '--experimental_issuer', issuer.url], sb);
    const [, url, code] = await login.waitFor(
      /Open this link in your browser and sign in to your account\n\s+(\S+)\n\n2\. Enter this one-time code \(expires in 15 minutes\)\n\s+(\S+)/,
    );
    expect(url).toBe(`${issuer.url}/codex/device`);
    // Let it poll while "pending" at least once before the user approves.
    const until = Date.now() + 10_000;
    while (issuer.requests.filter((r) => r.path === '/api/accounts/deviceauth/token').length < 1 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    issuer.approveDevice(code!);
    expect(await login.exit).toBe(0);
    expect(login.stderr()).toContain('Successfully logged in');

    const polls = issuer.requests.filter((r) => r.path === '/api/accounts/deviceauth/token');
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls[0]!.body).toEqual({ device_auth_id: expect.any(String), user_code: code });
    const exchange = issuer.requests.find((r) => r.path === '/oauth/token')!;
    expect((exchange.body as any).redirect_uri).toBe(`${issuer.url}/deviceauth/callback`);

    const auth = readAuthJson(sb);
    expectCodexChatgptAuthJson(auth);
    expect(auth.OPENAI_API_KEY).toBeNull();

    const refresh = auth.tokens.refresh_token;
    const out = startCodex(undefined, ['logout'], sb);
    expect(await out.exit).toBe(0);
    expect(out.stderr()).toBe('Successfully logged out\n');
    expect(existsSync(join(sb.home, 'auth.json'))).toBe(false);
    const revoke = issuer.requests.find((r) => r.path === '/oauth/revoke')!;
    expect(revoke.body).toEqual({ token: refresh, token_type_hint: 'refresh_token', client_id: issuer.clientId });
    expect(issuer.liveRefreshTokens.has(refresh)).toBe(false);
  });

  it("an issuer without device codes gets Codex's message", async () => {
    const login = startCodex(undefined, ['login', '--device-auth', '--experimental_issuer', `${issuer.url}/nowhere`], sb);
    expect(await login.exit).toBe(1);
    expect(login.stderr()).toContain(
      'Error logging in: device code login is not enabled for this Codex server. Use the browser login or verify the server URL.',
    );
  });
});

describe('help', () => {
  it('login --help, login status --help and logout --help print their usage and exit 0', async () => {
    for (const [args, first] of [
      [['login', '--help'], 'Manage login'],
      [['login', 'status', '--help'], 'Show login status'],
      [['logout', '-h'], 'Remove stored authentication credentials'],
    ] as const) {
      const run = startCodex(undefined, [...args], sb);
      expect(await run.exit).toBe(0);
      expect(run.stdout().split('\n')[0]).toBe(first);
    }
    const login = startCodex(undefined, ['login', '--help'], sb);
    await login.exit;
    expect(login.stdout()).toContain('--device-auth');
    expect(login.stdout()).toContain('--with-api-key');
  });
});

describe('config restrictions (forced_login_method, forced_chatgpt_workspace_id)', () => {
  it('forced_login_method = "api" refuses ChatGPT sign-in; "chatgpt" refuses an API key', async () => {
    const chatgpt = startCodex(undefined, ['login', '-c', 'forced_login_method="api"', '--experimental_issuer', issuer.url], sb);
    expect(await chatgpt.exit).toBe(1);
    expect(chatgpt.stderr()).toBe('ChatGPT login is disabled. Use API key login instead.\n');
    const key = startCodex(undefined, ['login', '--with-api-key', '--no-verify', '-c', 'forced_login_method="chatgpt"'], sb, 'sk-1234567890abcdef\n');
    expect(await key.exit).toBe(1);
    expect(key.stderr()).toBe('API key login is disabled. Use ChatGPT login instead.\n');
    expect(existsSync(join(sb.home, 'auth.json'))).toBe(false);
  });

  it('a login for another workspace than forced_chatgpt_workspace_id is refused and not saved', async () => {
    const login = startCodex(undefined, ['login', '--device-auth', '-c', 'forced_chatgpt_workspace_id="ws-expected"', '--experimental_issuer', issuer.url], sb);
    const [, code] = await login.waitFor(/one-time code \(expires in 15 minutes\)\n\s+(\S+)/);
    issuer.approveDevice(code!);
    expect(await login.exit).toBe(1);
    expect(login.stderr()).toContain('Error logging in: Login is restricted to workspace id(s) ws-expected.');
    expect(existsSync(join(sb.home, 'auth.json'))).toBe(false);
  });

  it('the matching workspace is accepted, and the browser flow asks the issuer for it', async () => {
    const login = startCodex(undefined, ['login', '-c', `forced_chatgpt_workspace_id="${issuer.accountId}"`, '--experimental_issuer', issuer.url], sb);
    const authUrl = await browserOpened(sb);
    expect(new URL(authUrl).searchParams.get('allowed_workspace_id')).toBe(issuer.accountId);
    const cb = await fetch(authUrl, { redirect: 'manual' });
    await fetch(cb.headers.get('location')!);
    expect(await login.exit).toBe(0);
    expect(readAuthJson(sb).tokens.account_id).toBe(issuer.accountId);
  });
});

const reference = codexReferenceBin();

describe.skipIf(!reference)('the login is shared with Codex 0.169', () => {
  it('Codex reads the auth.json our login wrote', async () => {
    const login = startCodex(undefined, ['login', '--device-auth', '--experimental_issuer', issuer.url], sb);
    const [, code] = await login.waitFor(/one-time code \(expires in 15 minutes\)\n\s+(\S+)/);
    issuer.approveDevice(code!);
    expect(await login.exit).toBe(0);
    const status = startCodex(reference, ['login', 'status'], sb);
    expect(await status.exit).toBe(0);
    expect(status.stderr()).toContain('Logged in using ChatGPT');
  });

  it("we read the auth.json Codex's own device login wrote", async () => {
    const login = startCodex(reference, ['login', '--device-auth', '--experimental_issuer', issuer.url], sb);
    const [, code] = await login.waitFor(/one-time code \(expires in 15 minutes\)\n\s+(\S+)/);
    issuer.approveDevice(code!);
    expect(await login.exit).toBe(0);
    const status = startCodex(undefined, ['login', 'status'], sb);
    expect(await status.exit).toBe(0);
    expect(status.stderr()).toBe('Logged in using ChatGPT\n');
  });
});
