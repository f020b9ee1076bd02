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
