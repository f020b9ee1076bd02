// Disconnect handling and lazy reconnection over real loopback websockets.
import { afterEach, describe, expect, it } from 'vitest';
import { testEnv, waitFor } from '../support/processes.js';
import { ExecServerClient, ExecServerConnectError, ExecServerDisconnectedError } from '../../main/core/execServer/client.js';
import { ExecServerCancelledError, LazyExecServerClient } from '../../main/core/execServer/lazyClient.js';
import { sleep, startServer, type Running } from '../support/execServerPeers.js';

const cwd = process.cwd();
const running: Running[] = [];
const lazies: LazyExecServerClient[] = [];
afterEach(async () => {
  for (const l of lazies.splice(0)) l.close();
  for (const r of running.splice(0)) await r.stop();
});

async function setup() {
  const r = await startServer({ sessionTtlMs: 200 });
  running.push(r);
  const lazy = new LazyExecServerClient({ kind: 'websocket', url: r.url });
  lazies.push(lazy);
  return { r, lazy };
}

describe('ExecServerClient disconnect', () => {
  it('fails the pending call and the process handle with one ExecServerDisconnectedError; get() then brings a new session', async () => {
    const { r, lazy } = await setup();
    const c1 = await lazy.get();
    expect(await lazy.get()).toBe(c1); // cached
    expect(r.server.connectionCount).toBe(1);
    const h = await c1.startProcess({ argv: ['sh', '-c', 'echo started; sleep 30'], cwd, env: testEnv('lz-disc') });
    const it = h[Symbol.asyncIterator]();
    expect((await it.next()).value?.chunk.toString()).toBe('started\n');
    const pendingRead = h.read({ afterSeq: 100, waitMs: 20_000 }); // parks on the server
    const pendingNext = it.next();
    await sleep(50);
    r.listener.dropConnections();

    const errRead = await pendingRead.then(
      () => undefined,
      (e: unknown) => e,
    );
    const errExit = await h.exited.then(
      () => undefined,
      (e: unknown) => e,
    );
    const errNext = await pendingNext.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(errRead).toBeInstanceOf(ExecServerDisconnectedError);
    expect((errRead as Error).message).toBe('exec-server connection closed');
    expect(errExit).toBe(errRead); // one error for everything on this connection
    expect(errNext).toBe(errRead);
    expect(c1.isDisconnected).toBe(true);
    await expect(h.write('x')).rejects.toBe(errRead); // work on the dead client keeps failing
    await expect(c1.startProcess({ argv: ['true'], cwd })).rejects.toBe(errRead);

    const c2 = await lazy.get();
    expect(c2).not.toBe(c1);
    expect(c2.isDisconnected).toBe(false);
    expect(c2.sessionId).not.toBe(c1.sessionId);
    expect(r.server.connectionCount).toBe(2);
    expect(r.server.sessionsCreated).toBe(2);
    const h2 = await c2.startProcess({ argv: ['echo', 'again'], cwd, env: testEnv('lz-disc2') });
    expect((await h2.collect()).stdout).toBe('again\n');
    // Old handles are not rebound to the new client.
    await expect(h.terminate()).rejects.toBeInstanceOf(ExecServerDisconnectedError);
  });

  for (const n of [2, 10]) {
    it(`${n} concurrent get() after a disconnect make exactly one connection and session`, async () => {
      const { r, lazy } = await setup();
      const c1 = await lazy.get();
      r.listener.dropConnections();
      await waitFor(() => c1.isDisconnected);
      const got = await Promise.all(Array.from({ length: n }, () => lazy.get()));
      expect(new Set(got).size).toBe(1);
      expect(got[0]).not.toBe(c1);
      expect(got[0]!.sessionId).not.toBe(c1.sessionId);
      expect(r.server.connectionCount).toBe(2);
      expect(r.server.sessionsCreated).toBe(2);
      expect(lazy.connectAttempts).toBe(2);
    });
  }

  it('does not cache a failed reconnect: server down, then up again', async () => {
    let r = await startServer();
    let url = r.url;
    const lazy = new LazyExecServerClient({ kind: 'websocket', url: () => url, connectTimeoutMs: 2000 });
    lazies.push(lazy);
    const c1 = await lazy.get();
    await r.stop(); // server down: the connection drops and nothing listens
    await waitFor(() => c1.isDisconnected);
    const fails = await Promise.allSettled([lazy.get(), lazy.get()]);
    expect(fails.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    const reason = (fails[0] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(ExecServerConnectError);
    expect((reason as Error).message).toMatch(/cannot connect to exec-server at ws:\/\/127\.0\.0\.1:\d+/);
    expect((fails[1] as PromiseRejectedResult).reason).toBe(reason); // concurrent callers shared one attempt
    expect(lazy.connectAttempts).toBe(2);

    r = await startServer();
    running.push(r);
    url = r.url; // the provider is asked again on every attempt
    const c2 = await lazy.get();
    expect(c2.isDisconnected).toBe(false);
    expect(c2.sessionId).not.toBe(c1.sessionId);
    expect(lazy.connectAttempts).toBe(3);
    expect(r.server.connectionCount).toBe(1);
  });

  it('a cancelled caller does not strand the others sharing the attempt', async () => {
    const r = await startServer();
    running.push(r);
    const lazy = new LazyExecServerClient({
      kind: 'websocket',
      url: async () => {
        await sleep(150);
        return r.url;
      },
    });
    lazies.push(lazy);
    const ac = new AbortController();
    const first = lazy.get(ac.signal);
    const second = lazy.get();
    ac.abort();
    await expect(first).rejects.toBeInstanceOf(ExecServerCancelledError);
    const c = await second;
    expect(c.isDisconnected).toBe(false);
    expect(await lazy.get()).toBe(c);
    expect(lazy.connectAttempts).toBe(1);
    expect(r.server.connectionCount).toBe(1);
    // A live cached client is returned at once, whatever the signal.
    await expect(lazy.get(AbortSignal.abort())).resolves.toBe(c);
  });

  it('ExecServerClient surfaces server errors as ExecServerRpcError with the code', async () => {
    const r = await startServer();
    running.push(r);
    const c = await ExecServerClient.connectWebSocket(r.url);
    await expect(c.startProcess({ argv: [], cwd })).rejects.toMatchObject({ name: 'ExecServerRpcError', code: -32602 });
    c.close();
    await waitFor(() => c.isDisconnected);
    await expect(c.request('environment/info', {})).rejects.toBeInstanceOf(ExecServerDisconnectedError);
  });
});
