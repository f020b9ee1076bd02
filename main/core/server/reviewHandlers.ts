// `review/start` (Codex 0.169): the chosen changes of a loaded thread's cwd
// are resolved with git first (a bad target is an invalid-params error before
// any turn starts), then reviewed as a turn of that thread (session/reviewTurn.ts).
// `review/draftCommitMessage` (ours): a commit message for the thread's
// repository's staged (else uncommitted) changes, from one model request.
import { RpcError } from './rpcError.js';
import type { AgentThread } from '../session/thread.js';
import { resolveReview, ReviewTargetError } from '../review/reviewTarget.js';
import { changesToDescribe, draftCommitMessage, NothingToCommitError } from '../review/commitDraft.js';
import { gitRaw } from '../worktrees/git.js';
import { JSONRPC_INVALID_PARAMS, JSONRPC_INVALID_REQUEST, type ClientRequestParams, type ClientRequestResult } from '../../../shared/protocol/types.js';

type ReviewMethod = 'review/start' | 'review/draftCommitMessage';
export type ReviewHandlers = { [M in ReviewMethod]: (params: ClientRequestParams<M>) => Promise<ClientRequestResult<M>> };

export interface ReviewHandlerDeps {
  /** A loaded thread, or an RpcError naming the id. */
  thread(threadId: string): AgentThread;
}

export class ReviewRequests {
  constructor(private readonly deps: ReviewHandlerDeps) {}

  readonly handlers: ReviewHandlers = {
    'review/start': async (p) => {
      const thread = this.deps.thread(p.threadId);
      if (thread.isRunning) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread ${p.threadId} has a turn in progress; start the review when it has ended`);
      const review = await resolveReview(thread.config.cwd, p.target).catch((err) => {
        if (err instanceof ReviewTargetError) throw new RpcError(JSONRPC_INVALID_PARAMS, `target: ${err.message}`);
        throw err;
      });
      const turn = thread.startReview(review);
      return { reviewThreadId: thread.id, turn: { ...turn, items: [] } };
    },
    'review/draftCommitMessage': async (p) => {
      const thread = this.deps.thread(p.threadId);
      const root = await gitRaw(thread.config.cwd, ['rev-parse', '--show-toplevel']);
      if (root.code !== 0) throw new RpcError(JSONRPC_INVALID_PARAMS, `threadId: ${thread.config.cwd} is not inside a git repository (${root.stderr.trim()})`);
      const changes = await changesToDescribe(root.stdout.toString('utf8').trim()).catch((err) => {
        if (err instanceof NothingToCommitError) throw new RpcError(JSONRPC_INVALID_REQUEST, err.message);
        throw err;
      });
      const message = await draftCommitMessage({ client: thread.modelClient, model: thread.config.model, changes, promptCacheKey: thread.id });
      return { message, source: changes.source };
    },
  };
}
