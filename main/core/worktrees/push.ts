// Push of a checkout's current branch, as the review pane's "Push" does it:
// to the branch's upstream when it has one, else to `origin` under the same
// name with the upstream set (the first push of a thread's branch). A refusal
// comes back in git's own words (e.g. "! [rejected] … (non-fast-forward)").
import { git, gitRaw } from './git.js';

export interface PushResult {
  /** The branch pushed. */
  branch: string;
  remote: string;
  /** The remote branch, e.g. `codex/fix-login`. */
  remoteBranch: string;
  /** This push set the upstream (it had none). */
  setUpstream: boolean;
  /** The commit the remote branch now points at. */
  sha: string;
}

export class PushRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushRefusedError';
  }
}

/** The branch checked out in `dir` (a detached HEAD has none to push). */
export async function currentBranch(dir: string): Promise<string> {
  const r = await gitRaw(dir, ['symbolic-ref', '-q', '--short', 'HEAD']);
  if (r.code !== 0) throw new PushRefusedError(`${dir} has a detached HEAD: check out a branch to push`);
  return r.stdout.toString('utf8').trim();
}

/** The branch's upstream as remote and remote branch, or null when it has none. */
export async function upstreamOf(dir: string, branch: string): Promise<{ remote: string; remoteBranch: string } | null> {
  const remote = await gitRaw(dir, ['config', '--get', `branch.${branch}.remote`]);
  const merge = await gitRaw(dir, ['config', '--get', `branch.${branch}.merge`]);
  if (remote.code !== 0 || merge.code !== 0) return null;
  return {
    remote: remote.stdout.toString('utf8').trim(),
    remoteBranch: merge.stdout
      .toString('utf8')
      .trim()
      .replace(/^refs\/heads\//, ''),
  };
}

/** `env`: the environment git push runs with (credentials helpers, SSH agent); the process's own by default. */
export async function pushBranch(dir: string, env?: NodeJS.ProcessEnv): Promise<PushResult> {
  const branch = await currentBranch(dir);
  const upstream = await upstreamOf(dir, branch);
  if (!upstream && !(await gitRaw(dir, ['remote', 'get-url', 'origin'])).stdout.length) {
    throw new PushRefusedError(`${branch} has no upstream and the repository has no remote named origin; add one first: git remote add origin URL`);
  }
  const remote = upstream?.remote ?? 'origin';
  const remoteBranch = upstream?.remoteBranch ?? branch;
  const args = ['push', '--porcelain', ...(upstream ? [] : ['--set-upstream']), remote, `refs/heads/${branch}:refs/heads/${remoteBranch}`];
  // Still no prompt and git's C-locale messages, whatever the given environment says.
  const r = await gitRaw(dir, args, { env: { ...definedOnly(env), GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  if (r.code !== 0) {
    // --porcelain puts the per-ref verdict ("!\trefs/heads/x:refs/heads/x\t[rejected] (non-fast-forward)") on stdout, hints on stderr.
    const said = [r.stdout.toString('utf8'), r.stderr]
      .map((s) => s.trim())
      .filter(Boolean)
      .join('\n');
    throw new PushRefusedError(`git push ${remote} ${branch} was refused (exit ${r.code}):\n${said || '(no output)'}`);
  }
  return { branch, remote, remoteBranch, setUpstream: !upstream, sha: await git(dir, ['rev-parse', 'HEAD']) };
}

/** The variables that have a value (GitOptions.env takes strings only). */
function definedOnly(env: NodeJS.ProcessEnv | undefined): Record<string, string> {
  if (!env) return {};
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
