// The replies a front end sends to the core's approval requests. Both the
// renderer's prompts and main's notification buttons build them here, so the
// two can never disagree on the wire shape.
import type { ApprovalPersistence } from './enums.js';
import type { McpServerElicitationRequestResponse, ServerRequestMethod, ServerRequestResult } from './types.js';

export type ApprovalDecision = 'accept' | 'acceptForSession' | 'decline';

/** Reply to `item/commandExecution/requestApproval` and `item/fileChange/requestApproval`. */
export function approvalDecisionReply(decision: ApprovalDecision): { decision: ApprovalDecision } {
  return { decision };
}

/** Reply to an MCP tool-call approval; `persist` remembers an accept for the session or, with "always", in config.toml. */
export function mcpToolApprovalReply(action: 'accept' | 'decline', persist?: ApprovalPersistence): McpServerElicitationRequestResponse {
  return { action, content: action === 'accept' ? {} : null, _meta: action === 'accept' && persist ? { persist } : null };
}

/** A plain approve-once or deny for any approval request method (notification buttons offer only these two). */
export function approveOrDenyReply(method: ServerRequestMethod, approve: boolean): ServerRequestResult<ServerRequestMethod> {
  return method === 'mcpServer/elicitation/request'
    ? mcpToolApprovalReply(approve ? 'accept' : 'decline')
    : approvalDecisionReply(approve ? 'accept' : 'decline');
}
