// Which repository a directory belongs to, as git itself sees it.
import path from 'node:path';
import { git, gitOk } from './git.js';

export interface RepoInfo {
  /** Top of the checkout containing the directory (a linked worktree's own root for a worktree). */
  root: string;
  /** The shared `.git` directory (objects, refs, hooks, config) of every worktree of the repository. */
  commonDir: string;
  /** This checkout's own git dir (`.git` for the main checkout, `.git/worktrees/<name>` for a linked one). */
  gitDir: string;
  /** The main checkout's root: the Local checkout every Codex worktree is made from. */
  primaryRoot: string;
  /** Directory name of the primary checkout, used in worktree paths as Codex does. */
  name: string;
}

export class NotAGitRepositoryError extends Error {
  constructor(readonly dir: string) {
    super(`${dir} is not inside a git repository (worktree threads need one)`);
    this.name = 'NotAGitRepositoryError';
  }
}

export async function resolveRepo(dir: string): Promise<RepoInfo> {
  if (!(await gitOk(dir, ['rev-parse', '--git-dir']))) throw new NotAGitRepositoryError(dir);
  const [root, commonDir, gitDir] = (await git(dir, ['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-common-dir', '--git-dir'])).split('\n');
  if (!root || !commonDir || !gitDir) throw new NotAGitRepositoryError(dir);
  // A bare repository has no checkout to make worktrees "from"; the main checkout owns the common dir.
  const primaryRoot = path.basename(commonDir) === '.git' ? path.dirname(commonDir) : root;
  return { root, commonDir, gitDir, primaryRoot, name: path.basename(primaryRoot) };
}

/** Full commit id of a ref (`HEAD`, a branch, a tag, a sha); a clear error when it names no commit. */
export async function resolveCommit(repoRoot: string, ref: string): Promise<string> {
  if (ref.startsWith('-')) throw new Error(`invalid base ref ${JSON.stringify(ref)}`);
  const r = await git(repoRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '');
  if (!r) throw new Error(`base ${JSON.stringify(ref)} names no commit in ${repoRoot}`);
  return r;
}

/** The branch HEAD is on (`main`), or undefined when detached. */
export async function currentBranch(dir: string): Promise<string | undefined> {
  const r = await git(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '');
  return r || undefined;
}
