// /diff: what changed in the working tree, as Codex's TUI shows it: `git diff`
// of tracked files, then each untracked (not ignored) file as a new file.
import { execFile } from 'node:child_process';

export type GitDiffResult = { kind: 'notRepo' } | { kind: 'diff'; text: string };

export interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git in `cwd`; a non-zero exit is returned, not thrown (only a git that cannot start throws). */
export function git(args: string[], cwd: string): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0' } }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(new Error(`git ${args[0]} could not run in ${cwd}: ${err.message}`));
      resolve({ code: err && typeof err.code === 'number' ? err.code : 0, stdout, stderr });
    });
  });
}

export async function gitDiff(cwd: string): Promise<GitDiffResult> {
  const inside = await git(['rev-parse', '--is-inside-work-tree'], cwd);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') return { kind: 'notRepo' };
  const tracked = await git(['diff', '--no-color', '--no-ext-diff'], cwd);
  if (tracked.code !== 0) throw new Error(`git diff failed in ${cwd}: ${tracked.stderr.trim()}`);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z'], cwd);
  let text = tracked.stdout;
  for (const file of untracked.stdout.split('\0').filter(Boolean)) {
    // --no-index exits 1 when the files differ, which they always do here.
    const added = await git(['diff', '--no-color', '--no-ext-diff', '--no-index', '--', '/dev/null', file], cwd);
    text += added.stdout;
  }
  return { kind: 'diff', text };
}
