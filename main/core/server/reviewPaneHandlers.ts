// The desktop review pane's requests (ours; see protocol/reviewPane.ts), over
// core/worktrees/review.ts on the repository of a loaded thread's cwd. Paths
// are repository-relative and must name a file of the diff being acted on, so
// no request can stage, revert or delete anything the pane did not show.
// Revert hands back an undo id, kept for as long as this server runs.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type * as z from 'zod/mini';
import { RpcError } from './rpcError.js';
import type { AgentThread } from '../session/thread.js';
import { git, gitRaw, splitNul } from '../worktrees/git.js';
import { parseDiff, type FileDiff } from '../worktrees/diffParse.js';
import { branchFiles, fileDiffs, fingerprint, lineStats, uncommittedFiles, type DiffSide, type ListedFile } from '../worktrees/reviewFiles.js';
import { currentBranch, pushBranch, upstreamOf } from '../worktrees/push.js';
import { createPullRequest, ghPrCreateCommand, ghUnavailable } from '../worktrees/pullRequest.js';
import {
  branchDiff,
  revertFile,
  revertHunk,
  stageFile,
  stageHunk,
  StaleHunkError,
  uncommittedDiff,
  undoRevert,
  unstageFile,
  unstageHunk,
  type UndoRecord,
} from '../worktrees/review.js';
import type { reviewFileDiff, reviewComment, reviewPaneRequests } from '../../../shared/protocol/reviewPane.js';
import {
  JSONRPC_INVALID_PARAMS,
  JSONRPC_INVALID_REQUEST,
  type ClientRequestParams,
  type ClientRequestResult,
  type Turn,
} from '../../../shared/protocol/types.js';

type PaneMethod = keyof typeof reviewPaneRequests;
export type ReviewPaneHandlers = { [M in PaneMethod]: (params: ClientRequestParams<M>) => Promise<ClientRequestResult<M>> };
type WireFileDiff = z.output<typeof reviewFileDiff>;
type Comment = z.output<typeof reviewComment>;

export interface ReviewPaneDeps {
  /** A loaded thread, or an RpcError naming the id. */
  thread(threadId: string): AgentThread;
  /** The server's environment: push and gh run with it (PATH, credentials helpers, SSH agent). */
  env(): NodeJS.ProcessEnv;
}

export class ReviewPaneRequests {
  private readonly undo = new Map<string, { threadId: string; record: UndoRecord }>();

  constructor(private readonly deps: ReviewPaneDeps) {}

