import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECENT_PROJECTS_LIMIT, RecentProjects, recentProjectsPath } from './recentProjects.js';

const dataDir = () => join(mkdtempSync(join(tmpdir(), 'recent-projects-')), 'data');

describe('RecentProjects', () => {
  it('keeps folders newest first, each once, across instances (the file in the data folder)', () => {
    const file = recentProjectsPath(dataDir());
    const a = new RecentProjects(file);
    expect(a.list()).toEqual([]);
    a.add('/src/api');
    a.add('/src/web');
    a.add('/src/api');
    expect(a.list()).toEqual(['/src/api', '/src/web']);
    expect(new RecentProjects(file).list()).toEqual(['/src/api', '/src/web']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ projects: ['/src/api', '/src/web'] });
    // Atomic write: no temp file left beside it.
    expect(readdirSync(join(file, '..'))).toEqual(['recent-projects.json']);
  });

  it('ignores relative folders and keeps the newest RECENT_PROJECTS_LIMIT', () => {
    const r = new RecentProjects(recentProjectsPath(dataDir()));
    r.add('relative/dir');
    for (let i = 0; i < RECENT_PROJECTS_LIMIT + 5; i++) r.add(`/p/${i}`);
    const list = r.list();
    expect(list).toHaveLength(RECENT_PROJECTS_LIMIT);
    expect(list[0]).toBe(`/p/${RECENT_PROJECTS_LIMIT + 4}`);
    expect(list).not.toContain('/p/0');
    expect(list).not.toContain('relative/dir');
  });

  it('starts empty from a corrupt file (saying why) and keeps the usable entries of a hand-edited one', () => {
    const dir = dataDir();
    const file = recentProjectsPath(dir);
    new RecentProjects(file).add('/first');
    writeFileSync(file, '{not json');
    const logs: string[] = [];
    const broken = new RecentProjects(file, (l) => logs.push(l));
    expect(broken.list()).toEqual([]);
    expect(logs[0]).toContain(`${file} is not JSON`);
    // The next start overwrites it with a good list.
    broken.add('/again');
    expect(new RecentProjects(file).list()).toEqual(['/again']);

    writeFileSync(file, JSON.stringify({ projects: ['/ok', 7, 'rel', '/ok', '/also'] }));
    expect(new RecentProjects(file).list()).toEqual(['/ok', '/also']);
    writeFileSync(file, JSON.stringify(['/x']));
    const noList: string[] = [];
    expect(new RecentProjects(file, (l) => noList.push(l)).list()).toEqual([]);
    expect(noList[0]).toContain('has no "projects" list');
  });

  it('logs, and keeps the list in memory, when the folder cannot be written', () => {
    const dir = dataDir();
    writeFileSync(join(dir, '..', 'blocker'), '');
    const logs: string[] = [];
    // The data folder's parent is a file: mkdir fails.
    const r = new RecentProjects(join(dir, '..', 'blocker', 'recent-projects.json'), (l) => logs.push(l));
    r.add('/kept');
    expect(r.list()).toEqual(['/kept']);
    expect(logs.at(-1)).toMatch(/cannot save .*blocker/);
  });
});
