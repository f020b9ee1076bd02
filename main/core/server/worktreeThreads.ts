// Worktree threads over the protocol (ours; Codex 0.169's app-server has none):
// a thread started in a new managed worktree, one thread per worktree (a claim
// held while the thread is loaded, refused to a second thread in any process),
// the managed worktrees of a repository, removal that names what it would lose,
// Handoff between Local and Worktree, and a local environment's actions. The
// git work itself is main/core/worktrees; this module maps it to requests,
// notifications and JSON-RPC errors.
import path from 'node:path';
import { RpcError, threadNotFound } from './rpcError.js';
import { EnvironmentActionRuns } from './environmentActions.js';
import type { AgentThread } from '../session/thread.js';
import type { ThreadHost } from '../session/threadHost.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import {
  claimWorktree,
  cleanupCandidates,
  createWorktree,
  currentOwner,
  handoff,
  HandoffConflictError,
  listManagedWorktrees,
  NotAGitRepositoryError,
  NotManagedError,
  openManaged,
  recoverWorktreeOperations,
  removeWorktree,
  resolveRepo,
  WorktreeBusyError,
  worktreesRoot,
  type ManagedWorktree,
  type WorktreeClaim,
  type WorktreeStatus,
} from '../worktrees/index.js';
import { threadPlacement } from '../worktrees/threadPlacement.js';
import { currentBranch } from '../worktrees/repo.js';
import { git } from '../worktrees/git.js';
import { writeCodexThread } from '../worktrees/metadata.js';
import { worktreeWritableRoots } from '../worktrees/sandboxRoots.js';
import {
  cleanupBeforeRemove,
  EnvironmentScriptError,
  LocalEnvironmentError,
  loadLocalEnvironment,
  runEnvironmentScript,
  type LocalEnvironment,
} from '../worktrees/environment.js';
import type { LossReport } from '../worktrees/loss.js';
import {
  JSONRPC_INVALID_PARAMS,
  JSONRPC_INVALID_REQUEST,
  type ClientRequestMethod,
  type ClientRequestParams,
  type ClientRequestResult,
} from '../../../shared/protocol/types.js';
import type { WorktreeInfo, WorktreeLoss, WorktreeStartOptions } from '../../../shared/protocol/types.js';

export interface WorktreeThreadsHost {
  codexHome(): string;
  env(): NodeJS.ProcessEnv;
  loaded(threadId: string): AgentThread | undefined;
  loadedThreads(): Iterable<AgentThread>;
  notify: ThreadHost['notify'];
}

/** What a thread about to start in a worktree gets: where to run and what more it may write. */
export interface WorktreePlacement {
  cwd: string;
  writableRoots: string[];
}

/** A loaded thread's hold on its worktree, and the sandbox roots that came with it. */
interface Held {
  claim: WorktreeClaim;
  worktree: string;
  writableRoots: string[];
}

type Params<M extends ClientRequestMethod> = ClientRequestParams<M>;

export class WorktreeThreads {
  private readonly held = new Map<string, Held>();
  private recovered: Promise<void> | undefined;
  private readonly actions: EnvironmentActionRuns;

  constructor(private readonly host: WorktreeThreadsHost) {
    this.actions = new EnvironmentActionRuns({
      output: (threadId, runId, delta) => host.notify('environment/action/outputDelta', { threadId, runId, delta }),
      completed: (threadId, runId, exitCode, signal) => host.notify('environment/action/completed', { threadId, runId, exitCode, signal }),
    });
  }

  // ---- thread lifecycle (called by appServer) ----

  /**
   * thread/start with `worktree`: a new worktree of the repository at `cwd`,
   * claimed for `threadId`, its setup script run with output streamed. A failing
   * setup is the request's error (the worktree is kept for a look or a retry).
   */
  async startInNewWorktree(threadId: string, cwd: string, opts: WorktreeStartOptions): Promise<WorktreePlacement> {
    await this.recover();
    const repo = await this.repoOf(cwd);
    const environment = this.environment(repo.primaryRoot);
    const wt = await this.callAsync(() =>
      createWorktree({ codexHome: this.host.codexHome(), source: cwd, base: opts.base ?? undefined, name: opts.name ?? undefined, threadId }),
    );
    try {
      await this.setUp(wt, environment, repo.primaryRoot);
    } catch (err) {
      wt.claim?.release();
      throw err;
    }
    const writableRoots = worktreeWritableRoots(wt.gitDir, repo.commonDir);
    this.held.set(threadId, { claim: wt.claim!, worktree: wt.path, writableRoots });
    return { cwd: wt.cwd, writableRoots };
  }

