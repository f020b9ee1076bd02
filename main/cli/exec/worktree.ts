// `codex exec --worktree`: the turn runs in a new managed worktree of the
// repository the cwd belongs to (as Codex 0.169: `$CODEX_HOME/worktrees/<id>/<repo>`),
// on its own `codex/<id>` branch. The app-server claims it for the thread when the
// thread starts there (its cwd lies in the worktree) and releases it at shutdown.
// The worktree stays afterwards, like Codex's. A local environment's setup
// script runs in it first; its output goes to stderr, and a failure stops exec
// (the worktree is kept for a look or a retry, as the Codex app keeps it).
import { resolveCodexHome } from '../../core/config/load.js';
import { createWorktree, recoverWorktreeOperations, resolveRepo, type ManagedWorktree } from '../../core/worktrees/index.js';
import { worktreeWritableRoots } from '../../core/worktrees/sandboxRoots.js';
import { EnvironmentScriptError, loadLocalEnvironment, runEnvironmentScript } from '../../core/worktrees/environment.js';

export interface ExecWorktree {
  worktree: ManagedWorktree;
  /** The thread's cwd inside the worktree. */
  cwd: string;
  /** Extra workspace-write roots the worktree's git operations need. */
  writableRoots: string[];
}

export async function prepareExecWorktree(cwd: string, env: NodeJS.ProcessEnv, log: (text: string) => void): Promise<ExecWorktree> {
  const warn = (line: string) => log(line + '\n');
  const codexHome = resolveCodexHome(env);
  // Operations an earlier crash cut short are finished or undone before a new one starts.
  for (const r of await recoverWorktreeOperations(codexHome)) warn(`worktree recovery: ${r.op} ${r.outcome}: ${r.detail}`);
  const repo = await resolveRepo(cwd);
  // Read before the worktree exists, so a broken file stops exec with nothing created.
  const environment = loadLocalEnvironment(cwd) ?? loadLocalEnvironment(repo.root);
  const worktree = await createWorktree({ codexHome, source: cwd });
  if (environment?.setup) {
    warn(`Running the setup script of local environment "${environment.name}" (${environment.file}) in ${worktree.path}`);
    const result = await runEnvironmentScript('setup', environment.setup, { worktree: worktree.path, sourceTree: repo.root, env, onOutput: log });
    if (!result.ok) throw new EnvironmentScriptError(result, worktree.path);
  }
  return { worktree, cwd: worktree.cwd, writableRoots: worktreeWritableRoots(worktree.gitDir, repo.commonDir) };
}
