// The server → client request table (approvals): every method with the schema
// of its params (types only) and of the client's reply, which every transport
// checks through serverReplies.ts.
import * as z from 'zod/mini';
import { mcpServerElicitationRequestParams, mcpServerElicitationRequestResponse } from './mcp.js';
import { approvalDecision, fileUpdateChange } from './values.js';

// Codex 0.169's shapes (`app-server generate-json-schema`). As in Codex (serde),
// unknown top-level fields of a reply are ignored; the decision itself must be exact.
// Codex also accepts {acceptWithExecpolicyAmendment} / {applyNetworkPolicyAmendment}
// for commands; we never offer amendments, so those answers decline.
export const serverRequests = {
  'item/commandExecution/requestApproval': {
    params: z.object({
      threadId: z.string(),
      turnId: z.string(),
      itemId: z.string(),
      command: z.string(),
      cwd: z.string(),
      reason: z.nullable(z.string()),
      /** Unix ms when the request was made. */
      startedAtMs: z.number(),
    }),
    result: z.object({ decision: approvalDecision }),
  },
  'item/fileChange/requestApproval': {
    params: z.object({
      threadId: z.string(),
      turnId: z.string(),
      itemId: z.string(),
      reason: z.nullable(z.string()),
      /** Ours: the changes awaiting approval, so a front end can show the diff. */
      changes: z.array(fileUpdateChange),
      grantRoot: z.nullable(z.string()),
      /** Unix ms when the request was made. */
      startedAtMs: z.number(),
    }),
    result: z.object({ decision: approvalDecision }),
  },
  'mcpServer/elicitation/request': {
    params: mcpServerElicitationRequestParams,
    result: mcpServerElicitationRequestResponse,
  },
} satisfies Record<string, { params: z.ZodMiniType; result: z.ZodMiniType }>;

export type ServerRequestMethod = keyof typeof serverRequests;
export type ServerRequestParams<M extends ServerRequestMethod> = z.output<(typeof serverRequests)[M]['params']>;
/** The client's reply to `M`, as the core receives it once checked (serverReplies.ts). */
export type ServerRequestResult<M extends ServerRequestMethod> = z.output<(typeof serverRequests)[M]['result']>;
