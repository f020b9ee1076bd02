import { describe, expect, it } from 'vitest';
import type { Thread } from '../../shared/protocol/types.js';
import { expandHome, looksLikePath, matchProjects, pickerChoices, projectFolders } from './projects.js';

function thread(id: string, cwd: string, updatedAt: number, worktree = false): Thread {
  return {
    id,
    sessionId: id,
    projectId: null,
    status: { type: 'idle' },
    preview: '',
    ephemeral: false,
    modelProvider: 'mock',
    model: null,
    createdAt: updatedAt,
    updatedAt,
    cwd,
    path: null,
    cliVersion: '0',
    source: 'vscode',
    turns: [],
    workspace: worktree ? { kind: 'worktree', root: cwd, branch: 'codex/x' } : { kind: 'local', root: cwd, branch: null },
  };
}

describe('projectFolders', () => {
  it('puts the remembered projects first, then the folders of newer threads, each once, leaving worktrees out', () => {
    const threads = [thread('a', '/p/old', 1), thread('b', '/p/new', 3), thread('c', '/h/worktrees/1/app', 4, true), thread('d', '/p/recent', 2)];
    expect(projectFolders(threads, ['/p/recent', '/p/gone'])).toEqual(['/p/recent', '/p/gone', '/p/new', '/p/old']);
    expect(projectFolders(threads, ['/p/recent', '/p/gone'], 3)).toEqual(['/p/recent', '/p/gone', '/p/new']);
  });
});

describe('the picker text', () => {
  const folders = ['/home/u/src/api', '/home/u/src/web-app', '/srv/app'];
  it('tells a typed path from a search', () => {
    for (const p of ['/srv', '~', '~/src', 'C:\\code', 'D:/x', '\\\\server\\share']) expect(looksLikePath(p)).toBe(true);
    for (const q of ['api', 'web app', '~user', 'src/api']) expect(looksLikePath(q)).toBe(false);
  });
  it('spells out ~ with the home folder', () => {
    expect(expandHome('~/src', '/home/u')).toBe('/home/u/src');
    expect(expandHome('~', '/home/u/')).toBe('/home/u');
    expect(expandHome('~/src', null)).toBe('~/src');
  });
  it('matches every word against the path as shown, or the folders under a typed path', () => {
    expect(matchProjects(folders, 'APP', '/home/u')).toEqual(['/home/u/src/web-app', '/srv/app']);
    expect(matchProjects(folders, 'src app', '/home/u')).toEqual(['/home/u/src/web-app']);
    expect(matchProjects(folders, '~/src', '/home/u')).toEqual(['/home/u/src/api', '/home/u/src/web-app']);
    expect(matchProjects(folders, '', '/home/u')).toEqual(folders);
    expect(matchProjects(folders, 'nothing', '/home/u')).toEqual([]);
  });
  it('offers a typed folder that is not listed first, and a listed one once', () => {
    expect(pickerChoices(folders, '/srv/other/', '/home/u')).toEqual([{ folder: '/srv/other', typed: true }]);
    expect(pickerChoices(folders, '/srv/app', '/home/u')).toEqual([{ folder: '/srv/app', typed: false }]);
    expect(pickerChoices(folders, '~/src', '/home/u')).toEqual([
      { folder: '/home/u/src', typed: true },
      { folder: '/home/u/src/api', typed: false },
      { folder: '/home/u/src/web-app', typed: false },
    ]);
    expect(pickerChoices(folders, 'api', '/home/u')).toEqual([{ folder: '/home/u/src/api', typed: false }]);
  });
});
