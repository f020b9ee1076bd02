import { describe, expect, it } from 'vitest';
import type { Thread } from '../../main/protocol/types.js';
import { reduce, type State } from './store.js';

const thread: Thread = {
  id: 't1', preview: '', ephemeral: false, modelProvider: 'mock', model: 'm', createdAt: 0, updatedAt: 0,
  cwd: '/w', path: null, cliVersion: '0', source: 'desktop', turns: [],
};

function state(): State {
  return {
    threads: [thread],
    activeId: 't1',
    views: { t1: { id: 't1', cwd: '/w', model: 'm', items: [], turnId: null, plan: null, notice: null, lastCompletedTurnId: null } },
    approvals: [],
    error: null,
  };
}

function run(s: State, ...ns: Parameters<typeof reduce>[1][]): State {
  for (const n of ns) s = { ...s, ...reduce(s, n) };
  return s;
}

describe('renderer store reducer', () => {
  it('streams agent text and reasoning summaries, then takes the completed item', () => {
    const base = { threadId: 't1', turnId: 'u1' };
    let s = run(
      state(),
      { method: 'turn/started', params: { threadId: 't1', turn: { id: 'u1', items: [], status: 'inProgress', error: null, startedAt: null, completedAt: null, durationMs: null } } },
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
    s = run(s, { method: 'item/completed', params: { ...base, item: { type: 'agentMessage', id: 'a', text: 'Hello!' } } });
    expect(s.views.t1!.items[1]).toEqual({ type: 'agentMessage', id: 'a', text: 'Hello!' });
  });

  it('appends command output live and records plans and failures', () => {
    const base = { threadId: 't1', turnId: 'u1' };
    const cmd = { type: 'commandExecution' as const, id: 'c', command: 'ls', cwd: '/w', processId: null, status: 'inProgress' as const, aggregatedOutput: null, exitCode: null, durationMs: null };
    const s = run(
      state(),
      { method: 'item/started', params: { ...base, item: cmd } },
      { method: 'item/commandExecution/outputDelta', params: { ...base, itemId: 'c', delta: 'a\n' } },
      { method: 'item/commandExecution/outputDelta', params: { ...base, itemId: 'c', delta: 'b\n' } },
      { method: 'turn/plan/updated', params: { ...base, explanation: null, plan: [{ step: 'one', status: 'completed' }] } },
      { method: 'turn/completed', params: { threadId: 't1', turn: { id: 'u1', items: [], status: 'failed', error: { message: 'boom', codexErrorInfo: null, additionalDetails: null }, startedAt: null, completedAt: null, durationMs: null } } },
    );
    const v = s.views.t1!;
    expect(v.items[0]).toMatchObject({ id: 'c', aggregatedOutput: 'a\nb\n' });
    expect(v.plan).toEqual([{ step: 'one', status: 'completed' }]);
    expect(v.turnId).toBeNull();
    expect(v.notice).toContain('boom');
  });

  it('ignores notifications for threads it does not show and adds started threads', () => {
    const s0 = state();
    expect(reduce(s0, { method: 'item/agentMessage/delta', params: { threadId: 'other', turnId: 'u', itemId: 'a', delta: 'x' } })).toEqual({});
    const s = run(s0, { method: 'thread/started', params: { thread: { ...thread, id: 't2' } } });
    expect(s.threads.map((t) => t.id)).toEqual(['t2', 't1']);
  });
});
