import { describe, expect, it } from 'vitest';
import type { Thread } from '../../shared/protocol/types.js';
import { queuedMessage, shouldStartQueued } from './followUps.js';
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
const turn = (id: string, status: 'completed' | 'interrupted' | 'failed' | 'inProgress') => ({
  id,
  items: [],
  status,
  error: null,
  startedAt: null,
  completedAt: null,
  durationMs: null,
});

function state(): State {
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
  return {
    ...useStore.getState(),
    threads: [thread],
    activeId: 't1',
    views: { t1: { ...view, queued: [queuedMessage('next', [{ type: 'text', text: 'next' }])] } },
  };
}

describe('queued follow-ups', () => {
  it('a queued `!cmd` is a shell command, anything else a message', () => {
    expect(queuedMessage('!ls -la', [{ type: 'text', text: '!ls -la' }]).shellCommand).toBe('ls -la');
    expect(queuedMessage('! ', [{ type: 'text', text: '! ' }]).shellCommand).toBeUndefined();
    expect(queuedMessage('say !hi', [{ type: 'text', text: 'say !hi' }]).shellCommand).toBeUndefined();
  });

  it('start when the turn completes or fails, and wait after an interrupt', () => {
    let s = { ...state(), ...reduce(state(), { method: 'turn/started', params: { threadId: 't1', turn: turn('u1', 'inProgress') } }) };
    expect(shouldStartQueued(s.views.t1!)).toBe(false);
    for (const [status, starts] of [
      ['completed', true],
      ['failed', true],
      ['interrupted', false],
    ] as const) {
      const after = { ...s, ...reduce(s, { method: 'turn/completed', params: { threadId: 't1', turn: turn('u1', status) } }) };
      expect(shouldStartQueued(after.views.t1!), status).toBe(starts);
    }
    // A later turn that completes (Start now, or a new message) lifts the pause.
    s = { ...s, ...reduce(s, { method: 'turn/completed', params: { threadId: 't1', turn: turn('u1', 'interrupted') } }) };
    s = { ...s, ...reduce(s, { method: 'turn/started', params: { threadId: 't1', turn: turn('u2', 'inProgress') } }) };
    s = { ...s, ...reduce(s, { method: 'turn/completed', params: { threadId: 't1', turn: turn('u2', 'completed') } }) };
    expect(shouldStartQueued(s.views.t1!)).toBe(true);
  });
});
