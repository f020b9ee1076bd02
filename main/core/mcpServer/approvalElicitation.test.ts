import { describe, expect, it } from 'vitest';
import { coreDecision, decisionFromElicitResult, patchApprovalElicitation } from './approvalElicitation.js';
import { codexFileChanges } from './codexEvents.js';
import { splitShellWords } from './shellWords.js';
import { shellQuoteJoin } from '../util/shellQuote.js';

describe('decisionFromElicitResult', () => {
  const decided = (r: unknown) => decisionFromElicitResult(r).decision;

  it("reads Codex's top-level decision and the SDK-style content.decision", () => {
    expect(decisionFromElicitResult({ decision: 'approved' })).toEqual({ decision: 'approved', problem: null });
    expect(decided({ action: 'accept', content: { decision: 'approved_for_session' } })).toBe('approved_for_session');
    expect(decided({ action: 'accept', decision: 'abort' })).toBe('abort');
    expect(decided({ action: 'accept', decision: 'approved', content: { decision: 'approved' } })).toBe('approved');
  });

  it('maps bare MCP actions: accept approves once, cancel aborts, decline denies', () => {
    expect(decided({ action: 'accept' })).toBe('approved');
    expect(decided({ action: 'cancel' })).toBe('abort');
    expect(decided({ action: 'decline' })).toBe('denied');
    expect(decided({ action: 'decline', decision: 'denied' })).toBe('denied');
  });

  it.each([
    ['an unknown decision alongside accept', { action: 'accept', decision: 'yes please' }],
    ['a number in content', { action: 'accept', content: { decision: 1 } }],
    ['an empty object', {}],
    ['null', null],
    ['a bare string', 'approved'],
    ['an array', []],
    ['an unknown action', { action: 'yes' }],
    ['an unknown action with a decision', { action: 'approve', decision: 'approved' }],
    ['a decline carrying approved', { action: 'decline', decision: 'approved' }],
    ['a cancel carrying approved_for_session', { action: 'cancel', content: { decision: 'approved_for_session' } }],
    ['two different decisions', { decision: 'approved', content: { decision: 'denied' } }],
    ['content that is not an object', { action: 'accept', content: 'approved' }],
    ['an amendment object (never offered)', { decision: { approved_execpolicy_amendment: { proposed_execpolicy_amendment: ['rm'] } } }],
  ])('denies %s, saying why', (_name, answer) => {
    const r = decisionFromElicitResult(answer);
    expect(r.decision).toBe('denied');
    expect(r.problem).toMatch(/denied$/);
  });

  it("maps Codex's decisions to the core's", () => {
    expect(['approved', 'approved_for_session', 'denied', 'abort'].map((d) => coreDecision(d as any))).toEqual([
      'accept',
      'acceptForSession',
      'decline',
      'cancel',
    ]);
  });
});

describe('patch approval fields', () => {
  it("converts changes to Codex's FileChange shapes and includes reason and grant root only when set", () => {
    const changes = [
      { path: '/w/new.txt', kind: { type: 'add' as const }, diff: '--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+a\n+b\n' },
      { path: '/w/old.txt', kind: { type: 'delete' as const }, diff: '--- a/old.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n' },
      { path: '/w/x.txt', kind: { type: 'update' as const, move_path: '/w/y.txt' }, diff: '--- a/x.txt\n+++ b/y.txt\n@@ -1 +1 @@\n-1\n+2\n' },
    ];
    expect(codexFileChanges(changes)).toEqual({
      '/w/new.txt': { type: 'add', content: 'a\nb\n' },
      '/w/old.txt': { type: 'delete', content: 'bye\n' },
      '/w/x.txt': { type: 'update', unified_diff: changes[2]!.diff, move_path: '/w/y.txt' },
    });
    const ctx = { threadId: 't1', toolCallId: '3', eventId: '3' };
    const plain = patchApprovalElicitation(ctx, { threadId: 't1', turnId: 'u', itemId: 'c1', reason: null, changes: [], grantRoot: null, startedAtMs: 0 });
    expect(plain.message).toBe('Allow Codex to apply proposed code changes?');
    expect('codex_reason' in plain || 'codex_grant_root' in plain).toBe(false);
    const withReason = patchApprovalElicitation(ctx, {
      threadId: 't1',
      turnId: 'u',
      itemId: 'c1',
      reason: 'outside the workspace',
      changes: [],
      grantRoot: '/w',
      startedAtMs: 0,
    });
    expect(withReason).toMatchObject({
      message: 'outside the workspace\nAllow Codex to apply proposed code changes?',
      codex_reason: 'outside the workspace',
      codex_grant_root: '/w',
    });
  });
});

describe('splitShellWords', () => {
  it('splits what shellQuoteJoin produced back into the same argv', () => {
    for (const argv of [
      ['/bin/bash', '-lc', 'echo \'hi\' > "x y"'],
      ['ls', ''],
      ['printf', "it's", '$HOME'],
    ]) {
      expect(splitShellWords(shellQuoteJoin(argv))).toEqual(argv);
    }
  });

  it('handles double quotes and backslashes, and rejects unbalanced quoting', () => {
    expect(splitShellWords('a "b \\"c\\" d" e\\ f')).toEqual(['a', 'b "c" d', 'e f']);
    expect(splitShellWords("echo 'open")).toBeUndefined();
  });
});
