import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { keyAction, splitChunk, type KeyContext } from './keymap.js';
import { emptyComposer, insert } from './composer.js';
import type { PendingApproval } from './session.js';
import { openPicker } from './picker.js';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const ctx = (over: Partial<KeyContext> = {}): KeyContext => ({
  ui: { composer: emptyComposer(), scroll: 0, quitArmed: false },
  approval: undefined,
  running: false,
  page: 10,
  maxScroll: 0,
  ...over,
});
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

describe('keyAction: popups, queue, search, mentions', () => {
  const picker = openPicker({
    id: 'permissions',
    title: 'P',
    items: [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ],
    query: null,
  });

  it('a popup takes the keys: arrows move, a digit or Enter picks, Esc cancels, typing does not reach the composer', () => {
    const ui = { composer: emptyComposer(), scroll: 0, quitArmed: false, picker };
    const down = keyAction('', { ...NO_KEY, downArrow: true }, ctx({ ui }));
    expect(down.type === 'ui' && down.ui.picker?.index).toBe(1);
    expect(keyAction('2', NO_KEY, ctx({ ui }))).toMatchObject({ type: 'pick', id: 'permissions', value: 'b' });
    expect(keyAction('', { ...NO_KEY, return: true }, ctx({ ui }))).toMatchObject({ type: 'pick', value: 'a' });
    expect(keyAction('', { ...NO_KEY, escape: true }, ctx({ ui, running: true }))).toMatchObject({ type: 'cancelPicker', id: 'permissions' });
    expect(keyAction('x', NO_KEY, ctx({ ui })).type).toBe('none');
    // A pending approval still comes first.
    expect(keyAction('y', NO_KEY, ctx({ ui, approval }))).toMatchObject({ type: 'approve' });
  });

  it('Tab queues the prompt only while a turn runs', () => {
    const ui = { composer: insert(emptyComposer(), 'later'), scroll: 0, quitArmed: false };
    expect(keyAction('', { ...NO_KEY, tab: true }, ctx({ ui, running: true }))).toMatchObject({ type: 'queue', text: 'later' });
    expect(keyAction('', { ...NO_KEY, tab: true }, ctx({ ui })).type).toBe('none');
  });

  it('Ctrl-R walks older matches and Enter takes one; Esc leaves the draft as it was', () => {
    const composer = { ...insert(emptyComposer(['fix a', 'run b', 'fix c']), 'draft') };
    const ui = { composer, scroll: 0, quitArmed: false, historySearch: { query: 'fix', skip: 0 } };
    const older = keyAction('r', { ...NO_KEY, ctrl: true }, ctx({ ui }));
    expect(older.type === 'ui' && older.ui.historySearch).toEqual({ query: 'fix', skip: 1 });
    const taken = keyAction('', { ...NO_KEY, return: true }, ctx({ ui: { ...ui, historySearch: { query: 'fix', skip: 1 } } }));
    expect(taken.type === 'ui' && taken.ui.composer.text).toBe('fix a');
    const cancelled = keyAction('', { ...NO_KEY, escape: true }, ctx({ ui }));
    expect(cancelled.type === 'ui' && [cancelled.ui.historySearch, cancelled.ui.composer.text]).toEqual([null, 'draft']);
  });

  it('Tab on an @ mention puts the highlighted file in place of the @word', () => {
    const ui = { composer: insert(emptyComposer(), 'see @mai now'), scroll: 0, quitArmed: false, files: ['src/main.ts', 'README.md'] };
    const atWord = { ...ui, composer: { ...ui.composer, cursor: 'see @mai'.length } };
    const done = keyAction('', { ...NO_KEY, tab: true }, ctx({ ui: atWord }));
    expect(done.type === 'ui' && [done.ui.composer.text, done.ui.composer.cursor]).toEqual(['see src/main.ts now', 'see src/main.ts '.length]);
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
