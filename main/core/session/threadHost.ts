// How a running thread talks to whoever hosts it (app-server connection, exec,
// desktop IPC): notifications out, approval requests out and answers back.
import type {
  ServerNotificationMethod,
  ServerNotificationParams,
  ServerRequestMethod,
  ServerRequestParams,
  ServerRequestResult,
  McpServerElicitationRequestParams,
} from '../../../shared/protocol/types.js';

export interface ThreadHost {
  notify<M extends ServerNotificationMethod>(method: M, params: ServerNotificationParams<M>): void;
  request<M extends ServerRequestMethod>(method: M, params: ServerRequestParams<M>): Promise<ServerRequestResult<M>>;
  /**
   * Asks the client to approve an MCP tool call (`mcpServer/elicitation/request`);
   * resolves with the client's raw answer. Hosts without it cannot ask (exec).
   */
  requestMcpElicitation?(params: McpServerElicitationRequestParams): Promise<unknown>;
}
