import { describe, expect, it } from 'vitest';
import { appCommands, matchPalette, matchSlash, parseSlash } from './commands.js';

const inThread = appCommands({ activeId: 't1', threads: [], home: null });
const noThread = appCommands({ activeId: null, threads: [], home: null });
const slashNames = (text: string, commands = inThread) => matchSlash(commands, text).map((c) => c.slash);

describe('app commands (palette and / menu)', () => {
  it('offers thread commands only while a thread is open', () => {
    expect(noThread.map((c) => c.slash).filter(Boolean)).toEqual(['new', 'settings', 'interrupt', 'theme-light', 'theme-dark', 'theme-system']);
    expect(slashNames('/')).toEqual([
      'new',
      'settings',
      'interrupt',
      'model',
      'fork',
      'compact',
      'rename',
      'edit',
      'archive',
      'delete',
      'terminal',
      'theme-light',
      'theme-dark',
      'theme-system',
    ]);
  });

  it('filters by the name typed, then by title words; after a space only that exact command', () => {
    expect(slashNames('/co')).toEqual(['compact']);
    expect(slashNames('/the')).toEqual(['theme-light', 'theme-dark', 'theme-system']);
    // "context" is in the title of compact only.
    expect(slashNames('/context')).toEqual(['compact']);
    expect(slashNames('/rename Release notes')).toEqual(['rename']);
    expect(slashNames('/ren Release')).toEqual([]);
    expect(slashNames('hello /new')).toEqual([]);
    expect(slashNames('/usr/bin/env is a path')).toEqual([]);
  });

  it('splits a slash command into its name and the rest', () => {
    expect(parseSlash('/model gpt-5.4')).toEqual({ name: 'model', arg: 'gpt-5.4' });
    expect(parseSlash('/Rename  two words\nand a line')).toEqual({ name: 'rename', arg: 'two words\nand a line' });
    expect(parseSlash('/')).toEqual({ name: '', arg: '' });
    expect(parseSlash('not a command')).toBeNull();
  });

  it('is the same list as the palette, which also finds threads', () => {
    const withThreads = appCommands({ activeId: 't1', threads: [{ id: 'x', preview: 'fix the parser', name: null, cwd: '/w' } as never], home: null });
    expect(matchPalette(withThreads, 'parser').map((c) => c.id)).toEqual(['thread-x']);
    expect(matchPalette(inThread, 'fork').map((c) => c.id)).toEqual(['fork']);
  });
});
