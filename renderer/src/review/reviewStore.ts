// The review pane's state and actions: its own small store (the thread store
// stays the conversation's), every git action through the review/* requests,
// the diff reloaded after each, reverts confirmed first and undoable while the
// app runs.
import { create } from 'zustand';
import { withLoadedFiles, type ReviewDiff, type ReviewHunk, type ReviewSection } from './reviewModel.js';
import { sendMessage, useStore } from '../store.js';
import { FILE_DIFF_MAX_PATHS } from '../../../shared/protocol/reviewPane.js';

export type Scope = ReviewDiff['scope'];

export interface PendingComment {
  id: number;
  path: string;
  line: number;
  side: 'old' | 'new';
  body: string;
}

export interface ReviewState {
  open: boolean;
  scope: Scope;
  base: string;
  diff: ReviewDiff | null;
  /** Which loadDiff the diff came from: hunks asked for an older one are dropped. */
  diffLoad: number;
  /** The thread the diff is of. */
  threadId: string | null;
  busy: boolean;
  status: string | null;
  /** The line a comment is being written for. */
  commenting: { path: string; line: number; side: 'old' | 'new' } | null;
  comments: PendingComment[];
  /** A revert waiting for the user's yes. */
  confirm: { label: string; path: string; hunk: ReviewHunk | null; fingerprint: string | null } | null;
  /** Reverts of this session, newest first. */
  undo: { undoId: string; label: string; threadId: string }[];
  commitMessage: string;
  /** Title for the next pull request (empty: gh fills it from the commits). */
  prTitle: string;
  /** What the last push or pull request did, with the command to run when gh could not. */
  publish: { text: string; url: string | null; command: string | null } | null;
}

export const useReview = create<ReviewState>(() => ({
  open: false,
  scope: 'uncommitted',
  base: 'main',
  diff: null,
  diffLoad: 0,
  threadId: null,
  busy: false,
  status: null,
  commenting: null,
  comments: [],
  confirm: null,
  undo: [],
  commitMessage: '',
  prTitle: '',
  publish: null,
}));

const api = () => window.codex;
const activeThread = () => useStore.getState().activeId;

/** `quiet`: keep the status line (a refresh after an action keeps saying what the action did). */
async function run<T>(what: string, fn: () => Promise<T>, quiet = false): Promise<T | undefined> {
  useReview.setState(quiet ? { busy: true } : { busy: true, status: null });
  try {
    return await fn();
  } catch (err) {
    useReview.setState({ status: `${what} failed: ${(err as Error).message}` });
    return undefined;
  } finally {
    useReview.setState({ busy: false });
  }
}

export function toggleReview(): void {
  const open = !useReview.getState().open;
  // Closed, the diff is dropped: reopening shows the tree as it is then, never a stale one.
  useReview.setState(open ? { open } : { open, diff: null });
  if (open) void loadDiff();
}

export function setScope(scope: Scope): void {
  useReview.setState({ scope });
  void loadDiff();
}

export function setBase(base: string): void {
  useReview.setState({ base });
}

let loads = 0;
export async function loadDiff(): Promise<void> {
  const threadId = activeThread();
  if (!threadId) return;
  const { scope, base } = useReview.getState();
  // Loads can overlap (an action's refresh, a turn ending): only the newest one's answer is shown.
  const seq = ++loads;
  // Lazy: the file list comes at once, each file's hunks when it comes on screen (requestHunks).
  const diff = await run('Loading the diff', () => api().request('review/diff', { threadId, scope, base: scope === 'branch' ? base : null, lazy: true }), true);
  if (diff && seq === loads && useReview.getState().open) {
    useReview.setState({ diff, threadId, diffLoad: seq });
  }
}

/** Files waiting for their hunks until the next frame, by section, with the load whose diff they are of. */
let wanted: { load: number; paths: Map<ReviewSection['kind'], Set<string>> } = { load: 0, paths: new Map() };
let flushing = false;

/**
 * A file row came on screen without its hunks (in the diff of load `load`):
 * asks for them. The requests of one frame go out together, one
 * review/fileDiff per section.
 */
export function requestHunks(load: number, section: ReviewSection['kind'], path: string): void {
  if (section === 'lastTurn' || load !== useReview.getState().diffLoad) return;
  if (wanted.load !== load) wanted = { load, paths: new Map() };
  const set = wanted.paths.get(section) ?? new Set<string>();
  set.add(path);
  wanted.paths.set(section, set);
  if (flushing) return;
  flushing = true;
  requestAnimationFrame(() => {
    flushing = false;
    void flushHunks();
  });
}

async function flushHunks(): Promise<void> {
  const { load, paths } = wanted;
  wanted = { load, paths: new Map() };
  const { threadId, base, scope, diffLoad } = useReview.getState();
  if (!threadId || load !== diffLoad) return;
  for (const [section, set] of paths) {
    if (section === 'lastTurn') continue;
    const all = [...set];
    for (let i = 0; i < all.length; i += FILE_DIFF_MAX_PATHS) {
      const batch = all.slice(i, i + FILE_DIFF_MAX_PATHS);
      const r = await api()
        .request('review/fileDiff', { threadId, section, base: scope === 'branch' ? base : null, paths: batch })
        .catch((err: Error) => {
          useReview.setState({ status: `Loading hunks failed: ${err.message}` });
          return null;
        });
      // A newer diff replaced the one these files were of: its own rows ask again.
      const now = useReview.getState();
      if (!r || !now.diff || now.diffLoad !== load) return;
      const got = new Set(r.files.map((f) => f.path));
      useReview.setState({
        diff: withLoadedFiles(
          now.diff,
          section,
          r.files,
          batch.filter((p) => !got.has(p)),
        ),
      });
    }
  }
}

