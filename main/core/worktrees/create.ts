// Makes a worktree thread's checkout: `git worktree add -b codex/<slug>` from
// the chosen base into `$CODEX_HOME/worktrees/<id>/<repo>`. Only git's own
// worktree machinery runs against the repository, which never touches the
// Local checkout's files or index. A new branch is always created (`-b`, never
// `-B`), so an existing branch is never reused or moved.
import fs from 'node:fs';
import path from 'node:path';
import { crashPoint } from './crashPoints.js';
import { git, gitOk, gitRaw } from './git.js';
import { Journal } from './journal.js';
import { writeCodexThread, writeMetadata, type WorktreeMetadata } from './metadata.js';
import { claimWorktree, type WorktreeClaim } from './ownerLock.js';
import { BRANCH_PREFIX, newWorktreeId, slugify, worktreePathFor, worktreesRoot } from './paths.js';
import { undoCreate } from './recover.js';
import { currentBranch, resolveCommit, resolveRepo } from './repo.js';

export interface CreateWorktreeOptions {
  codexHome: string;
  /** Any directory inside the Local checkout; a subdirectory is kept as the thread's cwd. */
  source: string;
  /** Base commit: `HEAD` (default), a branch, a tag or a commit id. */
  base?: string;
  /** Words the branch name is made from (`codex/<slug>`); the worktree id when absent. */
  name?: string;
  /** When given, the new worktree is claimed for this thread before it is handed back. */
  threadId?: string;
}

export interface ManagedWorktree {
  id: string;
  /** The worktree's root directory. */
  path: string;
  /** The thread's working directory: the worktree's counterpart of `source`. */
  cwd: string;
  /** `.git/worktrees/<name>` inside the repository's git dir. */
  gitDir: string;
  /** `$CODEX_HOME/worktrees/<id>`: our record and the owner lock. */
  recordDir: string;
  metadata: WorktreeMetadata;
  claim?: WorktreeClaim;
}

/** The journal's record of a create in progress (see recover.ts). */
export interface CreateIntent {
  repoRoot: string;
  idDir: string;
  path: string;
  branch: string;
  baseSha: string;
}

const MAX_BRANCH_TRIES = 50;

export async function createWorktree(opts: CreateWorktreeOptions): Promise<ManagedWorktree> {
  const repo = await resolveRepo(opts.source);
  const baseRef = opts.base ?? 'HEAD';
  const baseSha = await resolveCommit(repo.root, baseRef);
  const baseBranch = baseRef === 'HEAD' ? await currentBranch(repo.root) : await branchNameOf(repo.root, baseRef);
  const relativeCwd = path.relative(repo.root, path.resolve(opts.source));

  fs.mkdirSync(worktreesRoot(opts.codexHome), { recursive: true });
  const { id, idDir } = reserveIdDir(opts.codexHome);
  const wtPath = worktreePathFor(opts.codexHome, id, repo.name);
  const slug = slugify(opts.name ?? '') || id;
  let branch = await freeBranchName(repo.root, `${BRANCH_PREFIX}${slug}`);

  const journal = Journal.begin<CreateIntent>(opts.codexHome, 'create', 'intent', { repoRoot: repo.primaryRoot, idDir, path: wtPath, branch, baseSha });
  try {
    crashPoint('create:after-intent');
    for (let tries = 0; ; tries++) {
      const r = await gitRaw(repo.root, ['worktree', 'add', '--no-track', '-b', branch, wtPath, baseSha]);
      if (r.code === 0) break;
      // Another process took the name between our check and our add: take the next free one.
      if (
        /already exists/.test(r.stderr) &&
        (await gitOk(repo.root, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`])) &&
        tries < MAX_BRANCH_TRIES
      ) {
        branch = await freeBranchName(repo.root, branch);
        journal.step('intent', { branch });
        continue;
      }
      throw new Error(`git worktree add failed for ${wtPath}: ${r.stderr.trim()}`);
    }
    journal.step('added');
    crashPoint('create:after-add');

    const gitDir = await git(wtPath, ['rev-parse', '--absolute-git-dir']);
    const metadata: WorktreeMetadata = { version: 1, repoRoot: repo.primaryRoot, branch, baseRef, baseBranch, baseSha, createdAt: new Date().toISOString() };
    writeMetadata(idDir, metadata);
    writeCodexThread(gitDir, opts.threadId ?? null);
    journal.step('metadata');
    crashPoint('create:after-metadata');

    const claim = opts.threadId ? claimWorktree(idDir, opts.threadId, wtPath) : undefined;
    journal.end();
    return { id, path: wtPath, cwd: path.join(wtPath, relativeCwd), gitDir, recordDir: idDir, metadata, claim };
  } catch (err) {
    // Undo now what recovery would undo after a crash, then report the original failure.
    await undoCreate(journal.entry.data).catch(() => {});
    journal.end();
    throw err;
  }
}

/** Makes `worktrees/<id>` for a fresh id; mkdir is the atomic claim, so two creators never share one. */
function reserveIdDir(codexHome: string): { id: string; idDir: string } {
  for (let i = 0; i < 100; i++) {
    const id = newWorktreeId();
    const idDir = path.join(worktreesRoot(codexHome), id);
    try {
      fs.mkdirSync(idDir);
      return { id, idDir };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`no free worktree id left under ${worktreesRoot(codexHome)}; remove unused worktrees`);
}

/** `wanted` if no branch has that name, else `wanted-2`, `wanted-3`, … */
async function freeBranchName(repoRoot: string, wanted: string): Promise<string> {
  const stem = wanted.replace(/-\d+$/, '');
  const existing = new Set((await git(repoRoot, ['for-each-ref', '--format=%(refname:short)', `refs/heads/${BRANCH_PREFIX}`])).split('\n'));
  if (!existing.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!existing.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/** The branch a base ref names (local or remote-tracking), for ahead/behind and "merged" later. */
async function branchNameOf(repoRoot: string, ref: string): Promise<string | undefined> {
  if (await gitOk(repoRoot, ['show-ref', '--verify', '--quiet', `refs/heads/${ref}`])) return ref;
  if (await gitOk(repoRoot, ['show-ref', '--verify', '--quiet', `refs/remotes/${ref}`])) return ref;
  return undefined;
}
