// The exec-server over real loopback websockets and real processes.
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { processesWithMarker, testEnv, waitFor } from '../support/processes.js';
import { ExecServerClient, ExecServerRpcError, openWebSocketTransport, streamTransport } from '../../main/core/execServer/client.js';
import { ExecServer, serveStdio } from '../../main/core/execServer/server.js';
import { listenWebSocket } from '../../main/core/execServer/websocketTransport.js';
import { RawPeer, sleep, startServer, type Running } from '../support/execServerPeers.js';
import type { ExecServerResult } from '../../main/core/execServer/methods.js';

const cwd = process.cwd();
const running: Running[] = [];
const clients: ExecServerClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const r of running.splice(0)) await r.stop();
});

async function setup(opts: Parameters<typeof startServer>[0] = {}) {
  const r = await startServer(opts);
  running.push(r);
  const client = await ExecServerClient.connectWebSocket(r.url, { clientName: 'test' });
  clients.push(client);
  return { ...r, client };
}

describe('exec-server processes', () => {
  it('initializes a session with environment info', async () => {
    const { client } = await setup();
    expect(client.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.environmentInfo).toMatchObject({ platformOs: process.platform, cwd: pathToFileURL(cwd).href, capabilities: { process: true } });
    expect(client.environmentInfo!.shell.path).toBeTruthy();
  });

  it('streams stdout and stderr and reports the exit code (cwd as file:// URI)', async () => {
    const { client } = await setup();
    const h = await client.startProcess({
      argv: ['sh', '-c', 'pwd; echo out; echo err >&2; exit 3'],
      cwd: pathToFileURL('/tmp').href,
      env: testEnv('es-basic'),
    });
    expect(h.sandboxType).toBe('none');
    const r = await h.collect();
    expect(r.stdout).toBe('/tmp\nout\n');
    expect(r.stderr).toBe('err\n');
    expect(r.exitCode).toBe(3);
  });

  it('delivers stdin and reports stdinClosed / unknownProcess', async () => {
    const { client } = await setup();
    const h = await client.startProcess({ argv: ['cat'], cwd, env: testEnv('es-stdin'), pipeStdin: true });
    expect(await h.write('hello ')).toBe('accepted');
    expect(await h.write('world\n', { closeStdin: true })).toBe('accepted');
    const r = await h.collect();
    expect(r.stdout).toBe('hello world\n');
    expect(r.exitCode).toBe(0);
    expect(await h.write('late')).toBe('stdinClosed');
    const raw = await client.request('process/write', { processId: 'nope', chunk: '' });
    expect(raw.status).toBe('unknownProcess');
    // Without pipeStdin stdin is closed from the start.
    const h2 = await client.startProcess({ argv: ['cat'], cwd, env: testEnv('es-stdin2') });
    expect(await h2.write('x')).toBe('stdinClosed');
    expect((await h2.collect()).exitCode).toBe(0);
  });

  it('interrupt runs the trap; terminate kills (128+9) and reports running', async () => {
    const { client } = await setup();
    const h = await client.startProcess({
      // node installs its own SIGINT handler (a shell may inherit SIGINT ignored from the test runner).
      argv: [
        process.execPath,
        '-e',
        "process.on('SIGINT', () => { console.log('got-int'); process.exit(7); }); console.log('ready'); setInterval(() => {}, 1000);",
      ],
      cwd,
      env: testEnv('es-sig'),
    });
    let out = '';
    for await (const e of h) {
      out += e.chunk.toString();
      if (out.includes('ready')) break;
    }
    await h.signal('interrupt');
    expect(await h.exited).toBe(7);
    const rest = await h.read();
    expect(Buffer.concat(rest.chunks.map((c) => Buffer.from(c.chunk, 'base64'))).toString()).toContain('got-int');
    expect(rest).toMatchObject({ exited: true, closed: true, exitCode: 7 });

    const s = await client.startProcess({ argv: ['sleep', '30'], cwd, env: testEnv('es-term') });
    expect(await s.terminate()).toBe(true);
    expect(await s.exited).toBe(137);
    expect(await s.terminate()).toBe(false);

    const k = await client.startProcess({ argv: ['sleep', '30'], cwd, env: testEnv('es-kill') });
    await k.signal('kill');
    expect(await k.exited).toBe(137);
    await expect(k.signal('bogus' as never)).rejects.toThrow(/"signal" must be one of/);
  });

  it('runs under a pty with tty: true', async () => {
    const { client } = await setup();
    const h = await client.startProcess({ argv: ['sh', '-c', 'test -t 0 && test -t 1 && echo is-a-tty'], cwd, env: testEnv('es-tty'), tty: true });
    const r = await h.collect();
    expect(r.pty).toContain('is-a-tty');
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('process/read pulls buffered output with afterSeq, maxBytes and waitMs', async () => {
    const { client } = await setup();
    const h = await client.startProcess({ argv: ['sh', '-c', 'echo a; sleep 0.2; echo b; sleep 0.2; echo c'], cwd, env: testEnv('es-read') });
    const first = await h.read({ afterSeq: 0, waitMs: 5000 });
    expect(first.chunks.length).toBeGreaterThan(0);
    await h.exited;
    await waitFor(() => false, 100);
    const all = await h.read({ afterSeq: 0 });
    expect(Buffer.concat(all.chunks.map((c) => Buffer.from(c.chunk, 'base64'))).toString()).toBe('a\nb\nc\n');
    expect(all).toMatchObject({ exited: true, closed: true, exitCode: 0 });
    const one = await h.read({ afterSeq: 0, maxBytes: 1 });
    expect(one.chunks).toHaveLength(1);
    expect(one.closed).toBe(false);
    expect(one.nextSeq).toBe(all.chunks[1]!.seq);
    const after = await h.read({ afterSeq: all.chunks.at(-1)!.seq });
    expect(after.chunks).toHaveLength(0);
  });

  it('runs sandboxed processes through the spawner (read-only policy)', async () => {
    const { client } = await setup();
    let h;
    try {
      h = await client.startProcess({
        argv: ['sh', '-c', 'echo $CODEX_SANDBOX_NETWORK_DISABLED'],
        cwd,
        env: testEnv('es-sb'),
        sandbox: { mode: 'read-only', networkAccess: false },
      });
    } catch (err) {
      // No helper / no bwrap here: the server must refuse, never run unsandboxed.
      expect(err).toBeInstanceOf(ExecServerRpcError);
      expect((err as ExecServerRpcError).code).toBe(-32603);
      expect((err as Error).message).toMatch(/failed to start process/);
      return;
    }
    expect(h.sandboxType).not.toBe('none');
    const r = await h.collect();
    expect(r.stdout).toBe('1\n');
  });

  it('answers process/start with Codex’s sandboxType names on the wire', async () => {
    const r = await startServer();
    running.push(r);
    const peer = await RawPeer.open(r.url);
    await peer.call('initialize', { clientName: 'raw' });
    const start = await peer.call('process/start', {
      processId: 'sb',
      argv: ['true'],
      cwd,
      env: testEnv('es-sb-wire'),
      tty: false,
      pipeStdin: false,
      sandbox: { mode: 'read-only', networkAccess: false },
    });
    peer.close();
    if (start.error) {
      // No sandbox here: refused, never run unsandboxed.
      expect(start.error.message).toMatch(/failed to start process/);
      return;
    }
    const codexNames = { linux: 'linuxSeccomp', darwin: 'macosSeatbelt', win32: 'windowsRestrictedToken' } as Record<string, string>;
    expect(start.result).toEqual({ processId: 'sb', sandboxType: codexNames[process.platform] });
  });
});

describe('exec-server protocol errors and limits', () => {
  it('rejects bad requests with -32600/-32601/-32602/-32700', async () => {
    const r = await startServer();
    running.push(r);
    const peer = await RawPeer.open(r.url);
    expect((await peer.call('process/start', { processId: 'a', argv: ['true'], cwd, env: {}, tty: false, pipeStdin: false })).error).toMatchObject({
      code: -32600,
      message: expect.stringMatching(/before "initialize"/),
    });
    expect((await peer.call('initialize', {})).error.code).toBe(-32602);
    const init = await peer.call('initialize', { clientName: 'raw' });
    expect(init).not.toHaveProperty('jsonrpc');
    expect(init.result.sessionId).toBeTruthy();
    peer.sendRaw(JSON.stringify({ method: 'initialized' }));
    expect((await peer.call('initialize', { clientName: 'raw' })).error.code).toBe(-32600);
    expect((await peer.call('nope/method', {})).error.code).toBe(-32601);
    const start = (p: object) => peer.call('process/start', { processId: 'p1', argv: ['true'], cwd, env: {}, tty: false, pipeStdin: false, ...p });
    expect((await start({ argv: [] })).error).toMatchObject({ code: -32602, message: expect.stringMatching(/argv/) });
    expect((await start({ cwd: 'relative/dir' })).error).toMatchObject({ code: -32602, message: expect.stringMatching(/absolute/) });
    expect((await start({ sandbox: { mode: 'weird' } })).error.code).toBe(-32602);
    expect((await start({ argv: ['/definitely/not/here'] })).error).toMatchObject({ code: -32603, message: expect.stringMatching(/No such file/) });
    expect((await start({})).result).toEqual({ processId: 'p1', sandboxType: 'none' });
    expect((await start({})).error).toMatchObject({ code: -32602, message: expect.stringMatching(/already in use/) });
    expect((await peer.call('process/read', { processId: 'zz' })).error).toMatchObject({ code: -32602, message: 'unknown process id: zz' });
    peer.sendRaw('{not json');
    peer.sendRaw(JSON.stringify({ method: 'bogus/notification' }));
    await waitFor(() => peer.stray.length >= 2);
    expect(peer.stray[0]).toMatchObject({ id: null, error: { code: -32700 } });
    expect(peer.stray[1]).toMatchObject({ id: -1, error: { code: -32600 } });
    // Notifications carry seq; exited then closed.
    await waitFor(() => peer.notifications.some((n) => n.method === 'process/closed'));
    const methods = peer.notifications.filter((n) => n.params.processId === 'p1').map((n) => n.method);
    expect(methods).toEqual(['process/exited', 'process/closed']);
    peer.close();
  });

  it('limits running processes per session', async () => {
    const { client } = await setup({ maxProcessesPerSession: 2 });
    const a = await client.startProcess({ argv: ['sleep', '30'], cwd, env: testEnv('es-lim') });
    const b = await client.startProcess({ argv: ['sleep', '30'], cwd, env: testEnv('es-lim') });
    await expect(client.startProcess({ argv: ['sleep', '30'], cwd, env: testEnv('es-lim') })).rejects.toThrow(
      /too many processes: this session already runs 2 \(limit 2\)/,
    );
    await a.terminate();
    await a.exited;
    await waitFor(() => false, 50);
    const c = await client.startProcess({ argv: ['true'], cwd, env: testEnv('es-lim') });
    expect(await c.exited).toBe(0);
    await b.terminate();
  });

  it('limits buffered output per process with a clear error for discarded output', async () => {
    const { client } = await setup({ maxBufferedBytesPerProcess: 4096 });
    const h = await client.startProcess({
      argv: [
        process.execPath,
        '-e',
        "let i = 0; const t = setInterval(() => { process.stdout.write('x'.repeat(40) + '\\n'); if (++i === 200) clearInterval(t); }, 1);",
      ],
      cwd,
      env: testEnv('es-buf'),
    });
    let notified = 0;
    for await (const e of h) notified += e.chunk.length;
    expect(notified).toBe(200 * 41); // notifications are not limited
    await expect(h.read({ afterSeq: 0 })).rejects.toThrow(/was discarded: more than 4096 bytes were buffered/);
    const tail = await h.read({ afterSeq: 10_000 });
    expect(tail.closed).toBe(true);
  });
});

describe('exec-server sessions', () => {
  it('kills a detached session after the TTL; resume then fails with "unknown session id"', async () => {
    const r = await startServer({ sessionTtlMs: 200 });
    running.push(r);
    const client = await ExecServerClient.connectWebSocket(r.url);
    const marker = `es-ttl-${process.pid}-${Date.now()}`;
    await client.startProcess({ argv: ['sleep', '30'], cwd, env: testEnv(marker) });
    expect(await waitFor(() => processesWithMarker(marker).length > 0)).toBe(true);
    const dropped = Date.now();
    r.listener.dropConnections();
    await waitFor(() => client.isDisconnected);
    const alive = processesWithMarker(marker).length;
    // Still alive inside the TTL (only checkable when this machine is not too loaded to be inside it).
    if (Date.now() - dropped < 150) expect(alive).toBeGreaterThan(0);
    expect(await waitFor(() => processesWithMarker(marker).length === 0, 3000)).toBe(true);
    expect(r.server.hasSession(client.sessionId)).toBe(false);
    const t = await openWebSocketTransport(r.url);
    await expect(ExecServerClient.overTransport(t, { resumeSessionId: client.sessionId })).rejects.toThrow(/unknown session id/);
  });

  it('reattaches with resumeSessionId within the TTL and refuses a session that is held', async () => {
    const r = await startServer({ sessionTtlMs: 5000 });
    running.push(r);
    const first = await ExecServerClient.connectWebSocket(r.url);
    const h = await first.startProcess({
      processId: 'keep',
      argv: ['sh', '-c', 'echo before; sleep 0.3; echo after; sleep 30'],
      cwd,
      env: testEnv('es-resume'),
    });
    for await (const e of h) if (e.chunk.toString().includes('before')) break;

    const holder = await openWebSocketTransport(r.url);
    await expect(ExecServerClient.overTransport(holder, { resumeSessionId: first.sessionId })).rejects.toThrow(/session already attached/);

    r.listener.dropConnections();
    await waitFor(() => first.isDisconnected);
    await expect(h.exited).rejects.toThrow('exec-server connection closed');
    await sleep(400); // "after" is printed while detached and buffered
    const second = await ExecServerClient.overTransport(await openWebSocketTransport(r.url), { resumeSessionId: first.sessionId });
    clients.push(second);
    expect(second.sessionId).toBe(first.sessionId);
    let text = '';
    let read: ExecServerResult<'process/read'> | undefined;
    for (let i = 0; i < 20 && !text.includes('after'); i++) {
      read = await second.request('process/read', { processId: 'keep', afterSeq: 0, waitMs: 250 });
      text = Buffer.concat(read!.chunks.map((c) => Buffer.from(c.chunk, 'base64'))).toString();
    }
    expect(text).toBe('before\nafter\n');
    expect(read!.exited).toBe(false);
    expect(await second.request('process/terminate', { processId: 'keep' })).toEqual({ running: true });
  });

  it('speaks newline-delimited JSON over stdio streams', async () => {
    const server = new ExecServer();
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const { done } = serveStdio(server, toServer, toClient);
    const client = await ExecServerClient.overTransport(streamTransport(toClient, toServer));
    expect(client.transportKind).toBe('stdio');
    const h = await client.startProcess({ argv: ['echo', 'over stdio'], cwd, env: testEnv('es-stdio') });
    expect((await h.collect()).stdout).toBe('over stdio\n');
    const lines: string[] = [];
    toClient.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
    await client.request('environment/info', {});
    expect(lines.every((l) => !l.includes('\n') && JSON.parse(l))).toBe(true);
    toServer.end();
    await done;
    await server.close();
  });
});

describe('exec-server authentication', () => {
  it('refuses connections without the token (HTTP 401) and accepts header or query token', async () => {
    const r = await startServer({ token: 's3cret' });
    running.push(r);
    await expect(RawPeer.open(r.url)).rejects.toThrow('HTTP 401');
    await expect(RawPeer.open(r.url, { authorization: 'Bearer wrong' })).rejects.toThrow('HTTP 401');
    await expect(ExecServerClient.connectWebSocket(r.url)).rejects.toThrow(/HTTP 401 Unauthorized/);
    await expect(ExecServerClient.connectWebSocket(`${r.url}/?token=nope`)).rejects.toThrow(/\?<redacted>.*401/);
    const viaHeader = await ExecServerClient.connectWebSocket(r.url, { token: 's3cret' });
    clients.push(viaHeader);
    expect(viaHeader.sessionId).toBeTruthy();
    const viaQuery = await RawPeer.open(`${r.url}/?token=s3cret`);
    expect((await viaQuery.call('initialize', { clientName: 'q' })).result.sessionId).toBeTruthy();
    viaQuery.close();
    expect(r.server.sessionsCreated).toBe(2);
  });

  it('will not listen on a non-loopback address without a token', async () => {
    await expect(listenWebSocket(new ExecServer(), { host: '0.0.0.0', port: 0 })).rejects.toThrow(/non-loopback address 0\.0\.0\.0 without a token/);
    const server = new ExecServer();
    const l = await listenWebSocket(server, { host: '0.0.0.0', port: 0, auth: { token: 'tok' } });
    try {
      await expect(RawPeer.open(`ws://127.0.0.1:${l.port}`)).rejects.toThrow('HTTP 401');
      const ok = await RawPeer.open(`ws://127.0.0.1:${l.port}`, { authorization: 'Bearer tok' });
      ok.close();
    } finally {
      await l.close();
      await server.close();
    }
  });
});

describe('exec-server process/start environment (Codex envPolicy)', () => {
  it('builds the base environment from the server’s own with envPolicy, then lays env over it', async () => {
    const { client } = await setup();
    process.env.ES_ENV_POLICY_INHERITED = 'from-server';
    process.env.ES_ENV_POLICY_SECRET_TOKEN = 'hidden';
    try {
      const envPolicy = { inherit: 'all' as const, ignoreDefaultExcludes: false, exclude: ['ES_ENV_POLICY_DROP*'], set: { ES_SET: 'set' }, includeOnly: [] };
      const r = await client.request('process/start', {
        processId: 'envp',
        argv: ['sh', '-c', 'echo "$ES_ENV_POLICY_INHERITED|${ES_ENV_POLICY_SECRET_TOKEN:-none}|$ES_SET|$ES_OVERRIDE"'],
        cwd,
        env: { ES_OVERRIDE: 'over' },
        envPolicy,
        tty: false,
        pipeStdin: false,
        arg0: null,
        sandbox: null,
      });
      expect(r.processId).toBe('envp');
      // Until it closes, by the clock: a read with output after afterSeq 0 answers at once, so a
      // count of reads ran out in ~100 ms on a loaded machine before `sh` had exited.
      const read = async (): Promise<string> => {
        for (const until = Date.now() + 20_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
          const res = await client.request('process/read', { processId: 'envp', afterSeq: 0, waitMs: 200 });
          if (res.closed) return res.chunks.map((c) => Buffer.from(c.chunk, 'base64').toString()).join('');
        }
        throw new Error('process did not close in 20 s');
      };
      expect(await read()).toBe('from-server|none|set|over\n');
      // Without envPolicy the command gets exactly `env`.
      const h = await client.startProcess({ argv: ['/bin/sh', '-c', 'echo "${ES_ENV_POLICY_INHERITED:-absent}"'], cwd, env: { PATH: process.env.PATH! } });
      expect((await h.collect()).stdout).toBe('absent\n');
      const bad = (await client
        .request('process/start', { processId: 'bad', argv: ['true'], cwd, env: {}, envPolicy: { inherit: 'some' as never } })
        .catch((e) => e)) as ExecServerRpcError;
      expect(bad.code).toBe(-32602);
      expect(bad.message).toContain('envPolicy.inherit');
    } finally {
      delete process.env.ES_ENV_POLICY_INHERITED;
      delete process.env.ES_ENV_POLICY_SECRET_TOKEN;
    }
  });
});