  /**
   * A thread starting or resuming with its cwd inside a managed worktree takes
   * that worktree: refused while another live thread (any process) has it.
   * Undefined when the cwd is no managed worktree.
   */
  async claimForCwd(threadId: string, cwd: string): Promise<WorktreePlacement | undefined> {
    const root = managedRootOf(this.host.codexHome(), cwd);
    if (!root) return undefined;
    await this.recover();
    const wt = await openManaged(root, this.host.codexHome()).catch(() => undefined);
    if (!wt) return undefined;
    const claim = this.callSync(() => claimWorktree(wt.recordDir, threadId, wt.path));
    writeCodexThread(wt.gitDir, threadId);
    const repo = await resolveRepo(wt.path);
    const writableRoots = worktreeWritableRoots(wt.gitDir, repo.commonDir);
    this.held.set(threadId, { claim, worktree: wt.path, writableRoots });
    return { cwd, writableRoots };
  }

  /** A thread that did not start after all gives its worktree back. */
  abandon(threadId: string): void {
    this.held.get(threadId)?.claim.release();
    this.held.delete(threadId);
  }

  /** The thread closed: its worktree is free again and its actions end. */
  async threadClosed(threadId: string): Promise<void> {
    this.abandon(threadId);
    await this.actions.terminateThread(threadId);
  }

  async shutdown(): Promise<void> {
    await this.actions.terminateAll();
    for (const id of [...this.held.keys()]) this.abandon(id);
  }

  // ---- requests ----

  async list(p: Params<'worktree/list'>): Promise<ClientRequestResult<'worktree/list'>> {
    await this.recover();
    await this.repoOf(p.cwd);
    return { data: (await this.callAsync(() => listManagedWorktrees(this.host.codexHome(), p.cwd))).map(worktreeInfo) };
  }

  async cleanupCandidates(p: Params<'worktree/cleanupCandidates'>): Promise<ClientRequestResult<'worktree/cleanupCandidates'>> {
    await this.recover();
    await this.repoOf(p.cwd);
    return { data: (await this.callAsync(() => cleanupCandidates(this.host.codexHome(), p.cwd))).map(worktreeInfo) };
  }

