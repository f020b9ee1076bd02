// Whether a directory's `.git` marks a repository. Git itself accepts a `.git`
// file (a `gitdir:` pointer, as in worktrees and submodules) or a directory
// that holds HEAD; an empty directory is not a repository to it. The Linux
// sandbox mounts such empty, read-only directories over missing `.git` names
// while a command runs, so repository discovery must not take them for one.
import { readFileSync, statSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const GIT_FILE_PREFIX = 'gitdir:';

function markerKind(stat: { isFile(): boolean; isDirectory(): boolean }): 'file' | 'dir' | undefined {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'dir';
  return undefined;
}

/** True when `dir/.git` is a `gitdir:` file or a directory with HEAD. */
export function hasRepositoryMarker(dir: string): boolean {
  const marker = join(dir, '.git');
  try {
    const kind = markerKind(statSync(marker));
    if (kind === 'dir') return statSync(join(marker, 'HEAD')).isFile();
    if (kind === 'file') return readFileSync(marker, 'utf8').startsWith(GIT_FILE_PREFIX);
  } catch {
    // missing or unreadable: no repository here
  }
  return false;
}

/** The async form of hasRepositoryMarker, for discovery on the event loop. */
export async function hasRepositoryMarkerAsync(dir: string): Promise<boolean> {
  const marker = join(dir, '.git');
  try {
    const kind = markerKind(await fsp.stat(marker));
    if (kind === 'dir') return (await fsp.stat(join(marker, 'HEAD'))).isFile();
    if (kind === 'file') return (await fsp.readFile(marker, 'utf8')).startsWith(GIT_FILE_PREFIX);
  } catch {
    // missing or unreadable: no repository here
  }
  return false;
}

/** Nearest ancestor of `start` (itself included) that is a repository root, or undefined. */
export function findRepositoryRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (hasRepositoryMarker(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
