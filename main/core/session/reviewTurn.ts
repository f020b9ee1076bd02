// A review turn (review/start): enteredReviewMode, the review request as a
// userMessage item, the reviewer sub-agent's run (session/reviewerAgent.ts),
// its answer read as findings, exitedReviewMode carrying them, and the review
// recorded in the thread's history so a follow-up turn can act on it. An
// interrupted or failed review still exits review mode and says so in the history.
import type { ResponseItem } from '../model/types.js';
import type { ThreadItem } from '../../../shared/protocol/types.js';
import { userMessage } from './context.js';
import { uuidv7 } from '../util/ids.js';
import type { ResolvedReview } from '../review/reviewTarget.js';
import { REVIEW_INTERRUPTED_MESSAGE, reviewResultsMessage } from '../review/reviewPrompt.js';
import { parseReviewOutput, renderReviewOutput, REVIEW_INTERRUPTED_TEXT, reviewResultsText } from '../review/reviewOutput.js';

/** What a non-conversation turn (compaction, review) gets from its thread. */
export interface TaskIO {
  threadId: string;
  turnId: string;
  signal: AbortSignal;
  emitStarted(item: ThreadItem): void;
  emitCompleted(item: ThreadItem): void;
}

export interface ReviewDeps {
  /** Appends to the thread's history (and rollout). */
  record(item: ResponseItem): void;
  /** Runs the reviewer on the request; resolves with its final answer. */
  askReviewer(request: string): Promise<string>;
}

export async function runReview(io: TaskIO, review: ResolvedReview, deps: ReviewDeps): Promise<void> {
  const entered: ThreadItem = { type: 'enteredReviewMode', id: uuidv7(), review: review.hint };
  io.emitStarted(entered);
  io.emitCompleted(entered);
  // The request shows as the turn's user message, as the reviewer's own conversation starts with it in Codex.
  emitBoth(io, { type: 'userMessage', id: uuidv7(), content: [{ type: 'text', text: review.prompt }] });

  let answer: string;
  try {
    answer = await deps.askReviewer(review.prompt);
  } catch (err) {
    deps.record(userMessage([{ type: 'input_text', text: REVIEW_INTERRUPTED_MESSAGE }]));
    emitBoth(io, { type: 'exitedReviewMode', id: uuidv7(), review: REVIEW_INTERRUPTED_TEXT, reviewOutput: null, outputProblem: null });
    deps.record({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: REVIEW_INTERRUPTED_TEXT }] });
    emitBoth(io, { type: 'agentMessage', id: uuidv7(), text: REVIEW_INTERRUPTED_TEXT });
    throw err;
  }

  const { output, problem } = parseReviewOutput(answer);
  const rendered = renderReviewOutput(output);
  deps.record(userMessage([{ type: 'input_text', text: reviewResultsMessage(reviewResultsText(output)) }]));
  emitBoth(io, { type: 'exitedReviewMode', id: uuidv7(), review: rendered, reviewOutput: output, outputProblem: problem });
  deps.record({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: rendered }] });
  emitBoth(io, { type: 'agentMessage', id: uuidv7(), text: rendered });
}

function emitBoth(io: TaskIO, item: ThreadItem): void {
  io.emitStarted(item);
  io.emitCompleted(item);
}
