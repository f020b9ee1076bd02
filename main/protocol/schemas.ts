// Runtime schemas for everything a client may send. Every transport (stdio
// app-server, desktop IPC, in-process exec) validates through `parseClientRequest`
// before the core sees a payload. Replies to the server's own requests are
// checked in serverReplies.ts.
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { clientRequests, type ClientRequestMethod, type ClientRequestParams } from './clientRequests.js';

z.config(en());

// The table seen through the derived types: indexing it with a generic method
// then yields that method's own params type (no cast needed below).
const paramsSchemas: { [M in ClientRequestMethod]: { params: z.ZodMiniType<ClientRequestParams<M>> } } = clientRequests;

export class ProtocolValidationError extends Error {
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolValidationError';
  }
}

export function isClientRequestMethod(method: string): method is ClientRequestMethod {
  return Object.prototype.hasOwnProperty.call(clientRequests, method);
}

/** Validates params for `method`; throws ProtocolValidationError naming the bad field. */
export function parseClientRequest<M extends ClientRequestMethod>(method: M, params: unknown): ClientRequestParams<M> {
  const schema: z.ZodMiniType<ClientRequestParams<M>> = paramsSchemas[method].params;
  const result = z.safeParse(schema, params ?? {});
  if (!result.success) {
    const issues = result.error.issues
      .map((i) => `${i.path.length ? i.path.join('.') : '(params)'}: ${i.message}`)
      .join('; ');
    throw new ProtocolValidationError(method, `invalid params for ${method}: ${issues}`);
  }
  return result.data;
}