  async branches(p: Params<'worktree/branches'>): Promise<ClientRequestResult<'worktree/branches'>> {
    const repo = await this.repoOf(p.cwd);
    const local = repo.primaryRoot;
    const names = (await this.callAsync(() => git(local, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/']))).split('\n').filter(Boolean);
    return { current: (await currentBranch(local)) ?? null, branches: names };
  }

  async remove(p: Params<'worktree/remove'>): Promise<ClientRequestResult<'worktree/remove'>> {
    await this.recover();
    const home = this.host.codexHome();
    const wt = await this.callAsync(() => openManaged(p.path, home));
    const r = await this.callAsync(() =>
      removeWorktree(wt.path, {
        codexHome: home,
        confirm: p.confirm ?? undefined,
        beforeRemove: cleanupBeforeRemove(wt.metadata.repoRoot, {
          env: this.host.env(),
          onOutput: (delta) => this.host.notify('worktree/setup/outputDelta', { path: wt.path, kind: 'cleanup', delta }),
        }),
      }),
    );
    if (!r.removed) return { removed: false, path: r.worktree, wouldLose: lossOf(r.wouldLose), deletedBranch: null };
    this.host.notify('worktree/removed', { path: r.worktree, deletedBranch: r.deletedBranch ?? null });
    return { removed: true, path: r.worktree, wouldLose: null, deletedBranch: r.deletedBranch ?? null };
  }

  /**
   * Moves an idle thread's uncommitted work, and the thread, between its Local
   * checkout and a worktree. Refused when the target is another live thread's
   * (its worktree, or the Local checkout while a thread runs a turn there), or
   * when the target's own changes conflict; then nothing moves.
   */
  async handoff(p: Params<'worktree/handoff'>): Promise<ClientRequestResult<'worktree/handoff'>> {
    await this.recover();
    const home = this.host.codexHome();
    const thread = this.host.loaded(p.threadId);
    if (!thread) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread not loaded: ${p.threadId} (resume it first)`);
    if (thread.isRunning) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread ${p.threadId} has a turn in progress; hand it off when the turn has ended`);
    const fromCwd = thread.config.cwd;
    const repo = await this.repoOf(fromCwd);
    const sourceRoot = managedRootOf(home, repo.root) ? repo.root : undefined;
    const relative = path.relative(repo.root, fromCwd);

    if (p.to === 'local') {
      if (!sourceRoot) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread ${p.threadId} already runs in the Local checkout ${repo.root}`);
      const local = repo.primaryRoot;
      const busy = [...this.host.loadedThreads()].find(
        (t) => t.id !== thread.id && t.isRunning && isInside(local, t.config.cwd) && !managedRootOf(home, t.config.cwd),
      );
      if (busy)
        throw new RpcError(
          JSONRPC_INVALID_REQUEST,
          `handoff refused, nothing was moved: thread ${busy.id} is running a turn in the Local checkout ${local}; wait for it to finish`,
        );
      const moved = await this.move(sourceRoot, local);
      const cwd = path.join(local, relative);
      this.relocate(thread, cwd, []);
      this.abandonClaimOnly(p.threadId);
      return this.moved(thread, cwd, moved);
    }

    // to a worktree: an existing one (another thread's is refused), or a new one.
    let target: { path: string; gitDir: string; claim: WorktreeClaim; fresh: boolean };
    if (p.worktreePath) {
      const wt = await this.callAsync(() => openManaged(p.worktreePath!, home));
      if (sourceRoot === wt.path) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread ${p.threadId} already runs in ${wt.path}`);
      const owner = currentOwner(wt.recordDir);
      if (owner && owner.threadId !== p.threadId)
        throw new RpcError(
          JSONRPC_INVALID_REQUEST,
          `handoff refused, nothing was moved: worktree ${wt.path} is in use by thread ${owner.threadId} (process ${owner.pid}); one thread per worktree`,
        );
      target = { path: wt.path, gitDir: wt.gitDir, claim: this.callSync(() => claimWorktree(wt.recordDir, p.threadId, wt.path)), fresh: false };
    } else {
      if (sourceRoot)
        throw new RpcError(
          JSONRPC_INVALID_REQUEST,
          `thread ${p.threadId} already runs in worktree ${sourceRoot}; hand it off to Local, or name another worktree (worktreePath)`,
        );
      const environment = this.environment(repo.primaryRoot);
      const wt = await this.callAsync(() =>
        createWorktree({ codexHome: home, source: repo.root, base: p.base ?? undefined, name: p.name ?? undefined, threadId: p.threadId }),
      );
      try {
        await this.setUp(wt, environment, repo.primaryRoot);
      } catch (err) {
        wt.claim?.release();
        throw err;
      }
      target = { path: wt.path, gitDir: wt.gitDir, claim: wt.claim!, fresh: true };
    }
    let result: { moved: string[]; backupTree: string };
    try {
      result = await this.move(repo.root, target.path);
    } catch (err) {
      target.claim.release();
      // A worktree made for this handoff and left unused goes again (only if that loses nothing).
      if (target.fresh) await removeWorktree(target.path, { codexHome: home }).catch(() => undefined);
      throw err;
    }
    writeCodexThread(target.gitDir, p.threadId);
    const writableRoots = worktreeWritableRoots(target.gitDir, repo.commonDir);
    const cwd = path.join(target.path, relative);
    this.relocate(thread, cwd, writableRoots);
    this.abandonClaimOnly(p.threadId);
    this.held.set(p.threadId, { claim: target.claim, worktree: target.path, writableRoots });
    return this.moved(thread, cwd, result);
  }

  async readEnvironment(p: Params<'environment/read'>): Promise<ClientRequestResult<'environment/read'>> {
    const repo = await this.repoOf(p.cwd);
    const env = this.environment(repo.primaryRoot);
    if (!env) return { environment: null };
    return {
      environment: {
        file: env.file,
        name: env.name,
        hasSetup: Boolean(env.setup),
        hasCleanup: Boolean(env.cleanup),
        actions: env.actions.map((a) => ({ name: a.name, command: a.command, icon: a.icon ?? null })),
      },
    };
  }

  async runAction(p: Params<'environment/action/run'>): Promise<ClientRequestResult<'environment/action/run'>> {
    const thread = this.host.loaded(p.threadId);
    if (!thread) throw threadNotFound(p.threadId);
    const cwd = thread.config.cwd;
    const repo = await this.repoOf(cwd);
    const env = this.environment(repo.primaryRoot);
    if (!env) throw new RpcError(JSONRPC_INVALID_REQUEST, `${repo.primaryRoot} has no local environment (.codex/environments/environment.toml)`);
    const action = env.actions.find((a) => a.name === p.name);
    if (!action)
      throw new RpcError(
        JSONRPC_INVALID_PARAMS,
        `name: ${env.file} has no action ${JSON.stringify(p.name)} for this platform (actions: ${env.actions.map((a) => a.name).join(', ') || 'none'})`,
      );
    const worktree = managedRootOf(this.host.codexHome(), cwd);
    const runId = this.actions.start(p.threadId, action.command, cwd, {
      ...this.host.env(),
      CODEX_SOURCE_TREE_PATH: repo.primaryRoot,
      ...(worktree ? { CODEX_WORKTREE_PATH: worktree } : {}),
    });
    return { runId, command: action.command, cwd };
  }

  async terminateAction(p: Params<'environment/action/terminate'>): Promise<ClientRequestResult<'environment/action/terminate'>> {
    return { terminated: await this.actions.terminate(p.runId) };
  }

  // ---- helpers ----

  /** Operations an earlier crash cut short are finished or undone before the first new one (started at initialize). */
  recover(): Promise<void> {
    // A failed recovery is retried by nothing here: its journal entries stay for the next start, and operations go on.
    this.recovered ??= (async () => {
      await recoverWorktreeOperations(this.host.codexHome());
    })().catch(() => undefined);
    return this.recovered;
  }

  private async setUp(wt: ManagedWorktree, environment: LocalEnvironment | undefined, sourceTree: string): Promise<void> {
    this.host.notify('worktree/created', { worktree: await this.infoOf(wt.path) });
    if (!environment?.setup) return;
    const result = await runEnvironmentScript('setup', environment.setup, {
      worktree: wt.path,
      sourceTree,
      env: this.host.env(),
      onOutput: (delta) => this.host.notify('worktree/setup/outputDelta', { path: wt.path, kind: 'setup', delta }),
    });
    this.host.notify('worktree/setup/completed', {
      path: wt.path,
      kind: 'setup',
      ok: result.ok,
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      durationMs: result.durationMs,
    });
    if (!result.ok) throw new RpcError(JSONRPC_INVALID_REQUEST, new EnvironmentScriptError(result, wt.path).message, { worktreePath: wt.path });
  }

  private async infoOf(worktree: string): Promise<WorktreeInfo> {
    const all = await listManagedWorktrees(this.host.codexHome(), worktree);
    const found = all.find((w) => w.path === worktree);
    if (!found) throw new RpcError(JSONRPC_INVALID_REQUEST, `${worktree} is not listed among its repository's worktrees`);
    return worktreeInfo(found);
  }

  private async move(from: string, to: string): Promise<{ moved: string[]; backupTree: string }> {
    try {
      return await handoff({ codexHome: this.host.codexHome(), from, to });
    } catch (err) {
      if (err instanceof HandoffConflictError) throw new RpcError(JSONRPC_INVALID_REQUEST, err.message, { conflictingFiles: err.files });
      throw new RpcError(JSONRPC_INVALID_REQUEST, (err as Error).message);
    }
  }

  /** The thread's cwd moves; under workspace-write, the old worktree's git roots go and the new one's come. */
  private relocate(thread: AgentThread, cwd: string, writableRoots: string[]): void {
    const old = new Set(this.held.get(thread.id)?.writableRoots ?? []);
    const sandbox: SandboxPolicy =
      thread.sandbox.mode === 'workspace-write'
        ? { ...thread.sandbox, writableRoots: [...thread.sandbox.writableRoots.filter((r) => !old.has(r)), ...writableRoots] }
        : thread.sandbox;
    thread.moveTo(cwd, sandbox);
  }

  private abandonClaimOnly(threadId: string): void {
    this.held.get(threadId)?.claim.release();
    this.held.delete(threadId);
  }

  private async moved(thread: AgentThread, cwd: string, r: { moved: string[]; backupTree: string }): Promise<ClientRequestResult<'worktree/handoff'>> {
    const workspace = threadPlacement(this.host.codexHome(), cwd)?.workspace;
    if (!workspace) throw new RpcError(JSONRPC_INVALID_REQUEST, `${cwd} is no longer inside a git checkout`);
    this.host.notify('thread/workspace/updated', { threadId: thread.id, cwd, workspace });
    return { workspace, cwd, moved: r.moved, backupTree: r.backupTree };
  }

  private async repoOf(cwd: string) {
    try {
      return await resolveRepo(cwd);
    } catch (err) {
      if (err instanceof NotAGitRepositoryError) throw new RpcError(JSONRPC_INVALID_PARAMS, `cwd: ${err.message}`);
      throw new RpcError(JSONRPC_INVALID_PARAMS, `cwd: ${cwd}: ${(err as Error).message}`);
    }
  }

  /** The local environment of a repository, read from its Local checkout (where the agent cannot rewrite it). */
  private environment(localRoot: string): LocalEnvironment | undefined {
    try {
      return loadLocalEnvironment(localRoot);
    } catch (err) {
      if (err instanceof LocalEnvironmentError) throw new RpcError(JSONRPC_INVALID_PARAMS, err.message);
      throw new RpcError(JSONRPC_INVALID_PARAMS, `${localRoot}: ${(err as Error).message}`);
    }
  }

  /** Worktree errors as JSON-RPC errors (callAsync for promises). */
  private callSync<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw asRpcError(err);
    }
  }

  private async callAsync<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw asRpcError(err);
    }
  }
}

