// The desktop's worktree calls pass the IPC contract only with valid params:
// each is validated by the protocol's schema before the core sees it.
import { describe, expect, it } from 'vitest';
import { CLIENT_REQUEST_METHODS, isInvokeChannel, requestChannel } from '../../shared/ipc/contract.js';
import { IpcValidationError, validateInvoke } from '../../shared/ipc/validate.js';

const WORKTREE_CALLS = [
  'worktree/list',
  'worktree/cleanupCandidates',
  'worktree/branches',
  'worktree/remove',
  'worktree/handoff',
  'environment/read',
  'environment/action/run',
  'environment/action/terminate',
] as const;

function rejection(method: (typeof WORKTREE_CALLS)[number] | 'thread/start', params: unknown): string {
  try {
    validateInvoke(requestChannel(method), params);
  } catch (err) {
    expect(err).toBeInstanceOf(IpcValidationError);
    expect((err as IpcValidationError).code).toBe(-32602);
    return (err as Error).message;
  }
  throw new Error(`${method} accepted ${JSON.stringify(params)}`);
}

describe('worktree calls over the IPC contract', () => {
  it('are channels the renderer may invoke', () => {
    for (const m of WORKTREE_CALLS) {
      expect(CLIENT_REQUEST_METHODS).toContain(m);
      expect(isInvokeChannel(requestChannel(m))).toBe(true);
    }
  });

  it('pass with valid params and are refused with the bad field named', () => {
    expect(validateInvoke(requestChannel('worktree/remove'), { path: '/h/worktrees/ab12/p', confirm: 'tok' })).toMatchObject({
      kind: 'request',
      method: 'worktree/remove',
      params: { path: '/h/worktrees/ab12/p', confirm: 'tok' },
    });
    expect(validateInvoke(requestChannel('worktree/handoff'), { threadId: 't', to: 'local' })).toMatchObject({
      kind: 'request',
      params: { threadId: 't', to: 'local' },
    });
    expect(validateInvoke(requestChannel('thread/start'), { cwd: '/p', worktree: { base: 'main' } })).toMatchObject({ params: { worktree: { base: 'main' } } });
    expect(rejection('worktree/remove', { confirm: 'tok' })).toMatch(/invalid params for worktree\/remove: path: /);
    expect(rejection('worktree/handoff', { threadId: 't', to: 'cloud' })).toMatch(/to: /);
    expect(rejection('worktree/list', { cwd: 7 })).toMatch(/cwd: /);
    expect(rejection('environment/action/run', { threadId: 't' })).toMatch(/name: /);
    expect(rejection('environment/action/terminate', {})).toMatch(/runId: /);
    expect(rejection('thread/start', { worktree: { base: 3 } })).toMatch(/worktree\.base: /);
  });
});
