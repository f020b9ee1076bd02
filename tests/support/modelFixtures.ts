// Small fixtures for tests that drive a ModelClient against the scripted server.

import type { ModelProviderInfo } from '../../main/core/config/types.js';
import type { ModelError, Prompt, ResponseEvent } from '../../main/core/model/types.js';

/** A provider pointing at `baseUrl` with test-friendly limits (2 HTTP retries, 10 s idle timeout). */
export function testProvider(baseUrl: string, overrides: Partial<ModelProviderInfo> = {}): ModelProviderInfo {
  return {
    id: 'scripted',
    name: 'scripted',
    baseUrl,
    wireApi: 'responses',
    queryParams: {},
    httpHeaders: {},
    envHttpHeaders: {},
    requestMaxRetries: 2,
    streamMaxRetries: 0,
    streamIdleTimeoutMs: 10_000,
    requiresOpenaiAuth: false,
    ...overrides,
  };
}

/** A one-user-message prompt. */
export function testPrompt(overrides: Partial<Prompt> = {}): Prompt {
  return {
    instructions: '',
    input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'say hi' }] }],
    tools: [],
    parallelToolCalls: true,
    promptCacheKey: 'thread-0001',
    ...overrides,
  };
}

/** Collects every event of a stream; rethrows its error with the events seen so far attached as `events`. */
export async function collectEvents(stream: AsyncIterable<ResponseEvent>): Promise<ResponseEvent[]> {
  const events: ResponseEvent[] = [];
  try {
    for await (const ev of stream) events.push(ev);
  } catch (err) {
    if (err && typeof err === 'object') (err as { events?: ResponseEvent[] }).events = events;
    throw err;
  }
  return events;
}

/**
 * Runs a stream to its end and returns the error it threw (fails if it did not throw),
 * with the events yielded before it as `events`. Typed as ModelError, which it
 * normally is; check with `toBeInstanceOf(ModelError)`.
 */
export async function streamError(stream: AsyncIterable<ResponseEvent>): Promise<ModelError & { events: ResponseEvent[] }> {
  try {
    await collectEvents(stream);
  } catch (err) {
    return err as ModelError & { events: ResponseEvent[] };
  }
  throw new Error('expected the stream to fail, but it completed');
}
