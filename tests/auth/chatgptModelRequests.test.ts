// Model requests with a ChatGPT login: the access token as bearer and the
// account id header, refreshed through the issuer's refresh grant before an
// expired token is used and after a 401, written back to auth.json.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faults as F, responses as R, startScriptedServer, type ScriptedServer } from '../support/scriptedServer.js';
import { makeAuthSandbox, readAuthJson, startCodex, type AuthSandbox } from './authTestKit.js';
import { startLocalIssuer, type LocalIssuer } from './localIssuer.js';

let server: ScriptedServer;
let issuer: LocalIssuer;
let sb: AuthSandbox;

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  server.reset();
  issuer = await startLocalIssuer();
  // The built-in openai provider, its base URL pointed at the scripted server (as OPENAI_BASE_URL does in Codex).
  sb = makeAuthSandbox({ OPENAI_BASE_URL: server.baseUrl });
});
afterEach(async () => {
  await issuer.close();
});

/** Signs in through the real device flow of the CLI. */
async function deviceLogin(bin?: string): Promise<void> {
  const login = startCodex(bin, ['login', '--device-auth', '--experimental_issuer', issuer.url], sb);
  const [, code] = await login.waitFor(/one-time code \(expires in 15 minutes\)\n\s+(\S+)/);
  issuer.approveDevice(code!);
  expect(await login.exit).toBe(0);
}

async function exec(bin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCodex(bin, ['exec', '--json', '--skip-git-repo-check', '-s', 'read-only', 'say hi'], sb);
  const code = await run.exit;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

const refreshGrants = (): any[] =>
  issuer.requests.filter((r) => r.path === '/oauth/token' && (r.body as any).grant_type === 'refresh_token').map((r) => r.body);

describe('ChatGPT tokens on model requests', () => {
  it('an expired access token is refreshed before the request; the request carries the new one; auth.json keeps its other fields', async () => {
    issuer.accessTokenTtlSec = -30; // the login's access token is already expired
    await deviceLogin();
    const before = readAuthJson(sb);
    issuer.accessTokenTtlSec = 3600;

    server.enqueue(R.message('hi there'));
    const run = await exec();
    expect(run.code, run.stderr).toBe(0);

    expect(refreshGrants()).toEqual([{ client_id: issuer.clientId, grant_type: 'refresh_token', refresh_token: before.tokens.refresh_token }]);
    const fresh = issuer.accessTokens.at(-1)!;
    expect(fresh).not.toBe(before.tokens.access_token);
    const req = server.requests.find((r) => r.path.endsWith('/responses'))!;
    expect(req.headers.authorization).toBe(`Bearer ${fresh}`);
    expect(req.headers['chatgpt-account-id']).toBe(issuer.accountId);

    const after = readAuthJson(sb);
    expect(after.tokens.access_token).toBe(fresh);
    expect(after.tokens.refresh_token).not.toBe(before.tokens.refresh_token);
    expect(issuer.liveRefreshTokens.has(after.tokens.refresh_token)).toBe(true);
    expect(after.tokens.login_owner_id).toBe(before.tokens.login_owner_id);
    expect(after.tokens.oauth_provenance).toEqual(before.tokens.oauth_provenance);
    expect(after.tokens.account_id).toBe(before.tokens.account_id);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(Date.parse(after.last_refresh)).toBeGreaterThan(Date.parse(before.last_refresh));
    expect(statSync(join(sb.home, 'auth.json')).mode & 0o777).toBe(0o600);
  });

  it('a valid token is sent as is, without a refresh', async () => {
    await deviceLogin();
    server.enqueue(R.message('ok'));
    const run = await exec();
    expect(run.code, run.stderr).toBe(0);
    expect(refreshGrants()).toHaveLength(0);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${readAuthJson(sb).tokens.access_token}`);
  });

  it('a 401 from the model server triggers one refresh and the request is sent again with the new token', async () => {
    await deviceLogin();
    const first = readAuthJson(sb).tokens.access_token;
    server.enqueue(F.status(401, 'token revoked'), R.message('ok'));
    const run = await exec();
    expect(run.code, run.stderr).toBe(0);
    expect(refreshGrants()).toHaveLength(1);
    const sent = server.requests.filter((r) => r.path.endsWith('/responses')).map((r) => r.headers.authorization);
    expect(sent).toEqual([`Bearer ${first}`, `Bearer ${issuer.accessTokens.at(-1)}`]);
  });

  it("a refresh token the issuer no longer accepts ends the turn with Codex's message and sends nothing to the model", async () => {
    issuer.accessTokenTtlSec = -30;
    await deviceLogin();
    issuer.liveRefreshTokens.clear();
    const run = await exec();
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(
      'Your access token could not be refreshed because your refresh token was already used. Please log out and sign in again.',
    );
    expect(server.requests.filter((r) => r.path.endsWith('/responses'))).toHaveLength(0);
    // A refusal for good is not retried against the issuer (Codex caches it the same way).
    expect(refreshGrants()).toHaveLength(1);
  });

  it('an API key login still sends the key, unchanged', async () => {
    const key = startCodex(undefined, ['login', '--with-api-key', '--no-verify'], sb, 'sk-plain-1234567890abcdef\n');
    expect(await key.exit).toBe(0);
    server.enqueue(R.message('ok'));
    const run = await exec();
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-plain-1234567890abcdef');
    expect(server.requests[0]!.headers['chatgpt-account-id']).toBeUndefined();
  });
});
