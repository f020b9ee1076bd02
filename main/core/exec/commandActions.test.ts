import { describe, expect, it } from 'vitest';
import { commandActions } from './commandActions.js';

const bash = (script: string) => ['/bin/bash', '-lc', script];

describe('commandActions', () => {
  it('reads files with cat, sed -n, head, tail and nl, resolving paths against the cwd and any cd', () => {
    expect(commandActions(bash('cat src/a.ts'), '/w')).toEqual([{ type: 'read', command: 'cat src/a.ts', name: 'a.ts', path: '/w/src/a.ts' }]);
    expect(commandActions(bash("sed -n '1,200p' lib/b.rs"), '/w')).toEqual([
      { type: 'read', command: 'sed -n 1,200p lib/b.rs', name: 'b.rs', path: '/w/lib/b.rs' },
    ]);
    expect(commandActions(bash('head -n 50 /etc/hosts'), '/w')).toEqual([
      { type: 'read', command: 'head -n 50 /etc/hosts', name: 'hosts', path: '/etc/hosts' },
    ]);
    expect(commandActions(bash('tail -20 log.txt'), '/w')[0]).toMatchObject({ type: 'read', path: '/w/log.txt' });
    expect(commandActions(bash('nl -ba x.py'), '/w')[0]).toMatchObject({ type: 'read', path: '/w/x.py' });
    expect(commandActions(bash('cd sub && cat c.md'), '/w')).toEqual([{ type: 'read', command: 'cat c.md', name: 'c.md', path: '/w/sub/c.md' }]);
  });

  it('lists files with ls, find and rg --files', () => {
    expect(commandActions(bash('ls -la'), '/w')).toEqual([{ type: 'listFiles', command: 'ls -la', path: null }]);
    expect(commandActions(bash('ls src'), '/w')).toEqual([{ type: 'listFiles', command: 'ls src', path: 'src' }]);
    expect(commandActions(bash('rg --files src'), '/w')).toEqual([{ type: 'listFiles', command: 'rg --files src', path: 'src' }]);
    expect(commandActions(bash('find . -name x'), '/w')[0]).toMatchObject({ type: 'listFiles', path: '.' });
  });

  it('searches with rg and grep, skipping options and their values; a formatter in the pipe is no action', () => {
    expect(commandActions(bash('rg -n -g "*.ts" TODO src'), '/w')).toEqual([
      { type: 'search', command: "rg -n -g '*.ts' TODO src", query: 'TODO', path: 'src' },
    ]);
    expect(commandActions(bash('grep -rn "fn main" .'), '/w')).toEqual([{ type: 'search', command: "grep -rn 'fn main' .", query: 'fn main', path: '.' }]);
    expect(commandActions(bash('rg foo | head -n 5'), '/w')).toEqual([{ type: 'search', command: 'rg foo', query: 'foo', path: null }]);
  });

  it('reports everything else, or any script it cannot read plainly, as unknown with the command', () => {
    expect(commandActions(bash('npm test'), '/w')).toEqual([{ type: 'unknown', command: 'npm test' }]);
    expect(commandActions(bash('cat a b'), '/w')).toEqual([{ type: 'unknown', command: 'cat a b' }]);
    expect(commandActions(bash('cat $(ls) > out'), '/w')).toEqual([{ type: 'unknown', command: 'cat $(ls) > out' }]);
    expect(commandActions(bash('cd /tmp'), '/w')).toEqual([{ type: 'unknown', command: 'cd /tmp' }]);
    expect(commandActions(['git', 'status'], '/w')).toEqual([{ type: 'unknown', command: 'git status' }]);
    expect(commandActions(bash('cat a.txt && npm run build'), '/w').map((a) => a.type)).toEqual(['read', 'unknown']);
  });
});
