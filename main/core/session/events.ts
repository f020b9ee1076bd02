// How a running thread talks to whoever hosts it (app-server connection, exec,
// desktop IPC): notifications out, approval requests out and answers back.
import type {
  ServerNotificationMap,
  ServerNotificationMethod,
  ServerRequestMap,
  ServerRequestMethod,
} from '../../protocol/types.js';

export interface ThreadHost {
  notify<M extends ServerNotificationMethod>(method: M, params: ServerNotificationMap[M]): void;
  request<M extends ServerRequestMethod>(method: M, params: ServerRequestMap[M]['params']): Promise<ServerRequestMap[M]['result']>;
}
