// Worktree threads: managed git worktrees under $CODEX_HOME/worktrees, their
// ownership, safe removal, crash recovery, local environments, handoff and
// the review pane's diffs. See README.md in this folder.
export { createWorktree, type CreateWorktreeOptions, type ManagedWorktree } from './create.js';
export { removeWorktree, type RemoveWorktreeOptions, type RemoveWorktreeResult } from './remove.js';
export { lossReport, type LossReport } from './loss.js';
export { listManagedWorktrees, cleanupCandidates, type WorktreeStatus } from './list.js';
export { claimWorktree, currentOwner, WorktreeBusyError, type WorktreeClaim } from './ownerLock.js';
export { recoverWorktreeOperations, type RecoveryOutcome } from './recover.js';
export { openManaged, NotManagedError } from './managed.js';
export { resolveRepo, NotAGitRepositoryError } from './repo.js';
export { worktreesRoot } from './paths.js';
export { handoff, HandoffConflictError, type HandoffOptions, type HandoffResult } from './handoff.js';
