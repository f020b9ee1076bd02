// `codex login --with-api-key`: the key is checked against the provider
// (GET {base_url}/models) before it is saved; a rejected or unreachable check
// saves nothing unless --no-verify; the file is the one Codex reads.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codexReferenceBin } from '../support/codexReference.js';
import { faults as F, startScriptedServer, type ScriptedServer } from '../support/scriptedServer.js';
import { makeAuthSandbox, readAuthJson, startCodex, type AuthSandbox } from './authTestKit.js';

let server: ScriptedServer;
let sb: AuthSandbox;
const KEY = 'sk-proj-1234567890ABCDE';

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  sb = makeAuthSandbox({ OPENAI_BASE_URL: server.baseUrl });
});

async function login(args: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const run = startCodex(undefined, ['login', '--with-api-key', ...args], sb, `${KEY}\n`);
  const code = await run.exit;
  return { code, stderr: run.stderr() };
}

const authFile = (): string => join(sb.home, 'auth.json');

describe('API key sign-in checks the key first', () => {
  it("a key the provider accepts is saved, mode 0600, in Codex's format", async () => {
    server.route('GET', '/v1/models', F.http(200, { object: 'list', data: [] }));
    const run = await login();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('Reading API key from stdin...\nAPI key saved. Authentication is checked when you send a request.\n');
    const check = server.requests.find((r) => r.path === '/v1/models')!;
    expect(check.method).toBe('GET');
    expect(check.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(readAuthJson(sb)).toEqual({ auth_mode: 'apikey', OPENAI_API_KEY: KEY });
    expect(statSync(authFile()).mode & 0o777).toBe(0o600);
  });

  it('a key the provider rejects (401) is refused with its message and not saved', async () => {
    server.route('GET', '/v1/models', F.status(401, 'Incorrect API key provided: sk-proj-***ABCDE.'));
    const run = await login();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`OpenAI rejected the API key (HTTP 401 from ${server.baseUrl}/models): Incorrect API key provided: sk-proj-***ABCDE.`);
    expect(run.stderr).toContain('The key was not saved.');
    expect(existsSync(authFile())).toBe(false);
  });

  it('an unreachable provider saves nothing unless --no-verify', async () => {
    sb.env.OPENAI_BASE_URL = 'http://127.0.0.1:9/v1';
    const run = await login();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Could not reach http://127.0.0.1:9/v1/models to check the API key');
    expect(run.stderr).toContain('To save it without checking, run again with --no-verify.');
    expect(existsSync(authFile())).toBe(false);

    const forced = await login(['--no-verify']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readAuthJson(sb).OPENAI_API_KEY).toBe(KEY);
  });

  it('a provider whose /models fails with a server error cannot tell: the key is saved with a note', async () => {
    const run = await login();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Could not check the API key: ${server.baseUrl}/models answered HTTP 500`);
    expect(readAuthJson(sb).OPENAI_API_KEY).toBe(KEY);
  });

  it('a key replaces a ChatGPT login', async () => {
    server.route('GET', '/v1/models', F.http(200, { data: [] }));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      authFile(),
      JSON.stringify({ auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: 'a.b.c', access_token: 'x', refresh_token: 'y' } }),
      { mode: 0o600 },
    );
    expect((await login()).code).toBe(0);
    expect(readAuthJson(sb)).toEqual({ auth_mode: 'apikey', OPENAI_API_KEY: KEY });
  });
});

const reference = codexReferenceBin();

describe.skipIf(!reference)('Codex 0.169 reads the saved key', () => {
  it('reference `codex login status` reports the key', async () => {
    server.route('GET', '/v1/models', F.http(200, { data: [] }));
    expect((await login()).code).toBe(0);
    const status = startCodex(reference, ['login', 'status'], sb);
    expect(await status.exit).toBe(0);
    expect(status.stderr()).toContain('API key configured - sk-proj-***ABCDE');
  });
});
