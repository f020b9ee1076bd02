// Pairs a method with its params as the protocol's message unions. TypeScript
// cannot see that a generic method's {method, params} pair belongs to the union
// (correlated generics), so these are the one place that says so: the pairing
// itself is checked against the method table, only the widening is asserted.
import type {
  ServerNotification,
  ServerNotificationMethod,
  ServerNotificationParams,
  ServerRequestMessage,
  ServerRequestMethod,
  ServerRequestParams,
} from './types.js';

/** `{method, params}` of a server notification, as the notification union. */
export function serverNotification<M extends ServerNotificationMethod>(method: M, params: ServerNotificationParams<M>): ServerNotification {
  const paired: ServerNotification<M> = { method, params };
  return paired as ServerNotification;
}

/** `{id, method, params}` of a server request (approval), as the request union. */
export function serverRequestMessage<M extends ServerRequestMethod>(id: string, method: M, params: ServerRequestParams<M>): ServerRequestMessage {
  const paired: ServerRequestMessage<M> = { id, method, params };
  return paired as ServerRequestMessage;
}
