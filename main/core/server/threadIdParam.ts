// Codex 0.169 parses the `threadId` of every thread/turn request as a UUID
// before looking for the thread: a malformed id is an invalid request naming
// the parse error, and a valid one in another spelling (upper case, braces,
// `urn:uuid:`, no hyphens) means the same thread as its canonical form.
import { RpcError } from './rpcError.js';
import { parseUuid } from '../util/uuidParse.js';
import { JSONRPC_INVALID_REQUEST } from '../../../shared/protocol/types.js';

/** Codex's word for the id in its error: methods that go through the rollout store say "session". */
const ID_WORD: Readonly<Record<string, 'thread' | 'session'>> = {
  'thread/resume': 'session',
  'thread/fork': 'session',
  'thread/archive': 'session',
  'thread/unarchive': 'session',
  'thread/unsubscribe': 'thread',
  'thread/read': 'thread',
  'thread/name/set': 'thread',
  'thread/delete': 'thread',
  'thread/revert': 'thread',
  'thread/compact/start': 'thread',
  'thread/shellCommand': 'thread',
  'turn/start': 'thread',
  'turn/steer': 'thread',
  'turn/interrupt': 'thread',
  'review/start': 'thread',
};

/** The params with `threadId` in canonical form, or the invalid-request error Codex answers; other methods pass through. */
export function canonicalThreadIdParams<P>(method: string, params: P): P {
  const word = ID_WORD[method];
  if (!word || !hasThreadId(params)) return params;
  const parsed = parseUuid(params.threadId);
  if (!parsed.ok) throw new RpcError(JSONRPC_INVALID_REQUEST, `invalid ${word} id: ${parsed.error}`);
  return parsed.uuid === params.threadId ? params : { ...params, threadId: parsed.uuid };
}

function hasThreadId(params: unknown): params is { threadId: string } {
  return typeof params === 'object' && params !== null && 'threadId' in params && typeof params.threadId === 'string';
}
