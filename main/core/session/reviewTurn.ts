// A review turn (review/start): enteredReviewMode, one request to the
// reviewer model (its rubric and the chosen diff, no tools), the answer read
// as findings, exitedReviewMode carrying them, and the review recorded in the
// thread's history so a follow-up turn can act on it. An interrupted or
// failed review still exits review mode and says so in the history.
import type { ModelClient, ResponseItem } from '../model/types.js';
import type { ThreadItem } from '../../../shared/protocol/types.js';
import { userMessage } from './context.js';
import { textOfMessage } from './compaction.js';
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
  client: ModelClient;
  model: string;
  /** Appends to the thread's history (and rollout). */
  record(item: ResponseItem): void;
  /** What precedes the request in the reviewer's input (its instructions). */
  reviewerContext: ResponseItem[];
}

export async function runReview(io: TaskIO, review: ResolvedReview, deps: ReviewDeps): Promise<void> {
  const entered: ThreadItem = { type: 'enteredReviewMode', id: uuidv7(), review: review.hint };
  io.emitStarted(entered);
  io.emitCompleted(entered);

  let answer: string;
  try {
    answer = await askReviewer(io, review, deps);
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

/** The reviewer's final answer (its last assistant message). */
async function askReviewer(io: TaskIO, review: ResolvedReview, deps: ReviewDeps): Promise<string> {
  let answer = '';
  let streamed = '';
  const input = [...deps.reviewerContext, userMessage([{ type: 'input_text', text: review.prompt }])];
  for await (const ev of deps.client.stream(
    { model: deps.model, instructions: '', input, tools: [], parallelToolCalls: false, promptCacheKey: io.threadId },
    { signal: io.signal },
  )) {
    if (ev.type === 'output_text_delta') streamed += ev.delta;
    if (ev.type === 'output_item_done' && ev.item.type === 'message' && ev.item.role === 'assistant') answer = textOfMessage(ev.item);
  }
  return (answer || streamed).trim();
}
