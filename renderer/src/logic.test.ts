// Unit tests of the renderer's pure logic: formatting, search, diffs, windowing,
// shortcuts, composer overrides and settings edits.
import { describe, expect, it } from 'vitest';
import type { ConfigReadResponse, Thread } from '../../shared/protocol/types.js';
import { baseName, formatCwd, formatSessionSource, formatTokens } from './format.js';
import { filterThreads } from './search.js';
import { diffStats, parseUnifiedDiff, toSplitRows } from './diff.js';
import { computeWindow, rowOffsets } from './windowing.js';
import { matchShortcut, neighbourThread, shortcutLabel } from './shortcuts.js';
import { buildInput, buildTurnStart, type TurnSettings } from './turnOptions.js';
import { sandboxModeOf, sandboxPolicyFor } from '../../shared/protocol/sandboxMode.js';
import { changedEdits, settingsFromConfig, userVersion } from './settingsModel.js';

describe('formatSessionSource', () => {
  it("names a thread's origin as our front ends call it, whatever Codex's wire name", () => {
    expect((['cli', 'exec', 'vscode', 'appServer', 'unknown'] as const).map((s) => formatSessionSource(s))).toEqual([
      'cli',
      'exec',
      'app-server',
      'mcp',
      'unknown',
    ]);
    expect(formatSessionSource({ custom: 'desktop' })).toBe('desktop');
  });
});

describe('formatCwd', () => {
  it('shows the home directory as ~ and leaves other paths alone', () => {
    expect(formatCwd('/home/ann', '/home/ann')).toBe('~');
    expect(formatCwd('/home/ann/src/app', '/home/ann')).toBe('~/src/app');
    expect(formatCwd('/home/ann/src', '/home/ann/')).toBe('~/src');
    expect(formatCwd('/home/anna/x', '/home/ann')).toBe('/home/anna/x');
    expect(formatCwd('/srv/x', null)).toBe('/srv/x');
    expect(formatCwd('C:\\Users\\Ann\\proj', 'c:\\users\\ann')).toBe('~\\proj');
    expect(baseName('~/src/app/')).toBe('app');
  });
  it('formats token counts', () => {
    expect([950, 1234, 12_345, 2_500_000].map(formatTokens)).toEqual(['950', '1.2k', '12k', '2.5M']);
  });
});

describe('filterThreads', () => {
  const t = (id: string, preview: string, cwd: string) => ({ id, preview, cwd }) as Thread;
  const threads = [t('1', 'Fix the login bug', '/home/ann/web'), t('2', 'Write docs', '/home/ann/api'), t('3', 'Refactor', '/srv/api')];
  it('matches every word against the title or the folder, as typed or as shown', () => {
    expect(filterThreads(threads, '', '/home/ann').map((x) => x.id)).toEqual(['1', '2', '3']);
    expect(filterThreads(threads, 'LOGIN', '/home/ann').map((x) => x.id)).toEqual(['1']);
    expect(filterThreads(threads, 'api', '/home/ann').map((x) => x.id)).toEqual(['2', '3']);
    expect(filterThreads(threads, '~/api', '/home/ann').map((x) => x.id)).toEqual(['2']);
    expect(filterThreads(threads, 'docs api', '/home/ann').map((x) => x.id)).toEqual(['2']);
    expect(filterThreads(threads, 'nothing', '/home/ann')).toEqual([]);
  });
});

describe('diff parsing', () => {
  const diff = '--- a/f.txt\n+++ b/f.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n+two and a half\n three\n';
  it('numbers old and new lines', () => {
    const lines = parseUnifiedDiff(diff);
    expect(lines.map((l) => [l.kind, l.oldNo, l.newNo, l.text])).toEqual([
      ['meta', null, null, '--- a/f.txt'],
      ['meta', null, null, '+++ b/f.txt'],
      ['hunk', null, null, '@@ -1,3 +1,3 @@'],
      ['ctx', 1, 1, 'one'],
      ['del', 2, null, 'two'],
      ['add', null, 2, 'TWO'],
      ['add', null, 3, 'two and a half'],
      ['ctx', 3, 4, 'three'],
    ]);
    expect(diffStats(lines)).toEqual({ added: 2, removed: 1 });
  });
  it('pairs deletions with additions for the split view', () => {
    const rows = toSplitRows(parseUnifiedDiff(diff)).filter((r) => !r.full);
    expect(rows.map((r) => [r.left?.text ?? null, r.right?.text ?? null])).toEqual([
      ['one', 'one'],
      ['two', 'TWO'],
      [null, 'two and a half'],
      ['three', 'three'],
    ]);
  });
});

describe('computeWindow', () => {
  const base = { estimate: 50, overscanPx: 0, viewportHeight: 200 };
  it('mounts only the rows in (and near) the viewport', () => {
    const w = computeWindow({ ...base, count: 2000, heightOf: () => undefined, scrollTop: 0 });
    expect(w).toEqual({ start: 0, end: 4, offsetTop: 0, totalHeight: 100_000 });
    const mid = computeWindow({ ...base, count: 2000, heightOf: () => undefined, scrollTop: 50_025 });
    expect([mid.start, mid.end, mid.offsetTop]).toEqual([1000, 1005, 50_000]);
    const over = computeWindow({ ...base, overscanPx: 100, count: 2000, heightOf: () => undefined, scrollTop: 1000 });
    expect([over.start, over.end]).toEqual([18, 26]);
  });
  it('uses measured heights where known', () => {
    const heights = [10, 300, 10, 10];
    expect(Array.from(rowOffsets(4, (i) => heights[i], 50))).toEqual([0, 10, 310, 320, 330]);
    const w = computeWindow({ ...base, count: 4, heightOf: (i) => heights[i], scrollTop: 305, viewportHeight: 10 });
    expect([w.start, w.end, w.offsetTop]).toEqual([1, 3, 10]);
    expect(computeWindow({ ...base, count: 0, heightOf: () => undefined, scrollTop: 0 })).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
    // Scrolled past the end (the list shrank): still shows the last row.
    expect(computeWindow({ ...base, count: 3, heightOf: () => undefined, scrollTop: 10_000 }).start).toBe(2);
  });
});