/** `$CODEX_HOME/worktrees/<id>/<name>` when `p` lies inside such a checkout (not yet proof that it is ours). */
export function managedRootOf(codexHome: string, p: string): string | undefined {
  const rel = path.relative(worktreesRoot(codexHome), path.resolve(p));
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const [id, name] = rel.split(path.sep);
  if (!id || !name || id.startsWith('.')) return undefined;
  return path.join(worktreesRoot(codexHome), id, name);
}

/** Refusals (a busy worktree, a failed git step) are invalid requests; a path that is no managed worktree or repository is invalid params. */
function asRpcError(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  if (err instanceof WorktreeBusyError) return new RpcError(JSONRPC_INVALID_REQUEST, err.message, { ownerThreadId: err.holder.threadId });
  if (err instanceof NotManagedError || err instanceof NotAGitRepositoryError) return new RpcError(JSONRPC_INVALID_PARAMS, err.message);
  return new RpcError(JSONRPC_INVALID_REQUEST, err instanceof Error ? err.message : String(err));
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function lossOf(l: LossReport): WorktreeLoss {
  return { summary: l.summary, token: l.token, uncommitted: l.uncommitted, unmergedCommits: l.unmergedCommits };
}

function worktreeInfo(w: WorktreeStatus): WorktreeInfo {
  const m = w.metadata;
  const losesWork = w.loss.uncommitted.length > 0 || w.loss.unmergedCommits.length > 0;
  return {
    path: w.path,
    repoRoot: m.repoRoot,
    branch: m.branch,
    baseRef: m.baseRef,
    baseBranch: m.baseBranch ?? null,
    baseSha: m.baseSha,
    createdAt: m.createdAt,
    ahead: w.ahead,
    behind: w.behind,
    dirty: w.dirty,
    owner: w.owner ? { threadId: w.owner.threadId, pid: w.owner.pid, host: w.owner.host } : null,
    wouldLose: losesWork ? lossOf(w.loss) : null,
  };
}
