import { describe, expect, it } from 'vitest';
import { attentionBadge, BOARD_SECTIONS, boardCounts, boardStatus, type StatusFacts } from './threadStatus.js';

const quiet: StatusFacts = { pendingApprovals: 0, running: false, lastTurn: null, unread: false };

describe('status board', () => {
  it('puts a thread waiting on an approval under Needs you, even while its turn runs', () => {
    expect(boardStatus({ ...quiet, pendingApprovals: 1, running: true })).toBe('needsYou');
    expect(boardStatus({ ...quiet, pendingApprovals: 2, lastTurn: 'failed' })).toBe('needsYou');
  });

  it('Working while a turn runs, whatever the last one did', () => {
    expect(boardStatus({ ...quiet, running: true, lastTurn: 'failed', unread: true })).toBe('working');
  });

  it('Ready only while a finished turn is unread; Failed stays until another turn starts', () => {
    expect(boardStatus({ ...quiet, lastTurn: 'completed', unread: true })).toBe('ready');
    expect(boardStatus({ ...quiet, lastTurn: 'completed', unread: false })).toBe('idle');
    expect(boardStatus({ ...quiet, lastTurn: 'failed', unread: false })).toBe('failed');
    // Interrupted by the user: nothing to look at.
    expect(boardStatus({ ...quiet, lastTurn: 'interrupted', unread: true })).toBe('idle');
    expect(boardStatus(quiet)).toBe('idle');
  });

  it('counts sections and badges the threads that need the user', () => {
    const counts = boardCounts(['needsYou', 'needsYou', 'working', 'ready', 'idle', 'idle']);
    expect(counts).toEqual({ needsYou: 2, working: 1, ready: 1, failed: 0, idle: 2 });
    expect(attentionBadge(counts)).toEqual({ count: 2, attention: true, tooltip: 'Codex — 2 needs you, 1 working, 1 ready' });
    expect(attentionBadge(boardCounts([]))).toEqual({ count: 0, attention: false, tooltip: 'Codex' });
    expect(BOARD_SECTIONS).toEqual(['needsYou', 'working', 'ready', 'failed', 'idle']);
  });
});
