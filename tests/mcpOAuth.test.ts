// `codex mcp login / logout` and OAuth in sessions, end to end: the real CLI
// against a real OAuth-protected streamable HTTP MCP server on 127.0.0.1 (the
// SDK's authorization-server router over an in-memory provider,
// support/oauthMcpServer.mjs). The test plays the user's browser: it opens the
// authorization URL the CLI printed (the server approves at once) and follows
// the redirect to the CLI's loopback listener, or pastes the callback URL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startScriptedServer, responses as R, type ScriptedServer } from './support/scriptedServer.js';
import { startOAuthMcpServer, type OAuthMcpServer } from './support/oauthMcpServer.mjs';
import { CODEX_BIN, makeSandbox, outputOf, runCodex, type Sandbox } from './support/cli.js';
import { codexReferenceBin, CODEX_REFERENCE_MISSING } from './support/codexReference.js';

let model: ScriptedServer;
let oauth: OAuthMcpServer;
beforeAll(async () => {
  model = await startScriptedServer();
  oauth = await startOAuthMcpServer({ scopesSupported: ['mcp:tools', 'mcp:read'] });
});
afterAll(async () => {
  await model.close();
  await oauth.close();
});

let sb: Sandbox;
let browserLog: string;
beforeEach(() => {
  model.reset();
  // Codex's file-store setting, for the reference Codex in the interop test (ours always uses the file).
  sb = makeSandbox(model.baseUrl, {
    extraConfig: `mcp_oauth_credentials_store = "file"\n\n[mcp_servers.demo]\nurl = "${oauth.url}"\nstartup_timeout_sec = 60\n`,
  });
  // $BROWSER: a "browser" that only notes the URL it was asked to open, so no real one starts.
  const browser = join(dirname(sb.home), 'browser.sh');
  browserLog = join(dirname(sb.home), 'browser-url.txt');
  writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${browserLog}'\n`);
  chmodSync(browser, 0o755);
  sb.env.BROWSER = browser;
});

const credentialsFile = () => join(sb.home, '.credentials.json');
const mode = (file: string) => statSync(file).mode & 0o777;
const entries = () => JSON.parse(readFileSync(credentialsFile(), 'utf8')) as Record<string, any>;
const demoEntry = () => Object.entries(entries()).find(([k]) => k.startsWith('demo|'))?.[1];
const codex = (...args: string[]) => runCodex(args, { cwd: sb.workspace, env: sb.env });

interface LoginRun {
  code: number | null;
  stdout: string;
  stderr: string;
  authorizationUrl: string;
}

/**
 * `codex mcp login demo …` with the test as the user: once the authorization
 * URL is printed, open it and either follow the redirect back to the CLI's
 * listener ("browser") or copy the final URL into the CLI's stdin ("paste").
 */
