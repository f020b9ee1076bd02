import type { TokenUsage } from '../model/types.js';
import type { TokenUsageBreakdown } from '../../../shared/protocol/types.js';

export function emptyBreakdown(): TokenUsageBreakdown {
  return { totalTokens: 0, inputTokens: 0, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0 };
}

export function breakdownFrom(u: TokenUsage): TokenUsageBreakdown {
  return {
    totalTokens: u.total_tokens,
    inputTokens: u.input_tokens,
    cachedInputTokens: u.cached_input_tokens,
    cacheWriteInputTokens: 0,
    outputTokens: u.output_tokens,
    reasoningOutputTokens: u.reasoning_output_tokens,
  };
}

export function addBreakdown(a: TokenUsageBreakdown, b: TokenUsageBreakdown): TokenUsageBreakdown {
  return {
    totalTokens: a.totalTokens + b.totalTokens,
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    cacheWriteInputTokens: a.cacheWriteInputTokens + b.cacheWriteInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningOutputTokens: a.reasoningOutputTokens + b.reasoningOutputTokens,
  };
}

/** Rough token estimate (~4 bytes a token), as Codex uses for budgets. */
export function approxTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
}

/** Token counts as Codex writes them (rollout token_count, exec usage). */
export function snakeCaseUsage(b: TokenUsageBreakdown) {
  return {
    input_tokens: b.inputTokens,
    cached_input_tokens: b.cachedInputTokens,
    cache_write_input_tokens: b.cacheWriteInputTokens,
    output_tokens: b.outputTokens,
    reasoning_output_tokens: b.reasoningOutputTokens,
    total_tokens: b.totalTokens,
  };
}
