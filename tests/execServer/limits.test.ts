// What a websocket client may not make the exec-server do: be opened by a web
// page, hold sockets that never upgrade, open unbounded connections, sessions
// or processes, or send unbounded frames. Real servers on loopback, real
// sockets, real processes.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { testEnv } from '../support/processes.js';
import { ExecServerClient } from '../../main/core/execServer/client.js';
import { RawPeer, startServer, type Running } from '../support/execServerPeers.js';

const cwd = process.cwd();
const running: Running[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  for (const r of running.splice(0)) await r.stop();
});

async function serve(opts: Parameters<typeof startServer>[0] = {}): Promise<Running> {
  const r = await startServer(opts);
  running.push(r);
  return r;
}

async function peer(url: string, headers: Record<string, string> = {}): Promise<RawPeer> {
  const p = await RawPeer.open(url, headers);
  closers.push(() => p.close());
  return p;
}

/** The status line and body of a refused upgrade, read off a raw socket. */
function rawUpgrade(port: number, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let text = '';
    s.on('data', (d) => (text += d.toString()));
    s.on('close', () => resolve(text));
    s.on('error', reject);
    const extra = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    s.write(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`,
    );
  });
}

/** Resolves with the ms a TCP socket stayed open (it sends nothing, or only `send`). */
function timeOpen(port: number, send = ''): Promise<{ ms: number; socket: Socket }> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    closers.push(() => s.destroy());
    const t0 = Date.now();
    s.on('connect', () => send && s.write(send));
    s.on('error', () => {});
    s.on('close', () => resolve({ ms: Date.now() - t0, socket: s }));
  });
}

describe('exec-server websocket: who may connect', () => {
  it('refuses any upgrade that carries an Origin header with 403 (web pages), and serves clients without one', async () => {
    const r = await serve();
    const port = new URL(r.url).port;
    for (const origin of ['http://evil.example', `http://127.0.0.1:${port}`, 'null']) {
      await expect(peer(r.url, { origin })).rejects.toThrow('HTTP 403');
      expect(await rawUpgrade(Number(port), { Origin: origin })).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n[\s\S]*Origin header/);
    }
    const ok = await peer(r.url);
    expect((await ok.call('initialize', { clientName: 'no-origin' })).result.sessionId).toBeTruthy();
    expect(r.server.sessionsCreated).toBe(1);
  });

  it('with a token, refuses a missing, malformed or wrong bearer token with 401 and Codex’s messages', async () => {
    const r = await serve({ token: 'right-token' });
    const port = Number(new URL(r.url).port);
    expect(await rawUpgrade(port)).toMatch(/^HTTP\/1\.1 401 [\s\S]*missing websocket bearer token/);
    expect(await rawUpgrade(port, { Authorization: 'right-token' })).toMatch(/^HTTP\/1\.1 401 [\s\S]*invalid authorization header/);
    expect(await rawUpgrade(port, { Authorization: 'Bearer wrong-token' })).toMatch(/^HTTP\/1\.1 401 [\s\S]*invalid websocket bearer token/);
    expect(await rawUpgrade(port, { Authorization: 'Bearer right-token', Origin: 'http://evil.example' })).toMatch(/^HTTP\/1\.1 403 /);
    const ok = await peer(r.url, { authorization: 'bearer right-token' });
    expect((await ok.call('initialize', { clientName: 'tok' })).result.sessionId).toBeTruthy();
  });
});

