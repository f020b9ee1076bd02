// `codex exec --worktree`: the turn runs in a new managed worktree of the
// repository the cwd belongs to (as Codex 0.169: `$CODEX_HOME/worktrees/<id>/<repo>`),
// on its own `codex/<id>` branch, claimed by the thread for as long as exec runs.
// The worktree stays afterwards, like Codex's.
import { resolveCodexHome } from '../../core/config/load.js';
import { claimWorktree, createWorktree, recoverWorktreeOperations, resolveRepo, type ManagedWorktree, type WorktreeClaim } from '../../core/worktrees/index.js';
import { writeCodexThread } from '../../core/worktrees/metadata.js';
import { worktreeWritableRoots } from '../../core/worktrees/sandboxRoots.js';

export interface ExecWorktree {
  worktree: ManagedWorktree;
  /** The thread's cwd inside the worktree. */
  cwd: string;
  /** Extra workspace-write roots the worktree's git operations need. */
  writableRoots: string[];
  /** Records and locks the worktree for the thread once it has an id. */
  bindThread(threadId: string): void;
  release(): void;
}

export async function prepareExecWorktree(cwd: string, env: NodeJS.ProcessEnv, warn: (line: string) => void): Promise<ExecWorktree> {
  const codexHome = resolveCodexHome(env);
  // Operations an earlier crash cut short are finished or undone before a new one starts.
  for (const r of await recoverWorktreeOperations(codexHome)) warn(`worktree recovery: ${r.op} ${r.outcome}: ${r.detail}`);
  const repo = await resolveRepo(cwd);
  const worktree = await createWorktree({ codexHome, source: cwd });
  let claim: WorktreeClaim | undefined;
  return {
    worktree,
    cwd: worktree.cwd,
    writableRoots: worktreeWritableRoots(worktree.gitDir, repo.commonDir),
    bindThread(threadId) {
      claim = claimWorktree(worktree.recordDir, threadId, worktree.path);
      writeCodexThread(worktree.gitDir, threadId);
    },
    release() {
      claim?.release();
    },
  };
}
