import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { keyAction, splitChunk, type KeyContext } from './keymap.js';
import { emptyComposer, insert } from './composer.js';
import type { PendingApproval } from './session.js';

const NO_KEY: Key = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false };
const ctx = (over: Partial<KeyContext> = {}): KeyContext => ({ ui: { composer: emptyComposer(), scroll: 0, quitArmed: false }, approval: undefined, running: false, page: 10, maxScroll: 0, ...over });
const approval: PendingApproval = { id: 7, kind: 'command', threadId: 't', turnId: 'u', command: 'rm -rf x', cwd: '/', reason: null };

describe('keyAction', () => {
  it('answers an approval only with y, a, n or Esc; anything else answers nothing', () => {
    expect(keyAction('y', NO_KEY, ctx({ approval }))).toEqual({ type: 'approve', id: 7, choice: 'accept' });
    expect(keyAction('a', NO_KEY, ctx({ approval }))).toEqual({ type: 'approve', id: 7, choice: 'acceptForSession' });
    expect(keyAction('n', NO_KEY, ctx({ approval }))).toEqual({ type: 'approve', id: 7, choice: 'decline' });
    expect(keyAction('', { ...NO_KEY, escape: true }, ctx({ approval }))).toEqual({ type: 'approve', id: 7, choice: 'decline' });
    expect(keyAction('', { ...NO_KEY, return: true }, ctx({ approval }))).toEqual({ type: 'none' });
    expect(keyAction('Y', NO_KEY, ctx({ approval }))).toEqual({ type: 'none' });
  });

  it('Esc interrupts a running turn; Ctrl-C twice quits', () => {
    expect(keyAction('', { ...NO_KEY, escape: true }, ctx({ running: true })).type).toBe('interrupt');
    const first = keyAction('c', { ...NO_KEY, ctrl: true }, ctx());
    expect(first.type).toBe('ui');
    const armed = first.type === 'ui' ? first.ui : ctx().ui;
    expect(keyAction('c', { ...NO_KEY, ctrl: true }, ctx({ ui: armed }))).toEqual({ type: 'quit' });
    // Any other key in between disarms.
    const typed = keyAction('x', NO_KEY, ctx({ ui: armed }));
    expect(typed.type === 'ui' && typed.ui.quitArmed).toBe(false);
  });

  it('Enter completes a partly typed slash command', () => {
    const ui = { composer: insert(emptyComposer(), '/sta'), scroll: 0, quitArmed: false };
    expect(keyAction('', { ...NO_KEY, return: true }, ctx({ ui }))).toMatchObject({ type: 'submit', text: '/status' });
  });
});

describe('splitChunk', () => {
  it('splits Backspace and Ctrl-C out of a chunk of fast typing, keeping the text', () => {
    const parts = splitChunk('\x7f\x7f/status', NO_KEY);
    expect(parts.map((p) => [p.input, p.key.backspace, p.key.ctrl])).toEqual([
      ['', true, false],
      ['', true, false],
      ['/status', false, false],
    ]);
    expect(splitChunk('\x03\x03', NO_KEY).map((p) => [p.input, p.key.ctrl])).toEqual([
      ['c', true],
      ['c', true],
    ]);
    expect(splitChunk('pasted\rtext', NO_KEY)).toEqual([{ input: 'pasted\rtext', key: NO_KEY }]);
  });

  it('takes a trailing Enter after text typed ahead as its own key press', () => {
    const parts = splitChunk('/quit\r', NO_KEY);
    expect(parts.map((p) => [p.input, p.key.return])).toEqual([
      ['/quit', false],
      ['\r', true],
    ]);
    expect(splitChunk('\x7f/new\r', NO_KEY).map((p) => [p.input, p.key.backspace, p.key.return])).toEqual([
      ['', true, false],
      ['/new', false, false],
      ['\r', false, true],
    ]);
    // A pasted block with a line break inside is still text.
    expect(splitChunk('line one\rline two\r', NO_KEY)).toEqual([{ input: 'line one\rline two\r', key: NO_KEY }]);
  });
});
