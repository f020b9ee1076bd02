import { JSONRPC_INVALID_REQUEST } from '../../../shared/protocol/types.js';

/** A JSON-RPC error to send back: a code (-32600, -32602…), a clear message and optional `data`. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** A thread id this server has not loaded: Codex 0.169's code (invalid request) and words for every method that needs a live thread. */
export function threadNotFound(id: string): RpcError {
  return new RpcError(JSONRPC_INVALID_REQUEST, `thread not found: ${id}`);
}