function loginAsUser(args: string[], how: 'browser' | 'paste', bin = CODEX_BIN): Promise<LoginRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'mcp', 'login', 'demo', ...args], { cwd: sb.workspace, env: sb.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let authorizationUrl = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`login timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 60_000);
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)$/m.exec(stdout);
      if (!m || authorizationUrl) return;
      authorizationUrl = m[1]!;
      const act =
        how === 'browser'
          ? fetch(authorizationUrl).then((r) => r.text())
          : fetch(authorizationUrl, { redirect: 'manual' }).then((r) => void child.stdin.write(`${r.headers.get('location')}\n`));
      act.catch((err) => reject(err));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, authorizationUrl });
    });
  });
}

/** `codex exec` (human mode) with one scripted call of the protected server's tool. */
async function execCallingWhoami(note: string) {
  model.enqueue(R.functionCall({ name: 'whoami', namespace: 'mcp__demo', arguments: { note }, callId: 'w1' }), R.text('done'));
  const run = await runCodex(['exec', '--json', '-s', 'read-only', 'who am i'], { cwd: sb.workspace, env: sb.env, timeoutMs: 120_000 });
  const call = run.events.find((e) => e.type === 'item.completed' && e.item.type === 'mcp_tool_call')?.item;
  return { run, call, output: JSON.stringify(model.requests[1] ? outputOf(model.requests[1], 'w1') : null) };
}

describe('codex mcp login', () => {
  it('opens the browser, receives the callback on loopback and stores the tokens with mode 0600', async () => {
    const login = await loginAsUser([], 'browser');
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toBe(
      `Authorize \`demo\` by opening this URL in your browser:\n${login.authorizationUrl}\n\nSuccessfully logged in to MCP server 'demo'.\n`,
    );
    expect(readFileSync(browserLog, 'utf8')).toBe(login.authorizationUrl);
    const auth = new URL(login.authorizationUrl);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('resource')).toBe(oauth.url);
    expect(auth.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\/[\w-]{12}$/);

    expect(mode(credentialsFile())).toBe(0o600);
    const reg = oauth.stats.registrations.at(-1)!;
    expect(reg).toMatchObject({ client_name: 'Codex', token_endpoint_auth_method: 'none' });
    const entry = demoEntry();
    expect(entry).toMatchObject({
      server_name: 'demo',
      server_url: oauth.url,
      issuer: `${oauth.origin}/`,
      client_id: reg.client_id,
      scopes: ['mcp:tools', 'mcp:read'],
    });
    expect(oauth.isLiveAccessToken(entry.access_token)).toBe(true);
    expect(entry.refresh_token).toMatch(/^rt-/);
    expect(entry.expires_at).toBeGreaterThan(Date.now());

    const list = await codex('mcp', 'list');
    expect(list.stdout).toMatch(/^demo +http:\S+ +- +enabled +OAuth *$/m);
    expect(JSON.parse((await codex('mcp', 'list', '--json')).stdout)[0].auth_status).toBe('o_auth');
  });

  it('--no-browser --scopes: prints the URL, takes the pasted callback URL and requests those scopes', async () => {
    const login = await loginAsUser(['--no-browser', '--scopes', 'mcp:read,extra'], 'paste');
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toBe(
      `Authorize the MCP server by opening this URL in your browser:\n${login.authorizationUrl}\n\n` +
        `After signing in, copy the full URL from your browser's address bar.\nIf the callback page cannot load, paste that URL here anyway.\n` +
        `Successfully logged in to MCP server 'demo'.\n`,
    );
    expect(existsSync(browserLog)).toBe(false);
    expect(new URL(login.authorizationUrl).searchParams.get('scope')).toBe('mcp:read extra');
    expect(oauth.stats.authorizations.at(-1)!.scopes).toEqual(['mcp:read', 'extra']);
    expect(demoEntry().scopes).toEqual(['mcp:read', 'extra']);
  });

  it('refuses servers OAuth does not apply to, with clear errors', async () => {
    writeFileSync(join(sb.home, 'config.toml'), `${readFileSync(join(sb.home, 'config.toml'), 'utf8')}\n[mcp_servers.local]\ncommand = "node"\n`);
    const stdio = await codex('mcp', 'login', 'local');
    expect([stdio.code, stdio.stderr]).toEqual([1, 'Error: OAuth login is only supported for streamable HTTP servers.\n']);
    const missing = await codex('mcp', 'logout', 'nope');
    expect([missing.code, missing.stderr]).toEqual([1, "Error: No MCP server named 'nope' found.\n"]);
  });
});

