/** A JSON-RPC error to send back: a code (-32600, -32602…) and a clear message. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}
