// Runtime validation of everything the renderer sends: request params through the
// protocol's own schemas (approval replies: protocol/serverReplies.ts, in the router).
import * as z from 'zod/mini';
import { parseClientRequest, ProtocolValidationError } from '../protocol/schemas.js';
import type { ClientRequestMethod, ClientRequestParams } from '../protocol/types.js';
import {
  methodOfChannel,
  OPEN_LINK_CHANNEL,
  PICK_FOLDER_CHANNEL,
  RECENT_PROJECTS_CHANNEL,
  REPORT_PROBLEM_CHANNEL,
  RESPOND_CHANNEL,
  VIEW_CHANNEL,
  type OpenLinkPayload,
  type PickFolderPayload,
  type ViewPayload,
  TERMINAL_FORGET_CHANNEL,
  TERMINAL_LIST_CHANNEL,
  type TerminalForgetPayload,
  UPDATE_ACTIONS,
  UPDATE_CHANNEL,
  type UpdatePayload,
} from './contract.js';
import { linkTarget } from '../externalLink.js';

export class IpcValidationError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'IpcValidationError';
  }
}

export type ValidatedInvoke =
  | { kind: 'request'; method: ClientRequestMethod; params: ClientRequestParams<ClientRequestMethod> }
  | { kind: 'respond'; id: string; result: unknown }
  | { kind: 'view'; view: ViewPayload }
  | { kind: 'pickFolder'; request: PickFolderPayload }
  | { kind: 'openLink'; request: OpenLinkPayload }
  | { kind: 'terminalList' }
  | { kind: 'terminalForget'; request: TerminalForgetPayload }
  | { kind: 'reportProblem' }
  | { kind: 'update'; request: UpdatePayload }
  | { kind: 'recentProjects' };

/** Checks the channel and the payload's shape; throws IpcValidationError. */
export function validateInvoke(channel: unknown, payload: unknown): ValidatedInvoke {
  if (typeof channel !== 'string') throw new IpcValidationError(-32601, 'channel must be a string');
  if (channel === RESPOND_CHANNEL) {
    const p = parseShape(channel, respondShape, payload);
    return { kind: 'respond', id: p.id, result: p.result };
  }
  if (channel === VIEW_CHANNEL) return { kind: 'view', view: parseShape(channel, viewShape, payload) };
  if (channel === PICK_FOLDER_CHANNEL) return { kind: 'pickFolder', request: parseShape(channel, pickFolderShape, payload) };
  if (channel === OPEN_LINK_CHANNEL) return { kind: 'openLink', request: parseShape(channel, openLinkShape, payload) };
  if (channel === TERMINAL_LIST_CHANNEL) {
    parseShape(channel, emptyShape, payload);
    return { kind: 'terminalList' };
  }
  if (channel === TERMINAL_FORGET_CHANNEL) return { kind: 'terminalForget', request: parseShape(channel, terminalForgetShape, payload) };
  if (channel === RECENT_PROJECTS_CHANNEL) {
    parseShape(channel, emptyShape, payload);
    return { kind: 'recentProjects' };
  }
  if (channel === REPORT_PROBLEM_CHANNEL) {
    // No fields: where the report goes is the user's choice in the host's dialog.
    parseShape(channel, z.strictObject({}), payload ?? {});
    return { kind: 'reportProblem' };
  }
  if (channel === UPDATE_CHANNEL) return { kind: 'update', request: parseShape(channel, updateShape, payload) };
  const method = methodOfChannel(channel);
  if (!method) throw new IpcValidationError(-32601, `unknown channel: ${channel}`);
  try {
    return { kind: 'request', method, params: parseClientRequest(method, payload) };
  } catch (err) {
    if (err instanceof ProtocolValidationError) throw new IpcValidationError(-32602, err.message);
    throw err;
  }
}

/** The payload of one of the host's own channels, or IpcValidationError naming the channel and the fields. */
function parseShape<T>(channel: string, shape: z.ZodMiniType<T>, payload: unknown): T {
  const p = shape.safeParse(payload);
  if (!p.success) throw new IpcValidationError(-32602, `invalid payload for ${channel}: ${describe(p.error)}`);
  return p.data;
}

// `result` is checked against the request it answers (a missing one declines it).
const respondShape = z.object({ id: z.string().check(z.minLength(1), z.maxLength(200)), result: z.optional(z.unknown()) });
const pickFolderShape = z.strictObject({ defaultPath: z.nullable(z.string().check(z.maxLength(4096))) });
// Only links that may open at all (http, https, mailto with real recipients) pass.
const openLinkShape = z.strictObject({
  url: z.string().check(
    z.maxLength(8192),
    z.refine((url) => linkTarget(url).ok, { error: (issue) => linkRefusal(String(issue.input)) }),
  ),
  text: z.string().check(z.maxLength(4096)),
});
function linkRefusal(url: string): string {
  const t = linkTarget(url);
  return t.ok ? 'ok' : t.reason;
}
const emptyShape = z.strictObject({});
const terminalForgetShape = z.strictObject({ processId: z.string().check(z.minLength(1), z.maxLength(200)) });
const updateShape = z.strictObject({ action: z.enum(UPDATE_ACTIONS) });
const viewShape = z.strictObject({ threadId: z.nullable(z.string().check(z.minLength(1), z.maxLength(200))), focused: z.boolean() });

function describe(error: z.core.$ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`).join('; ');
}