describe('shortcuts', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });
  it('maps Ctrl (Cmd on macOS) combinations to actions', () => {
    expect(matchShortcut(key('n', { ctrlKey: true }), false)).toBe('newThread');
    expect(matchShortcut(key('N', { metaKey: true }), true)).toBe('newThread');
    expect(matchShortcut(key('n', { metaKey: true }), false)).toBeNull();
    expect(matchShortcut(key('n'), false)).toBeNull();
    expect(matchShortcut(key('k', { ctrlKey: true }), false)).toBe('commandPalette');
    expect(matchShortcut(key('P', { ctrlKey: true, shiftKey: true }), false)).toBe('commandPalette');
    expect(matchShortcut(key('Escape'), false)).toBe('interrupt');
    expect(matchShortcut(key('ArrowDown', { ctrlKey: true, shiftKey: true }), false)).toBe('nextThread');
    expect(matchShortcut(key('Enter', { ctrlKey: true }), false)).toBe('send');
    expect(matchShortcut(key(',', { ctrlKey: true }), false)).toBe('settings');
    expect(shortcutLabel('Mod+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(shortcutLabel('Mod+K', true)).toBe('⌘K');
  });
  it('toggles the terminal with Mod+J (the Codex app) or Ctrl+` (also on macOS, where it is not Cmd)', () => {
    expect(matchShortcut(key('j', { ctrlKey: true }), false)).toBe('toggleTerminal');
    expect(matchShortcut(key('j', { metaKey: true }), true)).toBe('toggleTerminal');
    expect(matchShortcut(key('`', { ctrlKey: true }), false)).toBe('toggleTerminal');
    expect(matchShortcut(key('`', { ctrlKey: true }), true)).toBe('toggleTerminal');
    expect(matchShortcut(key('`', { metaKey: true }), true)).toBeNull();
    expect(matchShortcut(key('`'), false)).toBeNull();
  });
  it('switches threads in list order, wrapping', () => {
    expect(neighbourThread(['a', 'b', 'c'], 'c', 1)).toBe('a');
    expect(neighbourThread(['a', 'b', 'c'], 'a', -1)).toBe('c');
    expect(neighbourThread(['a', 'b'], null, 1)).toBe('a');
    expect(neighbourThread([], 'a', 1)).toBeNull();
  });
});

describe('turn/start overrides', () => {
  const current: TurnSettings = { model: 'gpt-5.5', effort: null, sandbox: 'workspace-write', approvalPolicy: 'on-request' };
  const input = [{ type: 'text' as const, text: 'hi' }];
  it('sends only what the pickers changed', () => {
    expect(buildTurnStart('t', input, current, current)).toEqual({ threadId: 't', input });
    expect(buildTurnStart('t', input, current, { model: ' o3 ', effort: 'high', sandbox: 'read-only', approvalPolicy: 'never' })).toEqual({
      threadId: 't',
      input,
      model: 'o3',
      effort: 'high',
      sandboxPolicy: { type: 'readOnly', networkAccess: false },
      approvalPolicy: 'never',
    });
    expect(buildTurnStart('t', input, current, { ...current, model: '  ' })).toEqual({ threadId: 't', input });
  });
  it('maps sandbox modes to wire policies and back', () => {
    for (const m of ['read-only', 'workspace-write', 'danger-full-access'] as const) expect(sandboxModeOf(sandboxPolicyFor(m))).toBe(m);
  });
  it('builds the input from text and images', () => {
    expect(buildInput('look', [{ url: 'data:image/png;base64,AA' }])).toEqual([
      { type: 'text', text: 'look' },
      { type: 'image', url: 'data:image/png;base64,AA' },
    ]);
    expect(buildInput('  ', [])).toEqual([]);
  });
});

describe('settings edits', () => {
  const read: ConfigReadResponse = {
    config: { model: 'o3', approval_policy: 'never', sandbox_mode: 'read-only', model_reasoning_effort: null, desktop: { notifications: false } },
    origins: {},
    layers: [{ name: { type: 'user', file: '/h/config.toml', profile: null }, version: 'sha256:1', config: {}, disabledReason: null }],
  };
  it('reads the fields and the user version', () => {
    expect(settingsFromConfig(read)).toEqual({ model: 'o3', effort: '', approvalPolicy: 'never', sandboxMode: 'read-only', notifications: false });
    expect(settingsFromConfig({ ...read, config: {} }).notifications).toBe(true);
    expect(userVersion(read)).toBe('sha256:1');
  });
  it('writes only the changed keys; emptied strings remove the key', () => {
    const before = settingsFromConfig(read);
    expect(changedEdits(before, before)).toEqual([]);
    expect(changedEdits(before, { ...before, sandboxMode: 'workspace-write', notifications: true })).toEqual([
      { keyPath: 'sandbox_mode', value: 'workspace-write', mergeStrategy: 'replace' },
      { keyPath: 'desktop.notifications', value: true, mergeStrategy: 'replace' },
    ]);
    expect(changedEdits({ ...before, effort: 'high' }, before)).toEqual([{ keyPath: 'model_reasoning_effort', value: null, mergeStrategy: 'replace' }]);
  });
});
