// The client's replies to the server's own requests (approvals), checked in one
// place. Every transport (stdio app-server, desktop IPC and its notification
// buttons, the core's decision points) turns a raw reply into either a
// well-formed result or the method's decline: an approval that is not clearly
// given is a denial.
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { ServerRequestMap, ServerRequestMethod } from './types.js';

z.config(en());

// Codex 0.169's shapes (`app-server generate-json-schema`). As in Codex (serde),
// unknown top-level fields are ignored; the decision itself must be exact.
// Codex also accepts {acceptWithExecpolicyAmendment} / {applyNetworkPolicyAmendment}
// for commands; we never offer amendments, so those answers decline.
const commandDecision = z.enum(['accept', 'acceptForSession', 'decline', 'cancel']);
const fileChangeDecision = z.enum(['accept', 'acceptForSession', 'decline', 'cancel']);

/** McpServerElicitationRequestResponse; `_meta.persist` is ours ("session" / "always"). */
export const mcpElicitationReply = z.object({
  action: z.enum(['accept', 'decline', 'cancel']),
  content: z.optional(z.unknown()),
  _meta: z.optional(z.nullable(z.looseObject({ persist: z.optional(z.enum(['session', 'always'])) }))),
});

const serverReplySchemas = {
  'item/commandExecution/requestApproval': z.object({ decision: commandDecision }),
  'item/fileChange/requestApproval': z.object({ decision: fileChangeDecision }),
  'mcpServer/elicitation/request': mcpElicitationReply,
} satisfies Record<ServerRequestMethod, z.ZodMiniType>;

export type ServerReply<M extends ServerRequestMethod> = ServerRequestMap[M]['result'];

export type ParsedServerReply<M extends ServerRequestMethod> = { ok: true; result: ServerReply<M> } | { ok: false; problem: string };

export function isServerRequestMethod(method: string): method is ServerRequestMethod {
  return Object.prototype.hasOwnProperty.call(serverReplySchemas, method);
}

/** Checks a raw `result` against the method's reply schema; `problem` names what was wrong. */
export function parseServerReply<M extends ServerRequestMethod>(method: M, raw: unknown): ParsedServerReply<M> {
  const p = serverReplySchemas[method].safeParse(raw);
  if (p.success) return { ok: true, result: normalize(method, p.data) };
  const issues = p.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(result)'}: ${i.message}`).join('; ');
  return { ok: false, problem: `invalid reply to ${method} (${preview(raw)}): ${issues}` };
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

function normalize<M extends ServerRequestMethod>(method: M, data: unknown): ServerReply<M> {
  if (method !== 'mcpServer/elicitation/request') return data as ServerReply<M>;
  const d = data as z.infer<typeof mcpElicitationReply>;
  return { action: d.action, content: d.content ?? null, _meta: d._meta ?? null } as ServerReply<M>;
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
