// Sign-in over `codex app-server` (stdio JSON-RPC), as the desktop app drives
// it: account/read, an API key checked with the provider, ChatGPT in the
// browser (the test plays the browser against the local issuer) and by device
// code, cancel and logout, with CODEX_HOME/auth.json checked after each step.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppServer } from '../../main/core/server/appServer.js';
import { AppServerClient } from '../support/appServerClient.js';
import { makeSandbox, type Sandbox } from '../support/cli.js';
import { faults as F, startScriptedServer, type ScriptedServer } from '../support/scriptedServer.js';
import { startLocalIssuer, type LocalIssuer } from './localIssuer.js';

let server: ScriptedServer;
let issuer: LocalIssuer;
let sb: Sandbox;
let client: AppServerClient;
/** Everything the server wrote, in order (the client files responses and notifications apart). */
let lines: any[];

const authFile = (): string => join(sb.home, 'auth.json');
const authJson = (): any => JSON.parse(readFileSync(authFile(), 'utf8'));

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  server.reset();
  issuer = await startLocalIssuer();
  sb = makeSandbox(server.baseUrl);
  // The OpenAI provider (which needs OpenAI auth), its API at the scripted server: keys are checked against its /models.
  writeFileSync(join(sb.home, 'config.toml'), 'model = "gpt-5.5"\n');
  sb.env = { ...sb.env, CODEX_AUTH_ISSUER: issuer.url, CODEX_LOGIN_CALLBACK_PORT: '0', OPENAI_BASE_URL: server.baseUrl };
  client = AppServerClient.spawn(sb);
  lines = [];
  createInterface({ input: client.proc.stdout }).on('line', (l) => lines.push(JSON.parse(l)));
  await client.initialized;
});
afterEach(async () => {
  client.close();
  await issuer.close();
});