  readonly handlers: ReviewPaneHandlers = {
    'review/diff': async (p) => {
      const thread = this.deps.thread(p.threadId);
      const root = await repositoryRoot(thread.config.cwd);
      if (p.scope === 'uncommitted' && p.lazy) {
        const d = await gitCall(() => uncommittedFiles(root));
        const untracked = new Set(d.untracked);
        const sections = await withFirstScreen(root, [
          { kind: 'staged', side: { kind: 'staged' }, files: d.staged.map((f) => listedToWire(f, false)) },
          { kind: 'unstaged', side: { kind: 'unstaged' }, files: d.unstaged.map((f) => listedToWire(f, untracked.has(f.path))) },
        ]);
        return { root, scope: p.scope, mergeBase: null, turnId: null, sections };
      }
      if (p.scope === 'branch' && p.lazy) {
        const mergeBase = await this.mergeBase(root, p.base);
        const files = await gitCall(() => branchFiles(root, mergeBase));
        const sections = await withFirstScreen(root, [
          { kind: 'branch', side: { kind: 'branch', from: mergeBase }, files: files.map((f) => listedToWire(f, false)) },
        ]);
        return { root, scope: p.scope, mergeBase, turnId: null, sections };
      }
      if (p.scope === 'uncommitted') {
        const d = await gitCall(() => uncommittedDiff(root));
        const untracked = new Set(d.untracked);
        return {
          root,
          scope: p.scope,
          mergeBase: null,
          turnId: null,
          sections: [
            { kind: 'staged' as const, files: d.staged.map((f) => toWire(f, false)) },
            { kind: 'unstaged' as const, files: d.unstaged.map((f) => toWire(f, untracked.has(f.path))) },
          ],
        };
      }
      if (p.scope === 'branch') {
        if (!p.base) throw new RpcError(JSONRPC_INVALID_PARAMS, 'base: the branch scope needs the base branch to compare with');
        const d = await gitCall(() => branchDiff(root, p.base!));
        return {
          root,
          scope: p.scope,
          mergeBase: d.mergeBase,
          turnId: null,
          sections: [{ kind: 'branch' as const, files: d.files.map((f) => toWire(f, false)) }],
        };
      }
      const last = lastTurnWithEdits(thread.turns, root);
      return { root, scope: p.scope, mergeBase: null, turnId: last?.turn.id ?? null, sections: [{ kind: 'lastTurn' as const, files: last?.files ?? [] }] };
    },
    'review/fileDiff': async (p) => {
      const thread = this.deps.thread(p.threadId);
      const root = await repositoryRoot(thread.config.cwd);
      const paths = p.paths.map((x, i) => relativePath(x, `paths[${i}]`));
      const side: DiffSide = p.section === 'branch' ? { kind: 'branch', from: await this.mergeBase(root, p.base) } : { kind: p.section };
      const [untracked, files] = await Promise.all([
        p.section === 'unstaged' ? gitCall(() => untrackedAmong(root, paths)) : Promise.resolve<string[]>([]),
        gitCall(() => fileDiffs(root, side, paths)),
      ]);
      return { files: files.map((f) => toWire(f, untracked.includes(f.path))) };
    },
    'review/stage': async (p) => {
      const { root, file } = await this.target(p);
      if (p.hunk) await gitCall(() => stageHunk(root, file, p.hunk!, p.fingerprint));
      else {
        await this.requireInDiff(root, file, 'unstaged', p.fingerprint);
        await gitCall(() => stageFile(root, file));
      }
      return {};
    },
    'review/unstage': async (p) => {
      const { root, file } = await this.target(p);
      if (p.hunk) await gitCall(() => unstageHunk(root, file, p.hunk!, p.fingerprint));
      else {
        await this.requireInDiff(root, file, 'staged', p.fingerprint);
        await gitCall(() => unstageFile(root, file));
      }
      return {};
    },
    'review/revert': async (p) => {
      const { root, file } = await this.target(p);
      let record: UndoRecord;
      if (p.hunk) record = await gitCall(() => revertHunk(root, file, p.hunk!, p.fingerprint));
      else {
        await this.requireInDiff(root, file, 'unstaged', p.fingerprint);
        record = await gitCall(() => revertFile(root, file));
      }
      this.undo.set(record.id, { threadId: p.threadId, record });
      return { undoId: record.id };
    },
    'review/undoRevert': async (p) => {
      const entry = this.undo.get(p.undoId);
      if (!entry || entry.threadId !== p.threadId)
        throw new RpcError(JSONRPC_INVALID_PARAMS, `undoId: no revert ${p.undoId} of thread ${p.threadId} to undo (undo lasts while the server runs)`);
      await gitCall(() => undoRevert(entry.record));
      this.undo.delete(p.undoId);
      return {};
    },
    'review/comments': async (p) => {
      const thread = this.deps.thread(p.threadId);
      if (thread.isRunning) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread ${p.threadId} has a turn in progress; send the comments when it has ended`);
      for (const [i, c] of p.comments.entries()) relativePath(c.path, `comments[${i}].path`);
      const turn = thread.startTurn([{ type: 'text', text: commentsPrompt(p.comments) }]);
      return { turnId: turn.id };
    },
    'review/commit': async (p) => {
      const message = p.message.trim();
      if (!message) throw new RpcError(JSONRPC_INVALID_PARAMS, 'message: a commit needs a message');
      const thread = this.deps.thread(p.threadId);
      if (thread.isRunning) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread ${p.threadId} has a turn in progress; commit when it has ended`);
      const root = await repositoryRoot(thread.config.cwd);
      // Exit 1: something is staged; 0: nothing is.
      if ((await gitRaw(root, ['diff', '--cached', '--quiet'])).code === 0)
        throw new RpcError(JSONRPC_INVALID_REQUEST, `nothing is staged to commit in ${root}; stage changes first`);
      await gitCall(() => git(root, ['commit', '-q', '-F', '-'], { input: message + '\n' }));
      const sha = await gitCall(() => git(root, ['rev-parse', 'HEAD']));
      return { sha, summary: message.split('\n')[0]! };
    },
    'review/push': async (p) => {
      const root = await repositoryRoot(this.deps.thread(p.threadId).config.cwd);
      return gitCall(() => pushBranch(root, this.deps.env()));
    },
    'review/pullRequest': async (p) => {
      const root = await repositoryRoot(this.deps.thread(p.threadId).config.cwd);
      const branch = await gitCall(() => currentBranch(root));
      const upstream = await upstreamOf(root, branch);
      const input = { base: p.base, head: upstream?.remoteBranch ?? branch, title: p.title, body: p.body };
      const unavailable = await ghUnavailable(root, this.deps.env());
      // Told even before a push: the command shown is the one to run once the branch is pushed.
      if (unavailable) return { url: null, command: ghPrCreateCommand(input), ...unavailable };
      if (!upstream) throw new RpcError(JSONRPC_INVALID_REQUEST, `${branch} has not been pushed (it has no upstream); push it first`);
      const r = await createPullRequest(root, input, this.deps.env());
      return r.created
        ? { url: r.url, command: r.command, message: null, reason: null }
        : { url: null, command: r.command, message: r.message, reason: r.reason };
    },
  };

  private async target(p: { threadId: string; path: string }): Promise<{ root: string; file: string }> {
    const thread = this.deps.thread(p.threadId);
    return { root: await repositoryRoot(thread.config.cwd), file: relativePath(p.path, 'path') };
  }

  /**
   * A whole-file operation only on a file the diff shows (an untracked file's
   * revert deletes it), and, given the fingerprint it was shown with, only if
   * its diff is still that one.
   */
  private async requireInDiff(root: string, file: string, side: 'staged' | 'unstaged', shown?: string | null): Promise<void> {
    const diff = (await gitCall(() => fileDiffs(root, { kind: side }, [file]))).find((f) => f.path === file);
    if (!diff) throw new RpcError(JSONRPC_INVALID_REQUEST, `${file} has no ${side} changes in ${root}; refresh the diff`);
    if (shown && fingerprint(diff) !== shown)
      throw new RpcError(JSONRPC_INVALID_REQUEST, new StaleHunkError(file, `the diff of ${file} is not the one shown`).message);
  }

  private async mergeBase(root: string, base: string | null | undefined): Promise<string> {
    if (!base) throw new RpcError(JSONRPC_INVALID_PARAMS, 'base: the branch scope needs the base branch to compare with');
    return gitCall(() =>
      git(root, ['merge-base', base, 'HEAD']).catch(() => {
        throw new Error(`${base} and HEAD of ${root} have no common ancestor (or ${base} names no commit)`);
      }),
    );
  }
}

