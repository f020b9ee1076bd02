// The sign-in building blocks on their own: which credentials a model request
// gets and where it goes, when tokens are refreshed, one refresh for
// concurrent requests, a refresh by another process winning, the loopback
// port hand-over between two logins, and the authorize URL Codex 0.169 sends.
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, startBrowserLogin } from '../../main/core/auth/browserLogin.js';
import { readChatgptLogin, saveChatgptLogin, storeRefreshedTokens } from '../../main/core/auth/chatgptAuthFile.js';
import { ChatgptCredentials, needsRefresh, TOKEN_REFRESH_INTERVAL_MS } from '../../main/core/auth/chatgptCredentials.js';
import { completeDeviceCodeLogin, requestDeviceCode } from '../../main/core/auth/deviceLogin.js';
import { resolveModelCredentials } from '../../main/core/auth/modelCredentials.js';
import { CHATGPT_CODEX_BASE_URL, oauthSettings } from '../../main/core/auth/oauthConfig.js';
import { builtInProviders } from '../../main/core/config/providers.js';
import { startLocalIssuer, type LocalIssuer } from './localIssuer.js';

let issuer: LocalIssuer;
let home: string;

beforeEach(async () => {
  issuer = await startLocalIssuer();
  home = realpathSync(mkdtempSync(join(tmpdir(), 'codex-authcore-')));
});
afterEach(async () => {
  await issuer.close();
});

/** A real login through the issuer's device flow, saved in `home`. */
async function signIn(): Promise<void> {
  const s = oauthSettings({}, { issuer: issuer.url });
  const code = await requestDeviceCode(s);
  issuer.approveDevice(code.userCode);
  await completeDeviceCodeLogin(home, s, code);
}

const jwtWith = (payload: object): string => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
const refreshCount = (): number => issuer.requests.filter((r) => (r.body as any).grant_type === 'refresh_token').length;

