// The client's replies to the server's own requests (approvals), checked in one
// place. Every transport (stdio app-server, desktop IPC and its notification
// buttons, the core's decision points) turns a raw reply into either a
// well-formed result or the method's decline: an approval that is not clearly
// given is a denial.
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { mcpServerElicitationRequestResponse } from './mcp.js';
import { serverRequests, type ServerRequestMethod, type ServerRequestResult } from './serverRequests.js';
import { defineMethods, describeIssues } from './methodTable.js';

z.config(en());

/** McpServerElicitationRequestResponse; `_meta.persist` is ours ("session" / "always"). */
export const mcpElicitationReply = mcpServerElicitationRequestResponse;

const serverMethods = defineMethods(serverRequests, {});

export type ServerReply<M extends ServerRequestMethod> = ServerRequestResult<M>;

export type ParsedServerReply<M extends ServerRequestMethod> = { ok: true; result: ServerReply<M> } | { ok: false; problem: string };

export function isServerRequestMethod(method: string): method is ServerRequestMethod {
  return serverMethods.isRequest(method);
}

/** Checks a raw `result` against the method's reply schema; `problem` names what was wrong. */
export function parseServerReply<M extends ServerRequestMethod>(method: M, raw: unknown): ParsedServerReply<M> {
  const checked = serverMethods.parseResult(method, raw);
  if (checked.ok) return { ok: true, result: checked.value };
  return { ok: false, problem: `invalid reply to ${method} (${preview(raw)}): ${describeIssues(checked.issues, { wholeValue: '(result)' })}` };
}

/** The reply that declines `method`: what a missing, failed or malformed answer becomes. */
export function declineReply<M extends ServerRequestMethod>(method: M): ServerReply<M> {
  const decline: { [K in ServerRequestMethod]: ServerReply<K> } = {
    'item/commandExecution/requestApproval': { decision: 'decline' },
    'item/fileChange/requestApproval': { decision: 'decline' },
    'mcpServer/elicitation/request': { action: 'decline', content: null, _meta: null },
  };
  return decline[method];
}

/** What a transport received for one of its requests: a JSON-RPC `result`, or an `error`. */
export type RawServerReply = { result: unknown } | { error: unknown };

/**
 * The one door for replies: a well-formed result, or the decline with the
 * reason (`problem`) for the transport to log.
 */
export function settleServerReply<M extends ServerRequestMethod>(method: M, reply: RawServerReply): { result: ServerReply<M>; problem: string | null } {
  if ('error' in reply) return { result: declineReply(method), problem: `the client answered ${method} with an error (${preview(reply.error)}); declined` };
  const parsed = parseServerReply(method, reply.result);
  if (parsed.ok) return { result: parsed.result, problem: null };
  return { result: declineReply(method), problem: `${parsed.problem}; declined` };
}

/** Whether a validated decision lets the action proceed: only an explicit accept does. */
export function isApproved(decision: string): decision is 'accept' | 'acceptForSession' {
  return decision === 'accept' || decision === 'acceptForSession';
}

/** A short rendering of what was received, for the log line. */
function preview(value: unknown): string {
  let s: string;
  try {
    s = value === undefined ? 'nothing' : JSON.stringify(value);
  } catch {
    s = String(value);
  }
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
