import { describe, expect, it } from 'vitest';
import type { Thread } from '../../shared/protocol/types.js';
import type { ServerRequestPayload } from '../../shared/ipc/api.js';
import { activeStatuses, boardOrder, buildBoard, projectOf, statusFacts } from './board.js';
import type { ThreadView } from './store.js';

function thread(id: string, cwd: string): Thread {
  return {
    id,
    sessionId: id,
    projectId: null,
    status: { type: 'idle' },
    preview: id,
    ephemeral: false,
    modelProvider: 'm',
    model: 'm',
    createdAt: 0,
    updatedAt: 0,
    cwd,
    path: null,
    cliVersion: '0',
    source: 'cli',
    turns: [],
  };
}

function view(id: string, v: Partial<ThreadView>): ThreadView {
  const settings = { model: 'm', effort: null, sandbox: 'read-only' as const, approvalPolicy: 'never' as const };
  return {
    id,
    cwd: '/w',
    model: 'm',
    items: [],
    turnId: null,
    plan: null,
    planExplanation: null,
    notice: null,
    lastCompletedTurnId: null,
    settings,
    picked: settings,
    tokenUsage: null,
    environmentId: 'local',
    environmentState: 'local',
    turnOfItem: {},
    queued: [],
    queuePaused: false,
    ...v,
  };
}

const approval = (id: string, threadId: string): ServerRequestPayload => ({
  id,
  method: 'item/fileChange/requestApproval',
  params: { threadId, turnId: 'u', itemId: 'i', reason: null, changes: [], grantRoot: null, startedAtMs: 0 },
});

describe('sidebar status board', () => {
  it('groups a subfolder thread under the outermost listed folder holding it', () => {
    const folders = ['/r/app', '/r/app/web', '/r/other', '/r/application'];
    expect(projectOf('/r/app/web', folders)).toBe('/r/app');
    expect(projectOf('/r/application', folders)).toBe('/r/application');
    expect(projectOf('/r/other', folders)).toBe('/r/other');
  });

  it('derives each thread status from what the window knows: approvals, the running turn, how the last turn ended, unread', () => {
    const s = {
      views: { run: view('run', { turnId: 'u1' }), ask: view('ask', { turnId: 'u2' }) },
      activity: {
        done: { running: false, lastTurn: 'completed' as const, unread: true },
        seen: { running: false, lastTurn: 'completed' as const, unread: false },
        bad: { running: false, lastTurn: 'failed' as const, unread: false },
        // Running in a thread never opened here.
        elsewhere: { running: true, lastTurn: null, unread: false },
      },
      // Listed as active by thread/list (a turn started before this window loaded).
      threads: [
        { ...thread('listed', '/w'), status: { type: 'active' as const, activeFlags: [] } },
        { ...thread('bad', '/w'), status: { type: 'active' as const, activeFlags: [] } },
      ],
      approvals: [approval('1', 'ask'), approval('2', 'ask')],
    };
    expect(statusFacts(s, 'ask')).toEqual({ pendingApprovals: 2, running: true, lastTurn: null, unread: false });
    expect(statusFacts(s, 'never-opened')).toEqual({ pendingApprovals: 0, running: false, lastTurn: null, unread: false });
    // What was notified beats the listing ("bad" ended after it was listed).
    expect(activeStatuses(s)).toEqual({ run: 'working', ask: 'needsYou', done: 'ready', bad: 'failed', elsewhere: 'working', listed: 'working' });
  });

  it('orders sections Needs you, Working, Ready, Failed, Recent; projects by their latest thread; counts each section', () => {
    const threads = [thread('a', '/r/x'), thread('b', '/r/y'), thread('c', '/r/x/sub'), thread('d', '/r/y'), thread('e', '/r/x')];
    const status: Record<string, 'needsYou' | 'working' | 'ready' | 'failed'> = { e: 'needsYou', d: 'working', b: 'failed' };
    const board = buildBoard(threads, (t) => status[t.id] ?? 'idle');
    expect(board.map((s) => [s.label, s.count])).toEqual([
      ['Needs you', 1],
      ['Working', 1],
      ['Failed', 1],
      ['Recent', 2],
    ]);
    expect(board[3]!.groups).toEqual([{ project: '/r/x', label: 'x', threads: [threads[0], threads[2]] }]);
    expect(boardOrder(board).map((t) => t.id)).toEqual(['e', 'd', 'b', 'a', 'c']);
  });

  it('groups a worktree thread with the repository it was made from, not as a project of its own', () => {
    const threads = [
      thread('wt1', '/home/.codex/worktrees/ab12/project'),
      thread('wt2', '/home/.codex/worktrees/cd34/project'),
      thread('local', '/src/project'),
    ];
    const repoOf: Record<string, string> = { wt1: '/src/project', wt2: '/src/project' };
    const board = buildBoard(
      threads,
      () => 'idle',
      (t) => repoOf[t.id] ?? t.cwd,
    );
    expect(board[0]!.groups.map((g) => [g.project, g.threads.map((t) => t.id)])).toEqual([['/src/project', ['wt1', 'wt2', 'local']]]);
    // Without the repositories known, each worktree is its own folder.
    expect(buildBoard(threads, () => 'idle')[0]!.groups).toHaveLength(3);
  });
});
