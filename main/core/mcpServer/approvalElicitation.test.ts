import { describe, expect, it } from 'vitest';
import { coreDecision, decisionFromElicitResult, patchApprovalElicitation } from './approvalElicitation.js';
import { codexFileChanges } from './codexEvents.js';
import { splitShellWords } from './shellWords.js';
import { shellQuoteJoin } from '../util/shellQuote.js';

describe('decisionFromElicitResult', () => {
  it("reads Codex's top-level decision and the SDK-style content.decision", () => {
    expect(decisionFromElicitResult({ decision: 'approved' })).toBe('approved');
    expect(decisionFromElicitResult({ action: 'accept', content: { decision: 'approved_for_session' } })).toBe('approved_for_session');
    expect(decisionFromElicitResult({ action: 'accept', decision: 'abort' })).toBe('abort');
  });

  it('maps bare MCP actions: accept approves once, cancel aborts, decline denies', () => {
    expect(decisionFromElicitResult({ action: 'accept' })).toBe('approved');
    expect(decisionFromElicitResult({ action: 'cancel' })).toBe('abort');
    expect(decisionFromElicitResult({ action: 'decline' })).toBe('denied');
  });

  it('denies anything it does not recognise, even alongside accept', () => {
    expect(decisionFromElicitResult({ action: 'accept', decision: 'yes please' })).toBe('denied');
    expect(decisionFromElicitResult({ action: 'accept', content: { decision: 1 } })).toBe('denied');
    expect(decisionFromElicitResult({})).toBe('denied');
    expect(decisionFromElicitResult(null)).toBe('denied');
    expect(decisionFromElicitResult('approved')).toBe('denied');
  });

  it("maps Codex's decisions to the core's", () => {
    expect(['approved', 'approved_for_session', 'denied', 'abort'].map((d) => coreDecision(d as any))).toEqual(['accept', 'acceptForSession', 'decline', 'cancel']);
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
    const plain = patchApprovalElicitation(ctx, { threadId: 't1', turnId: 'u', itemId: 'c1', reason: null, changes: [], grantRoot: null });
    expect(plain.message).toBe('Allow Codex to apply proposed code changes?');
    expect('codex_reason' in plain || 'codex_grant_root' in plain).toBe(false);
    const withReason = patchApprovalElicitation(ctx, { threadId: 't1', turnId: 'u', itemId: 'c1', reason: 'outside the workspace', changes: [], grantRoot: '/w' });
    expect(withReason).toMatchObject({ message: 'outside the workspace\nAllow Codex to apply proposed code changes?', codex_reason: 'outside the workspace', codex_grant_root: '/w' });
  });
});

describe('splitShellWords', () => {
  it('splits what shellQuoteJoin produced back into the same argv', () => {
    for (const argv of [['/bin/bash', '-lc', "echo 'hi' > \"x y\""], ['ls', ''], ['printf', "it's", '$HOME']]) {
      expect(splitShellWords(shellQuoteJoin(argv))).toEqual(argv);
    }
  });

  it('handles double quotes and backslashes, and rejects unbalanced quoting', () => {
    expect(splitShellWords('a "b \\"c\\" d" e\\ f')).toEqual(['a', 'b "c" d', 'e f']);
    expect(splitShellWords("echo 'open")).toBeUndefined();
  });
});