describe('a thread using the login', () => {
  it('fails the server at startup with the login hint when nobody logged in, and the turn goes on', async () => {
    model.enqueue(R.text('no tools needed'));
    const run = await runCodex(['exec', 'hello'], { cwd: sb.workspace, env: sb.env, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("MCP server 'demo' failed: The demo MCP server is not logged in. Run `codex mcp login demo`.");
    expect(model.requests[0]!.body.tools.some((t: any) => t.name === 'mcp__demo')).toBe(false);
  });

  it('calls a tool of the protected server, and refreshes an expired token (saved back, still 0600)', async () => {
    expect((await loginAsUser([], 'browser')).code).toBe(0);
    const first = demoEntry();
    const a = await execCallingWhoami('first');
    expect(a.run.code, a.run.stderr).toBe(0);
    expect(a.call).toMatchObject({ server: 'demo', tool: 'whoami', status: 'completed' });
    expect(a.output).toContain(`client ${first.client_id} scopes [mcp:tools mcp:read] note first`);
    expect(oauth.stats.toolCalls.at(-1)!.token).toBe(first.access_token);

    // The access token lapses: the server refuses it, and the stored expiry says so too.
    oauth.expireAccessTokens();
    writeFileSync(credentialsFile(), JSON.stringify({ ...entries(), [Object.keys(entries())[0]!]: { ...first, expires_at: Date.now() - 1000 } }));
    const refreshes = oauth.stats.refreshes;
    const refused = oauth.stats.unauthorized;
    model.reset();
    const b = await execCallingWhoami('second');
    expect(b.run.code, b.run.stderr).toBe(0);
    expect(b.call).toMatchObject({ status: 'completed' });
    expect(b.output).toContain('note second');
    expect(oauth.stats.refreshes).toBe(refreshes + 1);
    // Refreshed before connecting (the stored expiry said so), not after being refused.
    expect(oauth.stats.unauthorized).toBe(refused);
    const refreshed = demoEntry();
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);
    expect(refreshed.expires_at).toBeGreaterThan(Date.now());
    expect(oauth.stats.toolCalls.at(-1)!.token).toBe(refreshed.access_token);
    expect(mode(credentialsFile())).toBe(0o600);
  });
});

describe('codex mcp logout', () => {
  it("removes this server's tokens only, keeping the file 0600", async () => {
    expect((await loginAsUser([], 'browser')).code).toBe(0);
    // Another server's login (and a field we do not know) must come through untouched.
    const other = {
      server_name: 'docs',
      server_url: 'https://docs.example/mcp',
      client_id: 'c',
      access_token: 'a',
      expires_at: null,
      refresh_token: null,
      scopes: [],
      note: 'kept',
    };
    writeFileSync(credentialsFile(), JSON.stringify({ ...entries(), 'docs|0123456789abcdef': other }));
    const out = await codex('mcp', 'logout', 'demo');
    expect([out.code, out.stdout]).toEqual([0, "Removed OAuth credentials for 'demo'.\n"]);
    expect(entries()).toEqual({ 'docs|0123456789abcdef': other });
    expect(mode(credentialsFile())).toBe(0o600);
    const again = await codex('mcp', 'logout', 'demo');
    expect([again.code, again.stdout]).toEqual([0, "No OAuth credentials stored for 'demo'.\n"]);
    expect((await codex('mcp', 'list')).stdout).toMatch(/^demo +http:\S+ +- +enabled +Unknown *$/m);
  });

  it('names a broken credentials file and leaves it alone', async () => {
    writeFileSync(credentialsFile(), '{broken');
    const out = await codex('mcp', 'logout', 'demo');
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(new RegExp(`^Error: failed to delete OAuth credentials: failed to parse credentials file at ${credentialsFile()}: `));
    expect(readFileSync(credentialsFile(), 'utf8')).toBe('{broken');
  });
});

describe.skipIf(!codexReferenceBin())(`interoperability with Codex 0.169 (${codexReferenceBin() ? 'installed' : CODEX_REFERENCE_MISSING})`, () => {
  it('uses a login made by Codex, and Codex sees ours', async () => {
    const theirs = await loginAsUser([], 'browser', codexReferenceBin()!);
    expect(theirs.code, theirs.stderr).toBe(0);
    const a = await execCallingWhoami('from codex login');
    expect(a.run.code, a.run.stderr).toBe(0);
    expect(a.call).toMatchObject({ status: 'completed' });
    expect((await codex('mcp', 'logout', 'demo')).stdout).toBe("Removed OAuth credentials for 'demo'.\n");

    expect((await loginAsUser([], 'browser')).code).toBe(0);
    const list = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [codexReferenceBin()!, 'mcp', 'list', '--json'], {
        cwd: sb.workspace,
        env: sb.env,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    expect(JSON.parse(list).find((s: any) => s.name === 'demo').auth_status).toBe('o_auth');
  });
});