describe('model credentials', () => {
  it('a ChatGPT login sends OpenAI-provider requests to the ChatGPT backend unless a base URL was set', async () => {
    await signIn();
    const openai = builtInProviders({}).openai!;
    const c = resolveModelCredentials(openai, home, {});
    expect(c.provider.baseUrl).toBe(CHATGPT_CODEX_BASE_URL);
    expect(c.apiKey).toBeUndefined();
    expect(await c.auth!.headers()).toEqual({ authorization: `Bearer ${issuer.accessTokens.at(-1)}`, 'ChatGPT-Account-ID': issuer.accountId });

    const custom = builtInProviders({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).openai!;
    expect(resolveModelCredentials(custom, home, {}).provider.baseUrl).toBe('http://127.0.0.1:9/v1');
  });

  it('CODEX_API_KEY wins over the login; an API-key login gives the key; providers without OpenAI auth ignore the login', async () => {
    await signIn();
    const openai = builtInProviders({}).openai!;
    expect(resolveModelCredentials(openai, home, { CODEX_API_KEY: 'sk-ci' })).toEqual({ provider: openai, apiKey: 'sk-ci' });
    const ollama = builtInProviders({}).ollama!;
    expect(resolveModelCredentials(ollama, home, {})).toEqual({ provider: ollama });
    writeFileSync(join(home, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-saved' }));
    expect(resolveModelCredentials(openai, home, {})).toEqual({ provider: openai, apiKey: 'sk-saved' });
  });
});

describe('refresh', () => {
  it('needsRefresh: within a minute of exp, past exp, or a login older than 8 days', () => {
    const now = Date.UTC(2026, 0, 10);
    const login = (expSec: number | undefined, lastRefreshMs?: number) => ({
      tokens: { idToken: '', accessToken: jwtWith(expSec === undefined ? {} : { exp: expSec }), refreshToken: 'r' },
      idTokenInfo: {},
      ...(lastRefreshMs === undefined ? {} : { lastRefreshMs }),
    });
    expect(needsRefresh(login(now / 1000 + 3600, now), now)).toBe(false);
    expect(needsRefresh(login(now / 1000 + 30, now), now)).toBe(true);
    expect(needsRefresh(login(now / 1000 - 5, now), now)).toBe(true);
    expect(needsRefresh(login(undefined, now - TOKEN_REFRESH_INTERVAL_MS), now)).toBe(true);
    expect(needsRefresh(login(undefined, now - TOKEN_REFRESH_INTERVAL_MS + 1000), now)).toBe(false);
    expect(needsRefresh(login(undefined), now)).toBe(true);
  });

  it('concurrent requests with an expired token share one refresh', async () => {
    issuer.accessTokenTtlSec = -30;
    await signIn();
    issuer.accessTokenTtlSec = 3600;
    const creds = new ChatgptCredentials(home, {});
    const all = await Promise.all([creds.headers(), creds.headers(), creds.headers()]);
    expect(refreshCount()).toBe(1);
    expect(new Set(all.map((h) => h.authorization))).toEqual(new Set([`Bearer ${issuer.accessTokens.at(-1)}`]));
  });

  it('a refresh another process already stored wins over ours (no stale overwrite)', async () => {
    await signIn();
    const mine = readChatgptLogin(home)!.tokens.refreshToken;
    // Another process refreshed first: auth.json now holds its newer tokens.
    storeRefreshedTokens(home, mine, { accessToken: 'theirs-access', refreshToken: 'theirs-refresh' });
    const before = readFileSync(join(home, 'auth.json'), 'utf8');
    const kept = storeRefreshedTokens(home, mine, { accessToken: 'mine-access', refreshToken: 'mine-refresh' });
    expect(kept).toMatchObject({ accessToken: 'theirs-access', refreshToken: 'theirs-refresh' });
    expect(readFileSync(join(home, 'auth.json'), 'utf8')).toBe(before);
  });

  it('an empty auth.json.lock left by Codex does not block our writes', () => {
    writeFileSync(join(home, 'auth.json.lock'), '');
    const t0 = Date.now();
    saveChatgptLogin(home, {
      idToken: jwtWith({ email: 'a@b.c' }),
      accessToken: 'a',
      refreshToken: 'r',
      provenance: { issuer: issuer.url, clientId: issuer.clientId },
    });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(readChatgptLogin(home)!.tokens.refreshToken).toBe('r');
  });
});

describe('browser login server', () => {
  it('a second login on the same port stops the first (GET /cancel) and takes the port, as Codex does', async () => {
    const s = oauthSettings({}, { issuer: issuer.url });
    const first = await startBrowserLogin({ codexHome: home, settings: s, port: 0, originator: 'codex_cli_rs' });
    const firstDone = first.done.then(
      () => 'ok',
      (e: Error) => e.message,
    );
    const second = await startBrowserLogin({ codexHome: home, settings: s, port: first.port, originator: 'codex_cli_rs' });
    expect(await firstDone).toBe('Login cancelled');
    expect(second.port).toBe(first.port);
    second.cancel();
    await second.done.catch(() => {});
  });

  it("the authorize URL has Codex 0.169's exact shape (observed from the reference `codex login`)", () => {
    const url = buildAuthorizeUrl(
      oauthSettings({}),
      'http://127.0.0.1:1455/auth/callback',
      { codeVerifier: 'v', codeChallenge: 'CHALLENGE' },
      'STATE',
      'codex_cli_rs',
    );
    expect(url).toBe(
      'https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann&redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fauth%2Fcallback&code_challenge=CHALLENGE&code_challenge_method=S256&state=STATE&scope=openid+profile+email+offline_access+api.connectors.read+api.connectors.invoke&id_token_add_organizations=true&codex_cli_simplified_flow=true&originator=codex_cli_rs',
    );
  });
});

describe('device login', () => {
  it('gives up when the user never approves', async () => {
    const s = oauthSettings({}, { issuer: issuer.url });
    const code = await requestDeviceCode(s);
    await expect(completeDeviceCodeLogin(home, s, code, { maxWaitMs: 1200 })).rejects.toThrow('device auth timed out after 15 minutes');
    expect(readChatgptLogin(home)).toBeUndefined();
  });
});

describe('browser login callback', () => {
  it('a browser that sends the callback twice at once still signs in (requests are handled one at a time)', async () => {
    const s = oauthSettings({}, { issuer: issuer.url });
    const login = await startBrowserLogin({ codexHome: home, settings: s, port: 0, originator: 'codex_cli_rs' });
    const cb = (await fetch(login.authUrl, { redirect: 'manual' })).headers.get('location')!;
    const [a, b] = await Promise.all([fetch(cb, { redirect: 'manual' }), fetch(cb, { redirect: 'manual' })]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    await fetch(`http://127.0.0.1:${login.port}/success`);
    await expect(login.done).resolves.toBeUndefined();
    expect(readChatgptLogin(home)!.tokens.accessToken).toBe(issuer.accessTokens.at(-1));
  });
});