/** `fingerprint`: the file's diff as shown; the core refuses the action if the file has changed since. */
export async function stage(path: string, hunk: ReviewHunk | null, unstage = false, fingerprint: string | null = null): Promise<void> {
  const threadId = activeThread();
  if (!threadId) return;
  const method = unstage ? 'review/unstage' : 'review/stage';
  if ((await run(unstage ? 'Unstage' : 'Stage', () => api().request(method, { threadId, path, hunk, fingerprint }))) !== undefined) await loadDiff();
}

/** Revert asks first: this only opens the confirmation. */
export function askRevert(path: string, hunk: ReviewHunk | null, fingerprint: string | null = null): void {
  useReview.setState({ confirm: { path, hunk, fingerprint, label: hunk ? `this hunk of ${path} (${hunk.header})` : `all unstaged changes to ${path}` } });
}

export function cancelRevert(): void {
  useReview.setState({ confirm: null });
}

export async function confirmRevert(): Promise<void> {
  const threadId = activeThread();
  const c = useReview.getState().confirm;
  useReview.setState({ confirm: null });
  if (!threadId || !c) return;
  const r = await run('Revert', () => api().request('review/revert', { threadId, path: c.path, hunk: c.hunk, fingerprint: c.fingerprint }));
  if (!r) return;
  useReview.setState((s) => ({ undo: [{ undoId: r.undoId, label: c.label, threadId }, ...s.undo], status: `Reverted ${c.label}` }));
  await loadDiff();
}

export async function undoRevert(undoId: string): Promise<void> {
  const entry = useReview.getState().undo.find((u) => u.undoId === undoId);
  if (!entry) return;
  if ((await run('Undo', () => api().request('review/undoRevert', { threadId: entry.threadId, undoId }))) === undefined) return;
  useReview.setState((s) => ({ undo: s.undo.filter((u) => u.undoId !== undoId), status: `Restored ${entry.label}` }));
  await loadDiff();
}

export function startComment(path: string, line: number, side: 'old' | 'new'): void {
  useReview.setState({ commenting: { path, line, side } });
}

export function cancelComment(): void {
  useReview.setState({ commenting: null });
}

let nextComment = 1;
export function addComment(body: string): void {
  const c = useReview.getState().commenting;
  if (!c || !body.trim()) return;
  useReview.setState((s) => ({ commenting: null, comments: [...s.comments, { id: nextComment++, ...c, body: body.trim() }] }));
}

export function removeComment(id: number): void {
  useReview.setState((s) => ({ comments: s.comments.filter((c) => c.id !== id) }));
}

/** Every pending comment as one follow-up turn. */
export async function sendComments(): Promise<void> {
  const threadId = activeThread();
  const comments = useReview.getState().comments;
  if (!threadId || !comments.length) return;
  const r = await run('Sending comments', () =>
    api().request('review/comments', { threadId, comments: comments.map((c) => ({ path: c.path, line: c.line, side: c.side, body: c.body })) }),
  );
  if (!r) return;
  useReview.setState({ comments: [], status: `Sent ${comments.length} comment${comments.length === 1 ? '' : 's'} to the thread` });
  useStore.setState((s) => {
    const v = s.views[threadId];
    return v && !v.turnId ? { views: { ...s.views, [threadId]: { ...v, turnId: r.turnId } } } : {};
  });
}

/** Asks the model to review the uncommitted changes (review/start); findings appear next to their lines. */
export async function startAgentReview(): Promise<void> {
  const threadId = activeThread();
  if (!threadId) return;
  const r = await run('Starting the review', () => api().request('review/start', { threadId, target: { type: 'uncommittedChanges' } }));
  if (r) useReview.setState({ status: 'Reviewing the uncommitted changes…' });
}

export async function fixFinding(text: string): Promise<void> {
  if (await sendMessage(text)) useReview.setState({ status: 'Asked the agent to fix the finding' });
}

export function setCommitMessage(commitMessage: string): void {
  useReview.setState({ commitMessage });
}

/** Commits what is staged with the message the user wrote. */
export async function commitStaged(): Promise<void> {
  const threadId = activeThread();
  const message = useReview.getState().commitMessage;
  if (!threadId || !message.trim()) return;
  const r = await run('Commit', () => api().request('review/commit', { threadId, message }));
  if (!r) return;
  useReview.setState({ commitMessage: '', status: `Committed ${r.sha.slice(0, 7)} ${r.summary}` });
  await loadDiff();
}

/** Pushes the thread's branch (its upstream, or origin with the upstream set the first time). */
export async function pushBranch(): Promise<void> {
  const threadId = activeThread();
  if (!threadId) return;
  useReview.setState({ publish: null });
  const r = await run('Push', () => api().request('review/push', { threadId }));
  if (!r) return;
  const text = `Pushed ${r.branch} to ${r.remote}/${r.remoteBranch} (${r.sha.slice(0, 7)})${r.setUpstream ? '; upstream set' : ''}`;
  useReview.setState({ publish: { text, url: null, command: null } });
}

export function setPullRequestTitle(prTitle: string): void {
  useReview.setState({ prTitle });
}

/** Opens a pull request into the base branch through gh; without gh, shows the command to run. */
export async function createPullRequest(): Promise<void> {
  const threadId = activeThread();
  if (!threadId) return;
  const { base, prTitle } = useReview.getState();
  useReview.setState({ publish: null });
  const r = await run('Pull request', () => api().request('review/pullRequest', { threadId, base, title: prTitle.trim() || null }));
  if (!r) return;
  useReview.setState({
    publish: r.url
      ? { text: 'Opened pull request', url: r.url, command: null }
      : { text: r.message ?? 'No pull request was made. Run:', url: null, command: r.command },
  });
}
