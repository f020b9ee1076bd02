import { describe, expect, it } from 'vitest';
import { IpcRouter } from './router.js';
import { NOTIFICATION_CHANNEL, OPEN_THREAD_CHANNEL, requestChannel, RESPOND_CHANNEL, SERVER_REQUEST_CHANNEL, VIEW_CHANNEL } from '../../shared/ipc/contract.js';
import { RpcError } from '../core/server/appServer.js';
import { approveOrDenyReply } from '../../shared/protocol/approvalReplies.js';
import { RECENT_PROJECTS_CHANNEL } from '../../shared/ipc/contract.js';
import { RecentProjects, recentProjectsPath } from '../desktop/recentProjects.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function setup() {
  const pushed: { channel: string; payload: any }[] = [];
  const logs: string[] = [];
  const calls: { method: string; params: unknown }[] = [];
  const router = new IpcRouter({ push: (channel, payload) => pushed.push({ channel, payload }), log: (l) => logs.push(l) });
  router.attach({
    async handle(method, params) {
      calls.push({ method, params });
      if (method === 'turn/interrupt') throw new RpcError(-32602, 'unknown thread id: x');
      if (method === 'config/value/write' && (params as { expectedVersion?: string }).expectedVersion === 'stale')
        throw new RpcError(-32600, 'Configuration was modified since last read. Fetch latest version and retry.', {
          config_write_error_code: 'configVersionConflict',
        });
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
    expect(await router.invoke(requestChannel('config/batchWrite'), { edits: [] })).toMatchObject({
      ok: false,
      error: { code: -32602, message: expect.stringContaining('edits') },
    });
    expect(calls.map((c) => c.method)).toEqual(['config/value/write', 'config/read']);
  });

  it('returns server errors in the envelope instead of throwing', async () => {
    const { router } = setup();
    const r = await router.invoke(requestChannel('turn/interrupt'), { threadId: 'x', turnId: 'y' });
    expect(r).toEqual({ ok: false, error: { code: -32602, message: 'unknown thread id: x' } });
  });

  it("passes a server error's data through (a config write conflict keeps its code)", async () => {
    const { router } = setup();
    const r = await router.invoke(requestChannel('config/value/write'), { keyPath: 'model', value: 'x', mergeStrategy: 'replace', expectedVersion: 'stale' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: -32600,
        message: 'Configuration was modified since last read. Fetch latest version and retry.',
        data: { config_write_error_code: 'configVersionConflict' },
      },
    });
  });

  it('pushes notifications and server requests, and validates approval replies', async () => {
    const { router, pushed } = setup();
    router.notify('thread/warning', { threadId: null, message: 'hi' });
    expect(pushed[0]).toEqual({ channel: NOTIFICATION_CHANNEL, payload: { method: 'thread/warning', params: { threadId: null, message: 'hi' } } });
    const params = { threadId: 't', turnId: 'u', itemId: 'i', command: 'ls', cwd: '/', reason: null, startedAtMs: 0 };
    const answer = router.request('item/commandExecution/requestApproval', params);
    expect(pushed[1]).toEqual({ channel: SERVER_REQUEST_CHANNEL, payload: { id: 'srv-1', method: 'item/commandExecution/requestApproval', params } });
    expect(router.pendingRequests()).toHaveLength(1);
    expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-9', result: { decision: 'accept' } })).toMatchObject({ ok: false });
    expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-1', result: { decision: 'acceptForSession' } })).toEqual({ ok: true, result: {} });
    await expect(answer).resolves.toEqual({ decision: 'acceptForSession' });
    expect(router.pendingRequests()).toHaveLength(0);
    // Every front end learns it was answered.
    expect(pushed.at(-1)).toEqual({
      channel: NOTIFICATION_CHANNEL,
      payload: { method: 'serverRequest/resolved', params: { threadId: 't', requestId: 'srv-1' } },
    });
  });

  // Each malformed answer is a decline: the core gets the decline, the log names the method, the renderer an error.
  const commandParams = { threadId: 't', turnId: 'u', itemId: 'i', command: 'touch /outside', cwd: '/', reason: null, startedAtMs: 0 };
  const patchParams = { threadId: 't', turnId: 'u', itemId: 'p', reason: null, changes: [], grantRoot: null, startedAtMs: 0 };
  const mcpParams = {
    threadId: 't',
    turnId: 'u',
    serverName: 's',
    mode: 'form' as const,
    _meta: null,
    message: 'run?',
    requestedSchema: { type: 'object' as const, properties: {} },
  };
  const malformedDecisions: [string, unknown][] = [
    ['legacy denied', { decision: 'denied' }],
    ['legacy approved', { decision: 'approved' }],
    ['empty object', {}],
    ['no', { decision: 'no' }],
    ['bare string', 'decline'],
    ['bare accept', 'accept'],
    ['null', null],
    ['array', []],
    ['missing result', undefined],
    ['number decision', { decision: 1 }],
    ['object decision', { decision: { accept: true } }],
    ['execpolicy amendment (never offered)', { decision: { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['touch'] } } }],
  ];
  for (const method of ['item/commandExecution/requestApproval', 'item/fileChange/requestApproval'] as const) {
    it.each(malformedDecisions)(`${method}: %s is declined and logged`, async (_name, reply) => {
      const { router, logs, pushed } = setup();
      const answer = method === 'item/commandExecution/requestApproval' ? router.request(method, commandParams) : router.request(method, patchParams);
      const res = await router.invoke(RESPOND_CHANNEL, reply === undefined ? { id: 'srv-1' } : { id: 'srv-1', result: reply });
      expect(res).toMatchObject({ ok: false, error: { code: -32602, message: expect.stringContaining(`invalid reply to ${method}`) } });
      await expect(answer).resolves.toEqual({ decision: 'decline' });
      expect(logs.some((l) => l.includes(method) && l.includes('declined'))).toBe(true);
      expect(pushed.at(-1)?.payload).toEqual({ method: 'serverRequest/resolved', params: { threadId: 't', requestId: 'srv-1' } });
      // The request is settled: a second, valid answer approves nothing.
      expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-1', result: { decision: 'accept' } })).toMatchObject({
        ok: false,
        error: { message: expect.stringContaining('no pending') },
      });
      expect(router.pendingRequests()).toEqual([]);
    });
  }

  it.each([
    ['legacy decision', { decision: 'approved' }],
    ['yes', { action: 'yes' }],
    ['empty', {}],
    ['bare string', 'accept'],
    ['unknown persist', { action: 'accept', content: {}, _meta: { persist: 'forever' } }],
  ])('mcpServer/elicitation/request: %s is declined and logged', async (_name, reply) => {
    const { router, logs } = setup();
    const answer = router.request('mcpServer/elicitation/request', mcpParams);
    expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-1', result: reply })).toMatchObject({ ok: false, error: { code: -32602 } });
    await expect(answer).resolves.toEqual({ action: 'decline', content: null, _meta: null });
    expect(logs.some((l) => l.includes('mcpServer/elicitation/request'))).toBe(true);
  });

  it("takes a well-formed answer once, ignoring fields Codex ignores, and the notification buttons' replies are well-formed", async () => {
    const { router } = setup();
    const first = router.request('item/commandExecution/requestApproval', commandParams);
    expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-1', result: { decision: 'accept', extra: 1 } })).toEqual({ ok: true, result: {} });
    await expect(first).resolves.toEqual({ decision: 'accept' });
    expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-1', result: { decision: 'accept' } })).toMatchObject({ ok: false });
    const methods = ['item/commandExecution/requestApproval', 'item/fileChange/requestApproval', 'mcpServer/elicitation/request'] as const;
    for (const approve of [true, false]) {
      for (const method of methods) {
        const params =
          method === 'item/commandExecution/requestApproval' ? commandParams : method === 'item/fileChange/requestApproval' ? patchParams : mcpParams;
        const pending = router.request(method, params as never);
        const id = router.pendingRequests().at(-1)!.id;
        expect(await router.invoke(RESPOND_CHANNEL, { id, result: approveOrDenyReply(method, approve) })).toEqual({ ok: true, result: {} });
        const got: any = await pending;
        expect(got.decision ?? got.action).toBe(approve ? 'accept' : 'decline');
      }
    }
  });

  it('declines the approvals of a turn that ended: a late answer approves nothing', async () => {
    const { router, pushed } = setup();
    const answer = router.request('item/commandExecution/requestApproval', commandParams);
    const other = router.request('item/commandExecution/requestApproval', { ...commandParams, turnId: 'next' });
    router.notify('turn/completed', {
      threadId: 't',
      turn: { id: 'u', items: [], status: 'interrupted', error: null, startedAt: null, completedAt: null, durationMs: null },
    });
    await expect(answer).resolves.toEqual({ decision: 'decline' });
    expect(pushed.at(-1)?.payload).toEqual({ method: 'serverRequest/resolved', params: { threadId: 't', requestId: 'srv-1' } });
    expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-1', result: { decision: 'accept' } })).toMatchObject({ ok: false });
    expect(router.pendingRequests().map((r) => r.id)).toEqual(['srv-2']);
    expect(await router.invoke(RESPOND_CHANNEL, { id: 'srv-2', result: { decision: 'decline' } })).toEqual({ ok: true, result: {} });
    await expect(other).resolves.toEqual({ decision: 'decline' });
  });

  it('keeps what the renderer says it shows, rejecting malformed reports', async () => {
    const { router, calls } = setup();
    expect(router.viewState()).toBeUndefined();
    expect(await router.invoke(VIEW_CHANNEL, { threadId: 't1', focused: true })).toEqual({ ok: true, result: {} });
    expect(router.viewState()).toEqual({ threadId: 't1', focused: true });
    for (const bad of [
      { threadId: 't2' },
      { threadId: 7, focused: true },
      { threadId: '', focused: false },
      { threadId: 't2', focused: true, extra: 1 },
      null,
    ]) {
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
    const answer = router.request('item/fileChange/requestApproval', {
      threadId: 't',
      turnId: 'u',
      itemId: 'i',
      reason: null,
      changes: [],
      grantRoot: null,
      startedAtMs: 0,
    });
    router.close();
    await expect(answer).rejects.toThrow('renderer closed');
  });

  it('records the folder of each thread started (the one asked for, else the one given) and lists them newest first', async () => {
    const recent = new RecentProjects(recentProjectsPath(join(mkdtempSync(join(tmpdir(), 'router-recent-')), 'data')));
    const router = new IpcRouter({ push: () => {}, recentProjects: () => recent });
    // What thread/start answers: the thread in the folder the core resolved.
    router.attach({ handle: async (_method, params) => ({ thread: { cwd: `/resolved/${(params as { cwd?: string }).cwd ?? 'default'}` } }) });
    await router.invoke(requestChannel('thread/start'), { cwd: '/repo/asked' });
    await router.invoke(requestChannel('thread/start'), { cwd: 'relative' });
    await router.invoke(requestChannel('thread/start'), {});
    await router.invoke(requestChannel('thread/list'), { cwd: '/not/a/start' });
    expect(await router.invoke(RECENT_PROJECTS_CHANNEL, {})).toEqual({
      ok: true,
      result: { projects: ['/resolved/default', '/resolved/relative', '/repo/asked'] },
    });
    expect(await router.invoke(RECENT_PROJECTS_CHANNEL, { limit: 3 })).toMatchObject({
      ok: false,
      error: { code: -32602, message: expect.stringContaining(RECENT_PROJECTS_CHANNEL) },
    });
    // A host that keeps none lists none.
    expect(await setup().router.invoke(RECENT_PROJECTS_CHANNEL, {})).toEqual({ ok: true, result: { projects: [] } });
  });
});
