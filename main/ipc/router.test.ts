import { describe, expect, it } from 'vitest';
import { IpcRouter } from './router.js';
import { NOTIFICATION_CHANNEL, OPEN_THREAD_CHANNEL, requestChannel, RESPOND_CHANNEL, SERVER_REQUEST_CHANNEL, VIEW_CHANNEL } from './contract.js';
import { RpcError } from '../core/server/appServer.js';

function setup() {
  const pushed: { channel: string; payload: any }[] = [];
  const logs: string[] = [];
  const calls: { method: string; params: unknown }[] = [];
  const router = new IpcRouter({ push: (channel, payload) => pushed.push({ channel, payload }), log: (l) => logs.push(l) });
  router.attach({
    async handle(method, params) {
      calls.push({ method, params });
      if (method === 'turn/interrupt') throw new RpcError(-32602, 'unknown thread id: x');
      return { echoed: method };
    },
  });
  return { router, pushed, logs, calls };
}

describe('IpcRouter', () => {
  it('validates params with the protocol schemas before the server sees them', async () => {
    const { router, calls, logs } = setup();
    expect(await router.invoke(requestChannel('thread/list'), { limit: 5 })).toEqual({ ok: true, result: { echoed: 'thread/list' } });
    const bad = await router.invoke(requestChannel('turn/start'), { threadId: 42, input: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: -32602, message: expect.stringContaining('threadId') } });
    const unknown = await router.invoke('codex:request:thread/teleport', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: -32601 } });
    expect(calls).toEqual([{ method: 'thread/list', params: { limit: 5 } }]);
    expect(logs).toHaveLength(2);
  });

  it('validates config reads and writes before the server sees them', async () => {
    const { router, calls } = setup();
    const ok = { keyPath: 'sandbox_mode', value: 'workspace-write', mergeStrategy: 'replace' };
    expect(await router.invoke(requestChannel('config/value/write'), ok)).toMatchObject({ ok: true });
    expect(await router.invoke(requestChannel('config/read'), { includeLayers: true })).toMatchObject({ ok: true });
    for (const bad of [
      { ...ok, mergeStrategy: 'merge' },
      { ...ok, keyPath: '' },
      { ...ok, value: { nested: [1, undefined] } },
      { ...ok, value: Number.NaN },
    ]) {
      expect(await router.invoke(requestChannel('config/value/write'), bad)).toMatchObject({ ok: false, error: { code: -32602 } });
    }
    expect(await router.invoke(requestChannel('config/batchWrite'), { edits: [] })).toMatchObject({ ok: false, error: { code: -32602, message: expect.stringContaining('edits') } });
    expect(calls.map((c) => c.method)).toEqual(['config/value/write', 'config/read']);
  });

  it('returns server errors in the envelope instead of throwing', async () => {
    const { router } = setup();
    const r = await router.invoke(requestChannel('turn/interrupt'), { threadId: 'x', turnId: 'y' });
    expect(r).toEqual({ ok: false, error: { code: -32602, message: 'unknown thread id: x' } });
  });

  it('pushes notifications and server requests, and validates approval replies', async () => {
    const { router, pushed } = setup();
    router.notify('thread/warning', { threadId: null, message: 'hi' });
    expect(pushed[0]).toEqual({ channel: NOTIFICATION_CHANNEL, payload: { method: 'thread/warning', params: { threadId: null, message: 'hi' } } });
    const params = { threadId: 't', turnId: 'u', itemId: 'i', command: 'ls', cwd: '/', reason: null };
    const answer = router.request('item/commandExecution/requestApproval', params);
    expect(pushed[1]).toEqual({ channel: SERVER_REQUEST_CHANNEL, payload: { id: 'srv-1', method: 'item/commandExecution/requestApproval', params } });
    expect(router.pendingRequests()).toHaveLength(1);
    expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-1', result: { decision: 'yes please' } })).toMatchObject({ ok: false, error: { code: -32602 } });
    expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-9', result: { decision: 'accept' } })).toMatchObject({ ok: false });
    expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-1' , result: { decision: 'accept', extra: 1 } })).toMatchObject({ ok: false });
    expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-1', result: { decision: 'acceptForSession' } })).toEqual({ ok: true, result: {} });
    await expect(answer).resolves.toEqual({ decision: 'acceptForSession' });
    expect(router.pendingRequests()).toHaveLength(0);
    // Every front end learns it was answered.
    expect(pushed.at(-1)).toEqual({ channel: NOTIFICATION_CHANNEL, payload: { method: 'serverRequest/resolved', params: { threadId: 't', requestId: 'srv-1' } } });
  });

  it('keeps what the renderer says it shows, rejecting malformed reports', async () => {
    const { router, calls } = setup();
    expect(router.viewState()).toBeUndefined();
    expect(await router.invoke(VIEW_CHANNEL, { threadId: 't1', focused: true })).toEqual({ ok: true, result: {} });
    expect(router.viewState()).toEqual({ threadId: 't1', focused: true });
    for (const bad of [{ threadId: 't2' }, { threadId: 7, focused: true }, { threadId: '', focused: false }, { threadId: 't2', focused: true, extra: 1 }, null]) {
      expect(await router.invoke(VIEW_CHANNEL, bad)).toMatchObject({ ok: false, error: { code: -32602 } });
    }
    expect(router.viewState()).toEqual({ threadId: 't1', focused: true });
    expect(await router.invoke(VIEW_CHANNEL, { threadId: null, focused: false })).toMatchObject({ ok: true });
    expect(router.viewState()).toEqual({ threadId: null, focused: false });
    expect(calls).toEqual([]);
  });

  it('asks the renderer to open a thread, and reports served requests', async () => {
    const served: string[] = [];
    const pushed: { channel: string; payload: unknown }[] = [];
    const router = new IpcRouter({ push: (channel, payload) => pushed.push({ channel, payload }), onRequestServed: (m) => served.push(m) });
    router.attach({ handle: async (method) => (method === 'turn/interrupt' ? Promise.reject(new RpcError(-32602, 'no')) : {}) });
    router.openThread('t9');
    expect(pushed).toEqual([{ channel: OPEN_THREAD_CHANNEL, payload: { threadId: 't9' } }]);
    await router.invoke(requestChannel('thread/unsubscribe'), { threadId: 't9' });
    await router.invoke(requestChannel('turn/interrupt'), { threadId: 'x', turnId: 'y' });
    expect(served).toEqual(['thread/unsubscribe']);
  });

  it('close() fails outstanding approvals', async () => {
    const { router } = setup();
    const answer = router.request('item/fileChange/requestApproval', { threadId: 't', turnId: 'u', itemId: 'i', reason: null, changes: [], grantRoot: null });
    router.close();
    await expect(answer).rejects.toThrow('renderer closed');
  });
});
