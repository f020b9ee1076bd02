// `codex web`: the real command, its HTTP server and its bridge websocket, from
// outside a browser: who may bind where, who may pair, who may connect.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { makeSandbox, runCodex } from '../support/cli.js';
import { startCodexWeb, tryBridge, type CodexWeb } from '../support/codexWeb.js';
import { rendererCsp } from '../../main/desktop/staticFiles.js';

// No model is asked anything here: the base URL only has to parse.
const sb = () => makeSandbox('http://127.0.0.1:9/v1');
const running: CodexWeb[] = [];
afterEach(async () => {
  for (const w of running.splice(0)) await w.stop();
});
async function start(args: string[]): Promise<CodexWeb> {
  const s = sb();
  const w = await startCodexWeb(args, { cwd: s.workspace, env: s.env });
  running.push(w);
  return w;
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

const bridge = (w: CodexWeb) => `${w.url.replace('http:', 'ws:')}__codex`;
const origin = (w: CodexWeb) => ({ Origin: w.url.replace(/\/$/, '') });

describe('codex web', () => {
  it('refuses to bind 0.0.0.0 without a token, with a clear error', async () => {
    const s = sb();
    const r = await runCodex(['web', '--listen', '0.0.0.0:0'], { cwd: s.workspace, env: s.env, timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('serving the web UI on non-loopback address 0.0.0.0 requires a token');
    expect(r.stderr).toContain('--ws-auth capability-token');
    expect(r.stdout).not.toContain('#pair=');
  });

  it('serves the browser build under the desktop CSP, only to its own host names', async () => {
    const w = await start(['--listen', '127.0.0.1:0']);
    const page = await get(w.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root"></div>');
    expect(page.body).toMatch(/assets\/web-[\w-]+\.js/);
    expect(page.headers['content-security-policy']).toBe(rendererCsp(`ws://${new URL(w.url).host}`));
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // A DNS name rebound to 127.0.0.1 is not this server's.
    const port = new URL(w.url).port;
    expect((await get(w.url, { Host: `attacker.example:${port}` })).status).toBe(421);
    // Any port: an SSH tunnel may forward another local port to this one.
    expect((await get(w.url, { Host: 'localhost:9999' })).status).toBe(200);
    expect((await get(`${w.url}..%2fpackage.json`)).status).toBe(400);
    // SIGTERM is a clean stop, as for Codex's servers.
    running.splice(running.indexOf(w), 1);
    expect(await w.stop()).toBe(0);
  });

  it('trades the pairing link once, for a session that reconnects', async () => {
    const w = await start(['--listen', '127.0.0.1:0']);
    const paired = await tryBridge(bridge(w), origin(w), { pair: w.pair });
    if (!('ws' in paired)) throw new Error(`pairing refused: ${paired.status} ${paired.body}`);
    const { session } = JSON.parse(await paired.first);
    expect(session).toMatch(/^[\w-]{20,}$/);
    paired.ws.close();
    const again = await tryBridge(bridge(w), origin(w), { pair: w.pair });
    expect(again).toEqual({ status: 401, body: 'pairing link was already used: restart codex web for a new one\n' });
    const back = await tryBridge(bridge(w), origin(w), { session });
    if (!('ws' in back)) throw new Error(`session refused: ${back.status} ${back.body}`);
    // The answer names the protocol alone; the token offered beside it is not echoed.
    expect(back.ws.protocol).toBe('codex-web');
    // Every message goes through the contract's validation, as in the desktop.
    const replies: unknown[] = [];
    back.ws.on('message', (d) => replies.push(JSON.parse(String(d))));
    back.ws.send('not json');
    back.ws.send(JSON.stringify({ seq: 1, channel: 'codex:request:thread/start', payload: { cwd: 42 } }));
    back.ws.send(JSON.stringify({ seq: 2, channel: 'codex:no-such-channel', payload: {} }));
    back.ws.send(JSON.stringify({ seq: 3, channel: 'codex:respond', payload: { id: 'never-asked', result: { decision: 'accept' } } }));
    await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(3);
    const bySeq = (n: number) => replies.find((r) => (r as { seq: number }).seq === n);
    expect(bySeq(1)).toMatchObject({ reply: { ok: false, error: { code: -32602, message: expect.stringContaining('cwd') } } });
    expect(bySeq(2)).toMatchObject({ reply: { ok: false, error: { code: -32601, message: 'unknown channel: codex:no-such-channel' } } });
    expect(bySeq(3)).toMatchObject({ reply: { ok: false, error: { code: -32602, message: 'no pending server request with id never-asked' } } });
    expect(w.stderr()).toContain('dropped a frame that is not {seq, channel, payload}');
    back.ws.close();
    // Without a session, with a made-up one, or from another page: refused.
    expect(await tryBridge(bridge(w), origin(w))).toMatchObject({ status: 401, body: expect.stringContaining('missing session token') });
    expect(await tryBridge(bridge(w), origin(w), { session: 'made-up' })).toMatchObject({ status: 401 });
    expect(await tryBridge(bridge(w), { Origin: 'http://attacker.example' }, { session })).toMatchObject({ status: 403 });
    expect(await tryBridge(bridge(w), {}, { session })).toMatchObject({ status: 403 });
    // Credentials travel in Sec-WebSocket-Protocol only: a token in the URL (where logs keep it) is not taken.
    expect(await tryBridge(`${bridge(w)}?${new URLSearchParams({ session })}`, origin(w))).toMatchObject({ status: 401 });
    expect(await tryBridge(bridge(w), origin(w), null)).toMatchObject({ status: 400, body: expect.stringContaining('codex-web') });
  });

  it('lets a pairing link expire', async () => {
    const w = await start(['--listen', '127.0.0.1:0', '--pairing-ttl-ms', '1']);
    await new Promise((r) => setTimeout(r, 50));
    expect(await tryBridge(bridge(w), origin(w), { pair: w.pair })).toMatchObject({ status: 401, body: expect.stringContaining('has expired') });
  });

  it('off loopback, pairing also needs the capability token, and a try without it spends nothing', async () => {
    const s = sb();
    const tokenFile = join(s.home, 'ws-token');
    writeFileSync(tokenFile, 'capability-secret-123\n');
    const w = await startCodexWeb(['--listen', '0.0.0.0:0', '--ws-auth', 'capability-token', '--ws-token-file', tokenFile], { cwd: s.workspace, env: s.env });
    running.push(w);
    expect(new URLSearchParams(new URL(w.link).hash.slice(1)).get('token')).toBe('capability-secret-123');
    const local = { ...w, url: `http://127.0.0.1:${new URL(w.url).port}/` };
    expect(await tryBridge(bridge(local), origin(local), { pair: w.pair })).toMatchObject({ status: 401, body: expect.stringContaining('capability token') });
    expect(await tryBridge(bridge(local), origin(local), { pair: w.pair, token: 'wrong' })).toMatchObject({ status: 401, body: 'invalid capability token\n' });
    const ok = await tryBridge(bridge(local), origin(local), { pair: w.pair, token: 'capability-secret-123' });
    expect('ws' in ok).toBe(true);
    if ('ws' in ok) ok.ws.close();
  });
});
