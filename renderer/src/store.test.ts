import { describe, expect, it } from 'vitest';
import type { Thread } from '../../shared/protocol/types.js';
import { reduce, useStore, viewFromResponse, type State } from './store.js';

const thread: Thread = {
  id: 't1',
  sessionId: 't1',
  projectId: null,
  status: { type: 'idle' },
  preview: '',
  ephemeral: false,
  modelProvider: 'mock',
  model: 'm',
  createdAt: 0,
  updatedAt: 0,
  cwd: '/w',
  path: null,
  cliVersion: '0',
  source: { custom: 'desktop' },
  turns: [],
};

function state(): State {
  const s = useStore.getState();
  const view = viewFromResponse({
    thread,
    model: 'm',
    modelProvider: 'mock',
    cwd: '/w',
    approvalPolicy: 'never',
    reasoningEffort: null,
    approvalsReviewer: 'user',
    sandbox: { type: 'dangerFullAccess' },
  });
  return { ...s, threads: [thread], activeId: 't1', views: { t1: view } };
}

function run(s: State, ...ns: Parameters<typeof reduce>[1][]): State {
  for (const n of ns) s = { ...s, ...reduce(s, n) };
  return s;
}

describe('renderer store reducer', () => {
  it('tracks the exec-server environment a thread runs in and its connection state', () => {
    const remote = viewFromResponse({
      thread: { ...thread, environmentId: 'devbox' },
      model: 'm',
      modelProvider: 'mock',
      cwd: '/w',
      approvalPolicy: 'never',
      reasoningEffort: null,
      approvalsReviewer: 'user',
      sandbox: { type: 'dangerFullAccess' },
    });
    expect(remote).toMatchObject({ environmentId: 'devbox', environmentState: 'unknown' });
    expect(state().views.t1).toMatchObject({ environmentId: 'local', environmentState: 'local' });
    let s: State = { ...state(), views: { t1: remote } };
    s = run(s, { method: 'thread/environment/connected', params: { threadId: 't1', environmentId: 'devbox' } });
    expect(s.views.t1!.environmentState).toBe('connected');
    s = run(s, { method: 'thread/environment/disconnected', params: { threadId: 't1', environmentId: 'devbox' } });
    expect(s.views.t1!.environmentState).toBe('disconnected');
  });

  it('streams agent text and reasoning summaries, then takes the completed item', () => {
    const base = { threadId: 't1', turnId: 'u1' };
    let s = run(
      state(),
      {
        method: 'turn/started',
        params: { threadId: 't1', turn: { id: 'u1', items: [], status: 'inProgress', error: null, startedAt: null, completedAt: null, durationMs: null } },
      },
      { method: 'item/reasoning/summaryTextDelta', params: { ...base, itemId: 'r', delta: 'Think', summaryIndex: 0 } },
      { method: 'item/reasoning/summaryTextDelta', params: { ...base, itemId: 'r', delta: 'ing', summaryIndex: 0 } },
      { method: 'item/agentMessage/delta', params: { ...base, itemId: 'a', delta: 'Hel' } },
      { method: 'item/agentMessage/delta', params: { ...base, itemId: 'a', delta: 'lo' } },
    );
    expect(s.views.t1!.turnId).toBe('u1');
    expect(s.views.t1!.items).toEqual([
      { type: 'reasoning', id: 'r', summary: ['Thinking'], content: [] },
      { type: 'agentMessage', id: 'a', text: 'Hello' },
    ]);
    s = run(s, { method: 'item/completed', params: { ...base, item: { type: 'agentMessage', id: 'a', text: 'Hello!' }, completedAtMs: 0 } });
    expect(s.views.t1!.items[1]).toEqual({ type: 'agentMessage', id: 'a', text: 'Hello!' });
  });

  it('appends command output live and records plans and failures', () => {
    const base = { threadId: 't1', turnId: 'u1' };
    const cmd = {
      type: 'commandExecution' as const,
      id: 'c',
      command: 'ls',
      commandActions: [{ type: 'listFiles' as const, command: 'ls', path: null }],
      cwd: '/w',
      processId: null,
      status: 'inProgress' as const,
      aggregatedOutput: null,
      exitCode: null,
      durationMs: null,
    };
    const s = run(
      state(),
      { method: 'item/started', params: { ...base, item: cmd, startedAtMs: 0 } },
      { method: 'item/commandExecution/outputDelta', params: { ...base, itemId: 'c', delta: 'a\n' } },
      { method: 'item/commandExecution/outputDelta', params: { ...base, itemId: 'c', delta: 'b\n' } },
      { method: 'turn/plan/updated', params: { ...base, explanation: null, plan: [{ step: 'one', status: 'completed' }] } },
      {
        method: 'turn/completed',
        params: {
          threadId: 't1',
          turn: {
            id: 'u1',
            items: [],
            status: 'failed',
            error: { message: 'boom', codexErrorInfo: null, additionalDetails: null },
            startedAt: null,
            completedAt: null,
            durationMs: null,
          },
        },
      },
    );
    const v = s.views.t1!;
    expect(v.items[0]).toMatchObject({ id: 'c', aggregatedOutput: 'a\nb\n' });
    expect(v.plan).toEqual([{ step: 'one', status: 'completed' }]);
    expect(v.turnId).toBeNull();
    expect(v.notice).toContain('boom');
  });

  it('keeps the plan with its explanation and the token usage', () => {
    const base = { threadId: 't1', turnId: 'u1' };
    const breakdown = { totalTokens: 1500, inputTokens: 1000, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 500, reasoningOutputTokens: 0 };
    const s = run(
      state(),
      { method: 'turn/plan/updated', params: { ...base, explanation: 'why', plan: [{ step: 'a', status: 'inProgress' }] } },
      { method: 'thread/tokenUsage/updated', params: { ...base, tokenUsage: { total: breakdown, last: breakdown, modelContextWindow: 10_000 } } },
    );
    expect(s.views.t1!.planExplanation).toBe('why');
    expect(s.views.t1!.tokenUsage?.total.totalTokens).toBe(1500);
    // A new turn starts with no plan.
    const t = run(s, {
      method: 'turn/started',
      params: { threadId: 't1', turn: { id: 'u2', items: [], status: 'inProgress', error: null, startedAt: null, completedAt: null, durationMs: null } },
    });
    expect(t.views.t1!.plan).toBeNull();
  });

  it('takes the thread settings from the start response as the composer defaults', () => {
    const v = state().views.t1!;
    expect(v.settings).toEqual({ model: 'm', effort: null, sandbox: 'danger-full-access', approvalPolicy: 'never' });
    expect(v.picked).toEqual(v.settings);
  });

  it('ignores notifications for threads it does not show and adds started threads', () => {
    const s0 = state();
    expect(reduce(s0, { method: 'item/agentMessage/delta', params: { threadId: 'other', turnId: 'u', itemId: 'a', delta: 'x' } })).toEqual({});
    const s = run(s0, { method: 'thread/started', params: { thread: { ...thread, id: 't2' } } });
    expect(s.threads.map((t) => t.id)).toEqual(['t2', 't1']);
  });

  it('follows renames, archives and deletes made by any client', () => {
    const named = run(state(), { method: 'thread/name/updated', params: { threadId: 't1', threadName: 'Release notes' } });
    expect(named.threads[0]!.name).toBe('Release notes');
    for (const method of ['thread/archived', 'thread/deleted'] as const) {
      const s = run({ ...named, renaming: { threadId: 't1', place: 'sidebar' } }, { method, params: { threadId: 't1' } });
      expect(s.threads).toEqual([]);
      expect(s.views.t1).toBeUndefined();
      expect(s.activeId).toBeNull();
      expect(s.renaming).toBeNull();
    }
  });

  it('records which turn each item belongs to and how the last turn ended', () => {
    const base = { threadId: 't1', turnId: 'u1' };
    const s = run(
      state(),
      {
        method: 'item/started',
        params: { ...base, item: { type: 'userMessage', id: 'm1', content: [{ type: 'text', text: 'hi', text_elements: [] }] }, startedAtMs: 0 },
      },
      {
        method: 'turn/completed',
        params: { threadId: 't1', turn: { id: 'u1', items: [], status: 'interrupted', error: null, startedAt: null, completedAt: null, durationMs: null } },
      },
    );
    expect(s.views.t1!.turnOfItem).toEqual({ m1: 'u1' });
    expect(s.activity.t1).toEqual({ running: false, lastTurn: 'interrupted', unread: false });
  });

  it('follows the turns of every thread for the board, opened here or not, and marks one finished out of view unread', () => {
    const turn = (status: 'completed' | 'inProgress') => ({ id: 'u1', items: [], status, error: null, startedAt: null, completedAt: null, durationMs: null });
    const done = { method: 'turn/completed' as const, params: { threadId: 't1', turn: turn('completed') } };
    expect(run({ ...state(), activeId: 'other' }, done).activity.t1).toEqual({ running: false, lastTurn: 'completed', unread: true });
    // In view (no document here: the window counts as focused).
    expect(run(state(), done).activity.t1!.unread).toBe(false);
    const elsewhere = run(state(), { method: 'turn/started', params: { threadId: 'not-opened', turn: turn('inProgress') } });
    expect(elsewhere.activity['not-opened']).toEqual({ running: true, lastTurn: null, unread: false });
  });
});
