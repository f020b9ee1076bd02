// The app's sign-in operations (Codex's account/* semantics) in-process,
// against the local issuer over real HTTP: the test plays the browser and
// the user approving a device code.
import { existsSync, mkdtempSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountService, type AccountLoginCompleted, type AccountUpdated } from '../../main/core/auth/accountService.js';
import { builtInProviders } from '../../main/core/config/providers.js';
import { faults as F, startScriptedServer, type ScriptedServer } from '../support/scriptedServer.js';
import { startLocalIssuer, type LocalIssuer } from './localIssuer.js';

let issuer: LocalIssuer;
let home: string;
let completed: AccountLoginCompleted[];
let updated: AccountUpdated[];

function service(extra: { keyBaseUrl?: string } = {}): AccountService {
  const env = { CODEX_AUTH_ISSUER: issuer.url, CODEX_LOGIN_CALLBACK_PORT: '0' };
  const openai = builtInProviders(extra.keyBaseUrl ? { OPENAI_BASE_URL: extra.keyBaseUrl } : {}).openai!;
  return new AccountService({
    codexHome: home,
    env,
    provider: () => openai,
    originator: 'codex_desktop_test',
    onLoginCompleted: (n) => completed.push(n),
    onAccountUpdated: (n) => updated.push(n),
  });
}

const until = async (cond: () => boolean, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeEach(async () => {
  issuer = await startLocalIssuer();
  home = realpathSync(mkdtempSync(join(tmpdir(), 'codex-account-')));
  completed = [];
  updated = [];
});
afterEach(async () => {
  await issuer.close();
});

describe('AccountService (account/* for the app)', () => {
  it('read() before sign-in: no account, OpenAI auth required', () => {
    expect(service().read()).toEqual({ account: null, requiresOpenaiAuth: true, userId: null });
  });

  it('chatgpt: startLogin gives the authorize URL; after the browser round trip the account is ChatGPT with email and plan', async () => {
    const svc = service();
    const started = await svc.startLogin({ type: 'chatgpt' });
    if (started.type !== 'chatgpt') throw new Error('wrong type');
    expect(started.authUrl.startsWith(`${issuer.url}/oauth/authorize?`)).toBe(true);
    expect(new URL(started.authUrl).searchParams.get('originator')).toBe('codex_desktop_test');
    const cb = await fetch(started.authUrl, { redirect: 'manual' });
    const done = await fetch(cb.headers.get('location')!, { redirect: 'follow' });
    expect(done.status).toBe(200);
    await until(() => completed.length === 1);
    expect(completed[0]).toEqual({ loginId: started.loginId, success: true, error: null });
    expect(updated.at(-1)).toEqual({ authMode: 'chatgpt', planType: 'plus' });
    expect(svc.read()).toEqual({ account: { type: 'chatgpt', email: issuer.email, planType: 'plus' }, requiresOpenaiAuth: true, userId: 'user-1' });
    expect(statSync(join(home, 'auth.json')).mode & 0o777).toBe(0o600);

    // account/read with refreshToken: the issuer's refresh grant runs and auth.json gets the new tokens.
    const grants = (): number => issuer.requests.filter((r) => (r.body as any).grant_type === 'refresh_token').length;
    expect(grants()).toBe(0);
    expect((await svc.readAccount({ refreshToken: true })).account).toMatchObject({ type: 'chatgpt' });
    expect(grants()).toBe(1);
    expect(JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')).tokens.access_token).toBe(issuer.accessTokens.at(-1));

    await svc.logout();
    expect(existsSync(join(home, 'auth.json'))).toBe(false);
    expect(issuer.requests.some((r) => r.path === '/oauth/revoke')).toBe(true);
    expect(updated.at(-1)).toEqual({ authMode: null, planType: null });
  });

  it('chatgptDeviceCode: gives the code, completes once approved; cancelling another login reports notFound', async () => {
    const svc = service();
    const started = await svc.startLogin({ type: 'chatgptDeviceCode' });
    if (started.type !== 'chatgptDeviceCode') throw new Error('wrong type');
    expect(started.verificationUrl).toBe(`${issuer.url}/codex/device`);
    expect(svc.cancelLogin('some-other-id')).toEqual({ status: 'notFound' });
    issuer.approveDevice(started.userCode);
    await until(() => completed.length === 1);
    expect(completed[0]).toMatchObject({ loginId: started.loginId, success: true });
    expect(svc.read().account).toMatchObject({ type: 'chatgpt' });
  });

  it('cancelLogin ends a pending login: completed with success false, nothing saved; the callback port is free again', async () => {
    const svc = service();
    const started = await svc.startLogin({ type: 'chatgpt' });
    if (started.type !== 'chatgpt') throw new Error('wrong type');
    const port = new URL(new URL(started.authUrl).searchParams.get('redirect_uri')!).port;
    expect(svc.cancelLogin(started.loginId)).toEqual({ status: 'canceled' });
    await until(() => completed.length === 1);
    expect(completed[0]).toEqual({ loginId: started.loginId, success: false, error: 'Login was not completed' });
    expect(existsSync(join(home, 'auth.json'))).toBe(false);
    await new Promise((r) => setTimeout(r, 50)); // the server closes right after answering
    await expect(fetch(`http://127.0.0.1:${port}/auth/callback`)).rejects.toThrow();
  });

  it('starting a second login ends the first, as in Codex', async () => {
    const svc = service();
    const first = await svc.startLogin({ type: 'chatgptDeviceCode' });
    const second = await svc.startLogin({ type: 'chatgptDeviceCode' });
    await until(() => completed.length === 1);
    expect(completed[0]).toMatchObject({ loginId: (first as { loginId: string }).loginId, success: false });
    expect(svc.cancelLogin((second as { loginId: string }).loginId)).toEqual({ status: 'canceled' });
  });

  describe('apiKey', () => {
    let server: ScriptedServer;
    beforeEach(async () => {
      server = await startScriptedServer();
    });
    afterEach(async () => {
      await server.close();
    });

    it('a key the provider accepts is saved and the account reads as apiKey', async () => {
      server.route('GET', '/v1/models', F.http(200, { data: [] }));
      const svc = service({ keyBaseUrl: server.baseUrl });
      expect(await svc.startLogin({ type: 'apiKey', apiKey: ' sk-good-1234567890 ' })).toEqual({ type: 'apiKey' });
      expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-good-1234567890');
      expect(svc.read().account).toEqual({ type: 'apiKey' });
      expect(updated.at(-1)).toEqual({ authMode: 'apikey', planType: null });
    });

    it('a key the provider rejects is refused with its message and not saved', async () => {
      server.route('GET', '/v1/models', F.status(401, 'Incorrect API key provided'));
      const svc = service({ keyBaseUrl: server.baseUrl });
      await expect(svc.startLogin({ type: 'apiKey', apiKey: 'sk-bad' })).rejects.toThrow(
        /OpenAI rejected the API key \(HTTP 401 .*\): Incorrect API key provided; the key was not saved/,
      );
      expect(existsSync(join(home, 'auth.json'))).toBe(false);
    });
  });
});