describe('exec-server websocket: bounded resources', () => {
  it('closes a socket that never completes the upgrade after the handshake deadline', async () => {
    const r = await serve({ listen: { handshakeTimeoutMs: 400 } });
    const port = Number(new URL(r.url).port);
    const [silent, halfHeaders] = await Promise.all([timeOpen(port), timeOpen(port, 'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n')]);
    for (const { ms } of [silent, halfHeaders]) {
      expect(ms).toBeGreaterThanOrEqual(350);
      expect(ms).toBeLessThan(3000);
    }
    // An upgraded connection is not subject to the deadline.
    const ok = await peer(r.url);
    await new Promise((res) => setTimeout(res, 700));
    expect((await ok.call('initialize', { clientName: 'slow' })).result.sessionId).toBeTruthy();
  });

  it('drops TCP sockets beyond the pending-handshake cap at once', async () => {
    const r = await serve({ listen: { maxPendingHandshakes: 2, handshakeTimeoutMs: 5000 } });
    const port = Number(new URL(r.url).port);
    const held = [connect(port, '127.0.0.1'), connect(port, '127.0.0.1')];
    for (const s of held) closers.push(() => s.destroy());
    await Promise.all(held.map((s) => new Promise((res) => s.once('connect', res))));
    await new Promise((res) => setTimeout(res, 100));
    const third = await timeOpen(port);
    expect(third.ms).toBeLessThan(1000);
    expect(held.every((s) => !s.destroyed)).toBe(true);
  });

  it('refuses connections beyond the cap with 503 and a clear message, and accepts again once one closes', async () => {
    const r = await serve({ listen: { maxConnections: 2 } });
    const port = Number(new URL(r.url).port);
    const a = await peer(r.url);
    await peer(r.url);
    expect(await rawUpgrade(port)).toMatch(/^HTTP\/1\.1 503 [\s\S]*too many connections \(limit 2\)/);
    a.close();
    await new Promise((res) => setTimeout(res, 200));
    const c = await peer(r.url);
    expect((await c.call('initialize', { clientName: 'third' })).result.sessionId).toBeTruthy();
  });

  it('handshakes ws rejects (no Sec-WebSocket-Key) do not keep a connection slot', async () => {
    const r = await serve({ listen: { maxConnections: 2 } });
    const port = Number(new URL(r.url).port);
    for (let i = 0; i < 3; i++) {
      const answer = await new Promise<string>((resolve, reject) => {
        const s = connect(port, '127.0.0.1');
        let text = '';
        s.on('data', (d) => (text += d.toString()));
        s.on('close', () => resolve(text));
        s.on('error', reject);
        s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    }
    // Both slots are still free for real clients.
    const a = await peer(r.url);
    const b = await peer(r.url);
    expect((await a.call('initialize', { clientName: 'a' })).result.sessionId).toBeTruthy();
    expect((await b.call('initialize', { clientName: 'b' })).result.sessionId).toBeTruthy();
  });

  it('caps sessions (detached ones count until they expire)', async () => {
    const r = await serve({ maxSessions: 2, sessionTtlMs: 60_000 });
    const a = await peer(r.url);
    expect((await a.call('initialize', { clientName: 'a' })).result).toBeTruthy();
    a.close(); // detached, still held for a reattach
    const b = await peer(r.url);
    expect((await b.call('initialize', { clientName: 'b' })).result).toBeTruthy();
    const c = await peer(r.url);
    expect((await c.call('initialize', { clientName: 'c' })).error).toMatchObject({
      code: -32600,
      message: expect.stringMatching(/too many sessions.*limit 2/),
    });
  });

  it('caps running processes across sessions, not only per session', async () => {
    const r = await serve({ maxProcesses: 2, maxProcessesPerSession: 10 });
    const one = await ExecServerClient.connectWebSocket(r.url);
    const two = await ExecServerClient.connectWebSocket(r.url);
    closers.push(
      () => one.close(),
      () => two.close(),
    );
    const env = testEnv('es-global-cap');
    const a = await one.startProcess({ argv: ['sleep', '30'], cwd, env });
    await two.startProcess({ argv: ['sleep', '30'], cwd, env });
    await expect(two.startProcess({ argv: ['true'], cwd, env })).rejects.toThrow(
      /too many processes: the exec-server already runs 2 across all sessions \(limit 2\)/,
    );
    await a.terminate();
    await a.exited;
    const again = await two.startProcess({ argv: ['true'], cwd, env });
    expect(await again.exited).toBe(0);
  });

  it('closes a connection that sends a frame over the 64 MiB limit with 1009, and keeps serving others', async () => {
    const r = await serve();
    const ws = new WebSocket(r.url);
    closers.push(() => ws.terminate());
    await new Promise((res, rej) => {
      ws.once('open', res);
      ws.once('error', rej);
    });
    const code = new Promise<number>((res) => ws.once('close', (c) => res(c)));
    ws.send(Buffer.alloc(64 * 1024 * 1024 + 1, 0x20), { binary: false });
    expect(await code).toBe(1009);
    const ok = await peer(r.url);
    expect((await ok.call('initialize', { clientName: 'after' })).result.sessionId).toBeTruthy();
  });
});
