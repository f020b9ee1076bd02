// The projects the user started threads in, newest first, kept in
// <data dir>/recent-projects.json next to window-state.json, so the project
// picker and the sidebar offer them after a restart (and after their threads
// are archived). Loading never throws: a missing or corrupt file is an empty
// list; saving is atomic (temp file, then rename).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export const RECENT_PROJECTS_FILE = 'recent-projects.json';
/** How many folders are kept; older ones fall off. */
export const RECENT_PROJECTS_LIMIT = 30;

export function recentProjectsPath(dataDir: string): string {
  return join(dataDir, RECENT_PROJECTS_FILE);
}

export class RecentProjects {
  private projects: string[] | undefined;

  constructor(
    private readonly file: string,
    private readonly log?: (line: string) => void,
  ) {}

  /** Newest first. */
  list(): string[] {
    this.projects ??= this.load();
    return [...this.projects];
  }

  /** Puts `folder` first (once). Relative paths are ignored: they name nothing after a restart. */
  add(folder: string): void {
    if (!isAbsolute(folder)) return;
    const next = [folder, ...this.list().filter((p) => p !== folder)].slice(0, RECENT_PROJECTS_LIMIT);
    this.projects = next;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ projects: next }, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch (err) {
      this.log?.(`recent projects: cannot save ${this.file}: ${(err as Error).message}`);
    }
  }

  private load(): string[] {
    let raw: string;
    try {
      raw = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log?.(`recent projects: cannot read ${this.file}: ${(err as Error).message}`);
      return [];
    }
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (err) {
      this.log?.(`recent projects: ${this.file} is not JSON (${(err as Error).message}); starting empty`);
      return [];
    }
    const projects = typeof data === 'object' && data !== null && 'projects' in data ? data.projects : undefined;
    if (!Array.isArray(projects)) {
      this.log?.(`recent projects: ${this.file} has no "projects" list; starting empty`);
      return [];
    }
    // Keep what is usable of a hand-edited file.
    const folders = projects.filter((p): p is string => typeof p === 'string' && isAbsolute(p));
    return [...new Set(folders)].slice(0, RECENT_PROJECTS_LIMIT);
  }
}