/** The follow-up turn's request: every comment with its file and line. */
export function commentsPrompt(comments: Comment[]): string {
  const lines = comments.map((c, i) => {
    const range = c.endLine && c.endLine !== c.line ? `${c.line}-${c.endLine}` : `${c.line}`;
    const side = c.side === 'old' ? ' (removed line)' : '';
    return `${i + 1}. ${c.path}:${range}${side}\n${c.body
      .trim()
      .split('\n')
      .map((l) => `   ${l}`)
      .join('\n')}`;
  });
  return `Please address these review comments on the current changes:\n\n${lines.join('\n\n')}`;
}

async function repositoryRoot(cwd: string): Promise<string> {
  const r = await gitRaw(cwd, ['rev-parse', '--show-toplevel']);
  if (r.code !== 0) throw new RpcError(JSONRPC_INVALID_REQUEST, `${cwd} is not inside a git repository (${r.stderr.trim()})`);
  return r.stdout.toString('utf8').trim();
}

/** A repository-relative path that stays inside the repository. */
function relativePath(p: string, field: string): string {
  const norm = path.posix.normalize(p.replace(/\\/g, '/'));
  if (path.posix.isAbsolute(norm) || norm === '..' || norm.startsWith('../') || norm === '.') {
    throw new RpcError(JSONRPC_INVALID_PARAMS, `${field}: ${JSON.stringify(p)} is not a path inside the repository (give it relative to the repository root)`);
  }
  return norm;
}

