import { describe, expect, it } from 'vitest';
import { ActivityTracker } from './activityTracker.js';
import { threadStarted, turn } from '../../tests/support/notificationBuilders.js';

const approval = (id: string, threadId: string, turnId: string) => ({
  id,
  method: 'item/commandExecution/requestApproval' as const,
  params: { threadId, turnId, itemId: 'i', command: 'rm -rf build', cwd: '/w', reason: 'clean', startedAtMs: 0 },
});

describe('ActivityTracker', () => {
  it('follows a thread through working, waiting for approval, done and failed', () => {
    const tr = new ActivityTracker();
    let changes = 0;
    tr.subscribe(() => changes++);
    tr.onNotification(threadStarted('t1', '/home/u/proj'));
    expect(tr.get('t1')).toMatchObject({ state: 'idle', title: 'New thread in proj', cwd: '/home/u/proj' });

    tr.onNotification({ method: 'turn/started', params: { threadId: 't1', turn: turn('u1', 'inProgress') } });
    tr.onNotification({
      method: 'item/started',
      params: {
        threadId: 't1',
        turnId: 'u1',
        item: { type: 'userMessage', id: 'm', content: [{ type: 'text', text: 'Fix the\nflaky test' }] },
        startedAtMs: 0,
      },
    });
    expect(tr.get('t1')).toMatchObject({ state: 'working', title: 'Fix the flaky test', activeTurnId: 'u1' });
    expect(tr.runningTurns()).toEqual([{ threadId: 't1', turnId: 'u1' }]);

    tr.onServerRequest(approval('srv-1', 't1', 'u1'));
    tr.onServerRequest(approval('srv-1', 't1', 'u1')); // a replay to a reloaded renderer is not a second approval
    expect(tr.get('t1')?.state).toBe('waitingForApproval');
    expect(tr.needsUserCount()).toBe(1);
    expect(tr.findApproval('srv-1')?.params.threadId).toBe('t1');

    tr.onNotification({ method: 'serverRequest/resolved', params: { threadId: 't1', requestId: 'srv-1' } }); // answered
    expect(tr.get('t1')?.state).toBe('working');
    expect(tr.needsUserCount()).toBe(0);

    tr.onNotification({
      method: 'item/completed',
      params: { threadId: 't1', turnId: 'u1', item: { type: 'agentMessage', id: 'a', text: 'All green.' }, completedAtMs: 0 },
    });
    tr.onNotification({ method: 'turn/completed', params: { threadId: 't1', turn: turn('u1', 'completed') } });
    expect(tr.get('t1')).toMatchObject({ state: 'done', activeTurnId: null, lastAgentMessage: 'All green.' });
    expect(tr.runningTurns()).toEqual([]);

    tr.onNotification({ method: 'turn/started', params: { threadId: 't1', turn: turn('u2', 'inProgress') } });
    tr.onServerRequest(approval('srv-2', 't1', 'u2'));
    tr.onNotification({ method: 'turn/completed', params: { threadId: 't1', turn: turn('u2', 'failed', 'stream disconnected') } });
    expect(tr.get('t1')).toMatchObject({ state: 'failed', lastError: 'stream disconnected', pendingApprovals: [] });
    expect(tr.needsUserCount()).toBe(0);
    expect(changes).toBeGreaterThan(8);
  });

  it('counts threads waiting on approvals and ignores unrelated notifications', () => {
    const tr = new ActivityTracker();
    tr.onNotification(threadStarted('a', '/x/a'));
    tr.onNotification(threadStarted('b', '/x/b'));
    tr.onNotification({ method: 'turn/started', params: { threadId: 'a', turn: turn('ua', 'inProgress') } });
    tr.onNotification({ method: 'turn/started', params: { threadId: 'b', turn: turn('ub', 'inProgress') } });
    tr.onServerRequest(approval('srv-1', 'a', 'ua'));
    tr.onServerRequest(approval('srv-2', 'b', 'ub'));
    tr.onServerRequest(approval('srv-3', 'b', 'ub'));
    tr.onNotification({ method: 'thread/warning', params: { threadId: null, message: 'x' } });
    // Two threads need the user (b with two approvals), as the sidebar's "Needs you" counts them.
    expect(tr.needsUserCount()).toBe(2);
    tr.onNotification({ method: 'serverRequest/resolved', params: { threadId: 'a', requestId: 'srv-1' } });
    tr.onNotification({ method: 'serverRequest/resolved', params: { threadId: 'b', requestId: 'srv-2' } });
    expect(tr.needsUserCount()).toBe(1);
    expect(tr.get('a')?.state).toBe('working');
    expect(tr.get('b')?.state).toBe('waitingForApproval');
    tr.onNotification({ method: 'turn/completed', params: { threadId: 'a', turn: turn('ua', 'interrupted') } });
    expect(tr.get('a')?.state).toBe('interrupted');
    tr.forget('a');
    expect(tr.list().map((t) => t.threadId)).toEqual(['b']);
  });
});
