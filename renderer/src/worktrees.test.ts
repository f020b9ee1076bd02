import { describe, expect, it } from 'vitest';
import type { WorktreeInfo } from '../../shared/protocol/types.js';
import { localRootOf, reduceWorktrees, useWorktrees, type WorktreeState } from './worktrees.js';

const info: WorktreeInfo = {
  path: '/h/worktrees/ab12/project',
  repoRoot: '/src/project',
  branch: 'codex/ab12',
  baseRef: 'HEAD',
  baseBranch: 'main',
  baseSha: 'a'.repeat(40),
  createdAt: '2026-12-07T00:00:00Z',
  ahead: 1,
  behind: 0,
  dirty: false,
  owner: null,
  wouldLose: null,
};

function run(s: WorktreeState, ...ns: Parameters<typeof reduceWorktrees>[1][]): WorktreeState {
  for (const n of ns) s = { ...s, ...reduceWorktrees(s, n) };
  return s;
}

describe('worktree store', () => {
  it("appends an action's output to its own run and marks it done with its exit code", () => {
    let s: WorktreeState = {
      ...useWorktrees.getState(),
      runs: [
        { runId: 'r1', threadId: 't1', name: 'Test', output: '', done: false, exitCode: null },
        { runId: 'r2', threadId: 't2', name: 'Lint', output: '', done: false, exitCode: null },
      ],
    };
    s = run(
      s,
      { method: 'environment/action/outputDelta', params: { threadId: 't1', runId: 'r1', delta: 'ok ' } },
      { method: 'environment/action/outputDelta', params: { threadId: 't2', runId: 'r2', delta: 'lint' } },
      { method: 'environment/action/outputDelta', params: { threadId: 't1', runId: 'r1', delta: 'done\n' } },
      { method: 'environment/action/completed', params: { threadId: 't1', runId: 'r1', exitCode: 3, signal: null } },
    );
    expect(s.runs).toEqual([
      { runId: 'r1', threadId: 't1', name: 'Test', output: 'ok done\n', done: true, exitCode: 3 },
      { runId: 'r2', threadId: 't2', name: 'Lint', output: 'lint', done: false, exitCode: null },
    ]);
  });

  it('collects the setup output of a new worktree, starting afresh with each one', () => {
    let s = run({ ...useWorktrees.getState(), setupLog: 'old run\n' }, { method: 'worktree/created', params: { worktree: info } });
    expect(s.setupLog).toBe('');
    // Its thread's header shows the output (the picker that started it has closed).
    expect(s.setupFor).toBe(info.path);
    expect(s.byPath[info.path]).toEqual(info);
    s = run(
      s,
      { method: 'worktree/setup/outputDelta', params: { path: info.path, kind: 'setup', delta: 'npm ci\n' } },
      { method: 'worktree/setup/outputDelta', params: { path: info.path, kind: 'setup', delta: 'added 3\n' } },
    );
    expect(s.setupLog).toBe('npm ci\nadded 3\n');
  });

  it('finds the Local checkout of a Local thread and of a worktree thread (through its record)', () => {
    expect(localRootOf({ workspace: { kind: 'local', root: '/src/project', branch: 'main' } }, {})).toBe('/src/project');
    expect(localRootOf({ workspace: { kind: 'worktree', root: info.path, branch: info.branch } }, { [info.path]: info })).toBe('/src/project');
    expect(localRootOf({ workspace: { kind: 'worktree', root: info.path, branch: info.branch } }, {})).toBeNull();
    expect(localRootOf({ workspace: null }, {})).toBeNull();
  });
});