/** git failures and stale hunks are the request's problem, told in git's own words. */
async function gitCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RpcError) throw err;
    throw new RpcError(JSONRPC_INVALID_REQUEST, err instanceof StaleHunkError ? err.message : (err as Error).message);
  }
}

function toWire(f: FileDiff, untracked: boolean): WireFileDiff {
  return {
    path: f.path,
    oldPath: f.oldPath ?? null,
    status: f.status,
    binary: f.binary,
    untracked,
    hunks: f.hunks,
    fingerprint: fingerprint(f),
    ...lineStats(f),
  };
}

/** Files of the lazy list that come with their hunks: about a screenful, so the first hunks need no second request. */
const FIRST_SCREEN_FILES = 30;

/**
 * The lazy sections with the hunks of their first files (in the order the
 * pane shows them) filled in; a listed file that turns out unchanged (touched
 * only) leaves the list.
 */
async function withFirstScreen(
  root: string,
  sections: { kind: 'staged' | 'unstaged' | 'branch'; side: DiffSide; files: WireFileDiff[] }[],
): Promise<{ kind: 'staged' | 'unstaged' | 'branch'; files: WireFileDiff[] }[]> {
  let budget = FIRST_SCREEN_FILES;
  const firsts = sections.map((s) => {
    const first = s.files.slice(0, budget);
    budget -= first.length;
    return first;
  });
  const loaded = await Promise.all(
    sections.map((s, i) =>
      firsts[i]!.length
        ? gitCall(() =>
            fileDiffs(
              root,
              s.side,
              firsts[i]!.map((f) => f.path),
            ),
          )
        : [],
    ),
  );
  return sections.map((s, i) => {
    const byPath = new Map(loaded[i]!.map((f) => [f.path, f]));
    const asked = new Set(firsts[i]!.map((f) => f.path));
    const files: WireFileDiff[] = [];
    for (const f of s.files) {
      const d = byPath.get(f.path);
      if (d) files.push(toWire(d, f.untracked));
      else if (!asked.has(f.path)) files.push(f);
    }
    return { kind: s.kind, files };
  });
}

/** A file of the lazy list: known by name and status; its hunks come with review/fileDiff. */
function listedToWire(f: ListedFile, untracked: boolean): WireFileDiff {
  return { path: f.path, oldPath: f.oldPath ?? null, status: f.status, binary: false, untracked, hunks: null };
}

async function untrackedAmong(root: string, paths: string[]): Promise<string[]> {
  return splitNul(await git(root, ['ls-files', '--others', '--exclude-standard', '-z', '--', ...paths.map((p) => `:(literal)${p}`)]));
}

/** The newest finished turn whose file edits were applied, as diffs (edits record absolute paths; shown from the root). */
function lastTurnWithEdits(turns: Turn[], root: string): { turn: Turn; files: WireFileDiff[] } | undefined {
  const rel = (p: string) => (path.isAbsolute(p) && !path.relative(root, p).startsWith('..') ? path.relative(root, p) : p);
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    if (turn.status === 'inProgress') continue;
    const files: WireFileDiff[] = [];
    for (const item of turn.items) {
      if (item.type !== 'fileChange' || item.status !== 'completed') continue;
      for (const c of item.changes) {
        const from = rel(c.path);
        const target = c.kind.type === 'update' && c.kind.move_path ? rel(c.kind.move_path) : from;
        const parsed = parseDiff(`diff --git a/${from} b/${target}\n${c.diff}`)[0];
        const status = c.kind.type === 'add' ? 'added' : c.kind.type === 'delete' ? 'deleted' : target !== from ? 'renamed' : 'modified';
        files.push({
          path: target,
          oldPath: target !== from ? from : null,
          status,
          binary: parsed?.binary ?? false,
          untracked: false,
          hunks: parsed?.hunks ?? [],
        });
      }
    }
    if (files.length) return { turn, files };
  }
  return undefined;
}
