// Creating a file only if it does not exist yet, with its content on disk
// before anyone can read it half-written: the first step of every lock file
// (config.toml.lock, a worktree's owner lock).
import fs from 'node:fs';

/**
 * Creates `file` (mode 0600) holding `content`, fsynced; false when it already
 * exists. Any other failure throws, naming `what` and the file.
 */
export function createExclusiveFile(file: string, content: string, what: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`cannot create ${what} ${file}: ${(err as Error).message}`);
  }
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } catch (err) {
    // A half-written lock would block every other writer until it is old: take it back.
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw new Error(`cannot write ${what} ${file}: ${(err as Error).message}`);
  }
  fs.closeSync(fd);
  return true;
}
