/** The patch text does not follow the apply_patch grammar. `message` is Codex's exact text. */
export class PatchParseError extends Error {
  constructor(
    message: string,
    /** 1-based line of the patch the error refers to (for hunk errors). */
    readonly lineNumber?: number,
  ) {
    super(message);
    this.name = 'PatchParseError';
  }

  static invalidPatch(detail: string): PatchParseError {
    return new PatchParseError(`Invalid patch: ${detail}`);
  }

  static invalidHunk(detail: string, lineNumber: number): PatchParseError {
    return new PatchParseError(`Invalid patch hunk on line ${lineNumber}: ${detail}`, lineNumber);
  }
}

export interface HunkLocation {
  /** 0-based index of the failing hunk in the patch. */
  hunkIndex: number;
  hunkCount: number;
  /** `Add File` / `Delete File` / `Update File` */
  operation: string;
  /** The path as written in the patch. */
  path: string;
  /** 0-based index of the failing `@@` chunk, for update hunks. */
  chunkIndex?: number;
  chunkCount?: number;
}

/**
 * The patch is well formed but cannot be applied to the files on disk.
 * `codexMessage` is Codex's exact text; `message` prefixes it with the hunk
 * (and chunk) that failed.
 */
export class PatchApplyError extends Error {
  readonly codexMessage: string;
  readonly location?: HunkLocation;

  constructor(codexMessage: string, location?: HunkLocation) {
    super(location ? `${describeLocation(location)}: ${codexMessage}` : codexMessage);
    this.name = 'PatchApplyError';
    this.codexMessage = codexMessage;
    this.location = location;
  }
}

function describeLocation(loc: HunkLocation): string {
  let s = `Hunk ${loc.hunkIndex + 1} of ${loc.hunkCount} (${loc.operation}: ${loc.path}`;
  if (loc.chunkIndex !== undefined) {
    s += `, chunk ${loc.chunkIndex + 1}`;
    if (loc.chunkCount !== undefined) s += ` of ${loc.chunkCount}`;
  }
  return `${s})`;
}

/**
 * Renders a Node.js fs error the way Rust's `std::io::Error` displays, e.g.
 * "No such file or directory (os error 2)", which is what Codex prints.
 */
export function describeIoError(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  const code = e?.code;
  const known: Record<string, [string, number]> = {
    ENOENT: ['No such file or directory', 2],
    EACCES: ['Permission denied', 13],
    EPERM: ['Operation not permitted', 1],
    EISDIR: ['Is a directory', 21],
    ENOTDIR: ['Not a directory', 20],
    EEXIST: ['File exists', 17],
    EROFS: ['Read-only file system', 30],
    ENOSPC: ['No space left on device', 28],
    EBUSY: ['Device or resource busy', 16],
    ENAMETOOLONG: ['File name too long', 36],
    ELOOP: ['Too many levels of symbolic links', 40],
    EMFILE: ['Too many open files', 24],
    EXDEV: ['Invalid cross-device link', 18],
  };
  if (code && known[code]) {
    const [text, errno] = known[code];
    return `${text} (os error ${errno})`;
  }
  if (e instanceof Error) return e.message;
  return String(err);
}
