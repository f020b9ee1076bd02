// The reviewer sub-agent (Codex's review task runs one): a conversation of its
// own (its rubric, its environment, the review request) sampled until it
// answers without calling tools. Its tools run with the context the caller
// gives (read-only sandbox, approval policy never), so a review can read the
// repository and run `git diff` but change nothing and ask nobody. Its tool
// items show in the review turn; its messages do not (the findings parsed
// from its last answer do). Its history stays its own.
import { ModelError, type ModelClient, type Prompt, type ResponseItem, type ToolSpec } from '../model/types.js';
import { backoffDelayMs, sleep } from '../model/http.js';
import { dispatchToolCall } from '../tools/router.js';
import type { ToolContext } from '../tools/context.js';
import { userMessage } from './context.js';
import { pairCallsWithOutputs } from './callPairing.js';
import { runSamplingRequest } from './samplingRequest.js';
import type { ItemSink } from './outputItems.js';

export interface ReviewerRun {
  client: ModelClient;
  /** `review_model`, else the thread's model. */
  model: string;
  reasoning: Prompt['reasoning'];
  /** What precedes the request: the rubric and the reviewer's environment context. */
  context: ResponseItem[];
  request: string;
  tools: ToolSpec[];
  toolContext: ToolContext;
  /** The review turn's items. */
  sink: ItemSink;
  signal: AbortSignal;
  promptCacheKey: string;
}

/** The reviewer's final answer (its last assistant message, trimmed; '' if it gave none). */
export async function runReviewer(run: ReviewerRun): Promise<string> {
  const conversation: ResponseItem[] = [...run.context, userMessage([{ type: 'input_text', text: run.request }])];
  const sink = withoutAgentMessages(run.sink);
  let answer: string | null = null;
  let retries = 0;
  for (;;) {
    const result = await runSamplingRequest({
      client: run.client,
      prompt: {
        model: run.model,
        instructions: '',
        input: pairCallsWithOutputs(conversation).items,
        tools: run.tools,
        parallelToolCalls: true,
        reasoning: run.reasoning,
        promptCacheKey: run.promptCacheKey,
      },
      signal: run.signal,
      recorder: sink,
      record: (item) => conversation.push(item),
      dispatch: (call) => dispatchToolCall(call, run.toolContext),
      // The reviewer's tokens are not the thread's context: they must not move its auto-compaction.
      onUsage: () => undefined,
    });
    if (result.lastAgentMessage !== null) answer = result.lastAgentMessage;
    if (run.signal.aborted) throw run.signal.reason ?? new Error('review interrupted');
    if (result.failure !== undefined) {
      const err = result.failure instanceof ModelError ? result.failure : new ModelError(String((result.failure as Error)?.message ?? result.failure), false);
      const max = run.client.streamMaxRetries;
      if (err.retryable && retries < max) {
        retries++;
        sink.retrying(`Reconnecting... ${retries}/${max} (${err.message})`);
        await sleep(err.retryAfterMs ?? backoffDelayMs(retries), run.signal);
        continue;
      }
      throw err;
    }
    retries = 0;
    if (!result.needsFollowUp) return (answer ?? '').trim();
  }
}

/** Codex shows the reviewer's tool calls and reasoning in the review turn, not its messages (the findings replace them). */
function withoutAgentMessages(turn: ItemSink): ItemSink {
  return {
    itemStarted: (item) => item.type !== 'agentMessage' && turn.itemStarted(item),
    itemCompleted: (item) => item.type !== 'agentMessage' && turn.itemCompleted(item),
    agentMessageDelta: () => undefined,
    reasoningSummaryDelta: (id, delta, index) => turn.reasoningSummaryDelta(id, delta, index),
    retrying: (message) => turn.retrying(message),
  };
}
