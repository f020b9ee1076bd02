// A rollout line that could not be written (full disk, read-only or removed
// file). The message names the file and the cause in words, without a stack,
// since it ends the turn and is shown to the user as is.
export class RolloutWriteError extends Error {
  readonly code: string | undefined;

  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    super(`Failed to save the conversation transcript to ${path}: ${describe(cause)}`);
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

function describe(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException)?.code;
  if (code && WORDS[code]) return `${WORDS[code]} (${code})`;
  return cause instanceof Error ? cause.message : String(cause);
}
