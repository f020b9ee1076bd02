// `codex app-server --listen ws://IP:PORT` (Codex's flag): the same protocol
// over a websocket, one session per connection; web pages (an Origin header)
// are refused, and Codex's capability token is required off loopback and
// checked when set. Real server process, real websocket client, scripted model.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { responses as R } from './support/scriptedServer.js';
import { CODEX_BIN, runCodex, scriptedSuite } from './support/cli.js';

const t = scriptedSuite();
const servers: ChildProcess[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill('SIGKILL');
});

function startServer(extra: string[] = []): Promise<string> {
  const child = spawn(process.execPath, [CODEX_BIN, 'app-server', '--listen', 'ws://127.0.0.1:0', ...extra], {
    cwd: t.sb.workspace,
    env: t.sb.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  servers.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /listening on (ws:\/\/\S+)\n/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`app-server exited (${code}): ${err}`)));
  });
}

/** A JSON-RPC client over one websocket. */
async function connect(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const messages: any[] = [];
  const waiting: { test: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    messages.push(msg);
    for (const w of waiting.splice(0)) w.test(msg) ? w.resolve(msg) : waiting.push(w);
  });
  let id = 0;
  const waitFor = (test: (m: any) => boolean) =>
    new Promise<any>((resolve) => {
      const seen = messages.find(test);
      if (seen) resolve(seen);
      else waiting.push({ test, resolve });
    });
  const request = async (method: string, params: unknown) => {
    const myId = ++id;
    ws.send(JSON.stringify({ id: myId, method, params }));
    return waitFor((m) => m.id === myId && !m.method);
  };
  return { ws, request, waitFor, messages };
}

describe('codex app-server --listen ws://', () => {
  it('serves the protocol over a websocket: initialize, a thread and a streamed turn', async () => {
    const url = await startServer();
    t.server.enqueue(R.text('over the socket'));
    const c = await connect(url);
    const init = await c.request('initialize', { clientInfo: { name: 'ws-test', version: '1' } });
    expect(init.result.codexHome).toBe(t.sb.home);
    const started = await c.request('thread/start', { cwd: t.sb.workspace });
    const threadId = started.result.thread.id;
    await c.request('turn/start', { threadId, input: [{ type: 'text', text: 'hi' }] });
    const done = await c.waitFor((m) => m.method === 'turn/completed');
    expect(done.params.turn.status).toBe('completed');
    expect(
      c.messages
        .filter((m) => m.method === 'item/agentMessage/delta')
        .map((m) => m.params.delta)
        .join(''),
    ).toBe('over the socket');
    // A second connection is a session of its own, reading the same history.
    const other = await connect(url);
    await other.request('initialize', { clientInfo: { name: 'ws-test-2', version: '1' } });
    const listed = await other.request('thread/list', {});
    expect(listed.result.data.map((d: any) => d.id)).toContain(threadId);
    c.ws.close();
    other.ws.close();
  });

  it('refuses a web page (any Origin header) with 403', async () => {
    const url = await startServer();
    await expect(connect(url, { Origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it("checks Codex's capability token when one is set", async () => {
    const tokenFile = join(t.sb.home, 'ws-token');
    writeFileSync(tokenFile, 'sekrit-token\n');
    const url = await startServer(['--ws-auth', 'capability-token', '--ws-token-file', tokenFile]);
    await expect(connect(url)).rejects.toThrow('HTTP 401');
    await expect(connect(url, { Authorization: 'Bearer wrong' })).rejects.toThrow('HTTP 401');
    const c = await connect(url, { Authorization: 'Bearer sekrit-token' });
    expect((await c.request('initialize', { clientInfo: { name: 'ws-test', version: '1' } })).result.codexHome).toBe(t.sb.home);
    c.ws.close();
  });

  it('will not listen off loopback without a token, and says why', async () => {
    const run = await runCodex(['app-server', '--listen', 'ws://0.0.0.0:0'], { cwd: t.sb.workspace, env: t.sb.env, timeoutMs: 30_000 });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('listening on non-loopback address 0.0.0.0 requires a token');
  });
});