describe('account/* over codex app-server', () => {
  it('account/read before sign-in: no account, OpenAI auth required', async () => {
    const res = await client.request('account/read', {});
    expect(res.result).toEqual({ account: null, requiresOpenaiAuth: true, userId: null });
    expect(existsSync(authFile())).toBe(false);
  });

  it('account/read with a provider that has its own key: no OpenAI account shown even with a saved key, as Codex', async () => {
    client.close();
    writeFileSync(
      join(sb.home, 'config.toml'),
      `model = "gpt-5.5"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "mock"\nbase_url = "${server.baseUrl}"\nenv_key = "MOCK_API_KEY"\n`,
    );
    writeFileSync(authFile(), JSON.stringify({ OPENAI_API_KEY: 'sk-saved', tokens: null, last_refresh: null }), { mode: 0o600 });
    client = AppServerClient.spawn(sb);
    await client.initialized;
    expect((await client.request('account/read', {})).result).toEqual({ account: null, requiresOpenaiAuth: false, userId: null });
  });

  it('apiKey: a key the provider accepts is saved (0600) and read back; account/updated says apikey', async () => {
    server.route('GET', '/v1/models', F.http(200, { data: [] }));
    const res = await client.request('account/login/start', { type: 'apiKey', apiKey: 'sk-good-1234567890' });
    expect(res.result).toEqual({ type: 'apiKey' });
    expect(server.requests.find((r) => r.path === '/v1/models')!.headers.authorization).toBe('Bearer sk-good-1234567890');
    expect(authJson().OPENAI_API_KEY).toBe('sk-good-1234567890');
    expect(statSync(authFile()).mode & 0o777).toBe(0o600);
    await client.waitFor((n) => n.method === 'account/updated');
    // As Codex: the answer first, then the login completes (no login id) and the account changes.
    const start = lines.findIndex((l) => l.id === res.id);
    expect(lines.slice(start, start + 3).map((l) => l.method ?? 'response')).toEqual(['response', 'account/login/completed', 'account/updated']);
    expect(lines[start + 1].params).toEqual({ loginId: null, success: true, error: null });
    expect(lines[start + 2].params).toEqual({ authMode: 'apikey', planType: null });
    expect((await client.request('account/read', {})).result).toEqual({ account: { type: 'apiKey' }, requiresOpenaiAuth: true, userId: null });

    const out = await client.request('account/logout', undefined);
    expect(out.result).toEqual({});
    expect(existsSync(authFile())).toBe(false);
    await client.waitFor((n) => n.method === 'account/updated' && n.params.authMode === null);
    const logoutAt = lines.findIndex((l) => l.id === out.id);
    expect(lines[logoutAt + 1]).toMatchObject({ method: 'account/updated', params: { authMode: null, planType: null } });
    expect((await client.request('account/read', {})).result.account).toBeNull();
  });

  it('apiKey: a key the provider refuses is an invalid-params error with its message, and nothing is saved', async () => {
    server.route('GET', '/v1/models', F.status(401, 'Incorrect API key provided'));
    const res = await client.request('account/login/start', { type: 'apiKey', apiKey: 'sk-bad' });
    expect(res.error.code).toBe(-32602);
    expect(res.error.message).toMatch(/rejected the API key \(HTTP 401.*Incorrect API key provided; the key was not saved/);
    expect(existsSync(authFile())).toBe(false);
    expect(client.notifications.some((n) => n.method === 'account/updated')).toBe(false);
  });

  it('an unknown login type is refused as invalid params naming the field', async () => {
    const res = await client.request('account/login/start', { type: 'chatgptAuthTokens', accessToken: 'x', chatgptAccountId: 'y' });
    expect(res.error.code).toBe(-32602);
    expect(res.error.message).toMatch(/account\/login\/start/);
  });

  it('chatgpt: the browser round trip ends in account/login/completed and account/updated; auth.json holds the tokens; logout revokes and removes it', async () => {
    const res = await client.request('account/login/start', { type: 'chatgpt' });
    const { loginId, authUrl } = res.result;
    expect(res.result.type).toBe('chatgpt');
    expect(authUrl.startsWith(`${issuer.url}/oauth/authorize?`)).toBe(true);
    // The browser: the issuer redirects to our loopback callback, which exchanges the code (PKCE).
    const authorize = await fetch(authUrl, { redirect: 'manual' });
    const callback = await fetch(authorize.headers.get('location')!, { redirect: 'follow' });
    expect(callback.status).toBe(200);
    const completed = await client.waitFor((n) => n.method === 'account/login/completed');
    expect(completed.params).toEqual({ loginId, success: true, error: null });
    const updated = await client.waitFor((n) => n.method === 'account/updated');
    expect(updated.params).toEqual({ authMode: 'chatgpt', planType: 'plus' });

    const auth = authJson();
    expect(auth.tokens.access_token).toBe(issuer.accessTokens.at(-1));
    expect(auth.tokens.account_id).toBe(issuer.accountId);
    expect(statSync(authFile()).mode & 0o777).toBe(0o600);
    const read = await client.request('account/read', { refreshToken: true });
    expect(read.result).toEqual({ account: { type: 'chatgpt', email: issuer.email, planType: 'plus' }, requiresOpenaiAuth: true, userId: 'user-1' });
    // refreshToken: true ran the issuer's refresh grant and saved the new tokens.
    expect(issuer.requests.filter((r) => (r.body as any).grant_type === 'refresh_token').length).toBe(1);
    expect(authJson().tokens.access_token).toBe(issuer.accessTokens.at(-1));
    expect(authJson().tokens.access_token).not.toBe(auth.tokens.access_token);

    expect((await client.request('account/logout', {})).result).toEqual({});
    expect(existsSync(authFile())).toBe(false);
    expect(issuer.requests.some((r) => r.path === '/oauth/revoke')).toBe(true);
    await client.waitFor((n) => n.method === 'account/updated' && n.params.authMode === null);
  });

  it('chatgptDeviceCode: the code is shown, and once approved the login completes and auth.json is written', async () => {
    const res = await client.request('account/login/start', { type: 'chatgptDeviceCode' });
    expect(res.result).toMatchObject({ type: 'chatgptDeviceCode', verificationUrl: `${issuer.url}/codex/device` });
    expect(existsSync(authFile())).toBe(false);
    issuer.approveDevice(res.result.userCode);
    const completed = await client.waitFor((n) => n.method === 'account/login/completed');
    expect(completed.params).toEqual({ loginId: res.result.loginId, success: true, error: null });
    expect(authJson().tokens.access_token).toBe(issuer.accessTokens.at(-1));
    expect((await client.request('account/read', {})).result.account).toMatchObject({ type: 'chatgpt', email: issuer.email });
  });

  it('account/login/cancel ends a pending login (success false, nothing saved); another id is notFound, a non-UUID an invalid request', async () => {
    const res = await client.request('account/login/start', { type: 'chatgpt' });
    const callbackUrl = new URL(new URL(res.result.authUrl).searchParams.get('redirect_uri')!);
    expect((await client.request('account/login/cancel', { loginId: '00000000-0000-4000-8000-000000000000' })).result).toEqual({ status: 'notFound' });
    expect((await client.request('account/login/cancel', { loginId: 'not-a-login' })).error).toMatchObject({
      code: -32600,
      message: 'invalid login id: not-a-login',
    });
    expect((await client.request('account/login/cancel', { loginId: res.result.loginId })).result).toEqual({ status: 'canceled' });
    const completed = await client.waitFor((n) => n.method === 'account/login/completed');
    expect(completed.params).toEqual({ loginId: res.result.loginId, success: false, error: 'Login was not completed' });
    expect(existsSync(authFile())).toBe(false);
    // The loopback callback server is gone.
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`http://127.0.0.1:${callbackUrl.port}/auth/callback`)).rejects.toThrow();
    expect((await client.request('account/login/cancel', { loginId: res.result.loginId })).result).toEqual({ status: 'notFound' });
  });

  it('forced_login_method = "chatgpt" in config.toml refuses an API key as an invalid request, as Codex', async () => {
    client.close();
    const config = readFileSync(join(sb.home, 'config.toml'), 'utf8');
    writeFileSync(join(sb.home, 'config.toml'), `forced_login_method = "chatgpt"\n${config}`);
    client = AppServerClient.spawn(sb);
    await client.initialized;
    const res = await client.request('account/login/start', { type: 'apiKey', apiKey: 'sk-good-1234567890' });
    expect(res.error).toMatchObject({ code: -32600, message: 'API key login is disabled. Use ChatGPT login instead.' });
    expect(existsSync(authFile())).toBe(false);
  });

  it('shutdown ends a pending browser login: its loopback callback server is closed and the client told', async () => {
    // In process, as the desktop host runs the core: the process does not exit to clean up for it.
    const notes: { method: string; params: any }[] = [];
    const core = new AppServer({
      source: { custom: 'desktop' },
      originator: 'codex_desktop',
      version: '0.0.0-test',
      env: sb.env,
      host: { notify: (method, params) => notes.push({ method, params }), request: () => Promise.reject(new Error('no client')) },
    });
    const started = await core.request('account/login/start', { type: 'chatgpt' });
    if (started.type !== 'chatgpt') throw new Error(`expected a chatgpt login, got ${started.type}`);
    const callback = new URL(new URL(started.authUrl).searchParams.get('redirect_uri')!);
    expect((await fetch(`http://127.0.0.1:${callback.port}/`)).status).toBeGreaterThan(0); // listening
    await core.shutdown();
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`http://127.0.0.1:${callback.port}/auth/callback`)).rejects.toThrow();
    expect(notes.find((n) => n.method === 'account/login/completed')?.params).toEqual({
      loginId: started.loginId,
      success: false,
      error: 'Login was not completed',
    });
    expect(existsSync(authFile())).toBe(false);
  });
});
