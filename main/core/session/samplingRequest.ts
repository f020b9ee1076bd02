// One request to the model and everything it streams back (Codex's
// `run_sampling_request`): output items go to the OutputItemHandler, usage to
// the thread's totals. A break in the stream is returned, not thrown, after
// the tool calls that already arrived have produced their outputs, so the
// retried request carries call + output and nothing runs twice.
import type { ModelClient, Prompt, ResponseItem, TokenUsage } from '../model/types.js';
import { OutputItemHandler, type OutputItemDeps } from './outputItems.js';

export interface SamplingRequest extends OutputItemDeps {
  client: ModelClient;
  prompt: Prompt;
  signal: AbortSignal;
  onUsage(usage: TokenUsage): void;
}

export interface SamplingResult {
  /** The model called tools, so it must be sampled again with their outputs. */
  needsFollowUp: boolean;
  lastAgentMessage: string | null;
  /** Why the stream ended early, if it did. */
  failure?: unknown;
}

export async function runSamplingRequest(req: SamplingRequest): Promise<SamplingResult> {
  const items = new OutputItemHandler(req);
  let failure: unknown;
  try {
    const stream = req.client.stream(req.prompt, {
      signal: req.signal,
      onRetry: (n) => req.recorder.retrying(`Reconnecting... ${n.attempt}/${n.max} (${n.reason})`),
    });
    for await (const ev of stream) {
      switch (ev.type) {
        case 'output_item_added':
          items.added(ev.item);
          break;
        case 'output_text_delta':
          items.textDelta(ev.delta);
          break;
        case 'reasoning_summary_delta':
          items.reasoningSummaryDelta(ev.delta, ev.summaryIndex);
          break;
        case 'output_item_done':
          items.done(ev.item);
          break;
        case 'completed':
          if (ev.usage) req.onUsage(ev.usage);
          break;
      }
    }
  } catch (err) {
    failure = err;
  }
  const outputs: ResponseItem[] = await Promise.all(items.toolOutputs);
  for (const out of outputs) req.record(out);
  return { needsFollowUp: outputs.length > 0, lastAgentMessage: items.lastAgentMessage, ...(failure !== undefined ? { failure } : {}) };
}
