// Context compaction: when the conversation nears the model's context window,
// ask the model for a hand-off summary, then continue with the summary in place
// of the old history (keeping the most recent user messages verbatim).
import type { ModelClient, ResponseItem } from '../model/types.js';
import { userMessage } from './context.js';
import { approxTokens } from './usage.js';

export const COMPACTION_PROMPT = `You are about to run out of context. Write a hand-off summary of this conversation so far for another instance of yourself that will continue the work with only this summary and the user's recent messages.

Include:
- the user's goal and any constraints or preferences they stated;
- what has been done (files changed, commands run and what they showed);
- decisions made and why;
- what remains to do, in order, and anything that was about to be tried.

Be concise and concrete: file paths, function names, error messages. Do not call tools.`;

export const SUMMARY_PREAMBLE =
  'The conversation was compacted to fit the context window. Below is the summary written just before compaction; the messages above it are the most recent user messages. Continue the work from here.';

/** Budget for user messages kept verbatim after compaction. */
export const KEPT_USER_TOKENS = 20_000;

export function textOfMessage(item: ResponseItem): string {
  if (item.type !== 'message') return '';
  return item.content.map((c) => ('text' in c ? c.text : '')).join('');
}

function isSummaryMessage(item: ResponseItem): boolean {
  return item.type === 'message' && item.role === 'user' && textOfMessage(item).startsWith(SUMMARY_PREAMBLE);
}

/** Newest user messages (oldest first) within the token budget; the oldest kept one may be cut. */
export function recentUserMessages(conversation: ResponseItem[], budget = KEPT_USER_TOKENS): ResponseItem[] {
  const kept: ResponseItem[] = [];
  let left = budget;
  for (let i = conversation.length - 1; i >= 0 && left > 0; i--) {
    const item = conversation[i]!;
    if (item.type !== 'message' || item.role !== 'user' || isSummaryMessage(item)) continue;
    const text = textOfMessage(item);
    const tokens = approxTokens(text);
    if (tokens <= left) {
      kept.unshift(item);
      left -= tokens;
    } else {
      kept.unshift(userMessage([{ type: 'input_text', text: text.slice(0, left * 4) }]));
      left = 0;
    }
  }
  return kept;
}

export async function summarizeConversation(opts: {
  client: ModelClient;
  initialContext: ResponseItem[];
  conversation: ResponseItem[];
  threadId: string;
  signal: AbortSignal;
}): Promise<string> {
  const input = [...opts.initialContext, ...opts.conversation, userMessage([{ type: 'input_text', text: COMPACTION_PROMPT }])];
  let summary = '';
  let streamed = '';
  for await (const ev of opts.client.stream(
    { instructions: '', input, tools: [], parallelToolCalls: false, promptCacheKey: opts.threadId },
    { signal: opts.signal },
  )) {
    if (ev.type === 'output_text_delta') streamed += ev.delta;
    if (ev.type === 'output_item_done' && ev.item.type === 'message' && ev.item.role === 'assistant') summary += textOfMessage(ev.item);
  }
  return (summary || streamed).trim();
}

export function compactedConversation(conversation: ResponseItem[], summary: string): ResponseItem[] {
  return [...recentUserMessages(conversation), userMessage([{ type: 'input_text', text: `${SUMMARY_PREAMBLE}\n\n${summary}` }])];
}
