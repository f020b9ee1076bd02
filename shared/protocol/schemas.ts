// Runtime schemas for everything a client may send. Every transport (stdio
// app-server, desktop IPC, in-process exec) validates through `parseClientRequest`
// before the core sees a payload. Replies to the server's own requests are
// checked in serverReplies.ts.
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { clientRequests, type ClientRequestMethod, type ClientRequestParams } from './clientRequests.js';
import { defineMethods, describeIssues } from './methodTable.js';

z.config(en());

const clientMethods = defineMethods(clientRequests, {});

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
  return clientMethods.isRequest(method);
}

/** Validates params for `method`; throws ProtocolValidationError naming the bad field. */
export function parseClientRequest<M extends ClientRequestMethod>(method: M, params: unknown): ClientRequestParams<M> {
  const checked = clientMethods.parseParams(method, params);
  if (!checked.ok) throw new ProtocolValidationError(method, `invalid params for ${method}: ${describeIssues(checked.issues, { wholeValue: '(params)' })}`);
  return checked.value;
}
