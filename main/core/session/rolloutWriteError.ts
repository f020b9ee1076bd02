// A rollout line that could not be written (full disk, read-only or removed
// file). The message names the file and the cause in words, without a stack,
// since it ends the turn and is shown to the user as is.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

export class RolloutWriteError extends Error {
  readonly code: string | undefined;

  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    super(`Failed to save the conversation transcript to ${path}: ${describe(cause, path)}`);
    this.name = 'RolloutWriteError';
    this.code = code;
  }
}

const WORDS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  ENOENT: 'no such file or directory',
  EFBIG: 'file too large',
};

/** The first existing ancestor of `path` that is not a directory (what ENOTDIR and EEXIST from mkdir mean). */
function blockingFile(path: string): string | undefined {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    let st;
    try {
      st = statSync(dir);
    } catch {
      continue; // missing, or under the blocking file itself
    }
    return st.isDirectory() ? undefined : dir;
  }
  return undefined;
}

function describe(cause: unknown, path: string): string {
  const code = (cause as NodeJS.ErrnoException)?.code;
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const file = blockingFile(path);
    if (file) return `${file} is a file, not a directory; move it away so sessions can be saved (${code})`;
  }
  if (code && WORDS[code]) return `${WORDS[code]} (${code})`;
  return cause instanceof Error ? cause.message : String(cause);
}
