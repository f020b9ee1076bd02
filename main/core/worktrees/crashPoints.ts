// Named points inside multi-step operations where a test can kill the process
// for real (SIGKILL, no cleanup) to prove that recovery finishes or undoes the
// operation. Inert unless CODEX_WORKTREE_CRASH_AT names the point.
export function crashPoint(name: string): void {
  if (process.env.CODEX_WORKTREE_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}
