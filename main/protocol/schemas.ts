// Runtime schemas for everything a client may send. Every transport (stdio
// app-server, desktop IPC, in-process exec) validates through `parseClientRequest`
// before the core sees a payload.
import { z } from 'zod';
import type { ClientRequestMap, ClientRequestMethod } from './types.js';

const sandboxMode = z.enum(['read-only', 'workspace-write', 'danger-full-access']);
const approvalPolicy = z.enum(['untrusted', 'on-failure', 'on-request', 'never']);
const effort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);
const nullableString = z.string().nullable().optional();

const userInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), url: z.string() }),
  z.object({ type: z.literal('localImage'), path: z.string() }),
]);

const sandboxPolicy = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dangerFullAccess') }),
  z.object({ type: z.literal('readOnly'), networkAccess: z.boolean().default(false) }),
  z.object({
    type: z.literal('workspaceWrite'),
    writableRoots: z.array(z.string()).default([]),
    networkAccess: z.boolean().default(false),
    excludeTmpdirEnvVar: z.boolean().default(false),
    excludeSlashTmp: z.boolean().default(false),
  }),
]);

const configOverrides = z.record(z.string(), z.unknown()).nullable().optional();

export const clientRequestSchemas = {
  initialize: z.object({
    clientInfo: z.object({ name: z.string(), title: nullableString, version: z.string() }),
  }),
  'thread/start': z.object({
    model: nullableString,
    modelProvider: nullableString,
    cwd: nullableString,
    approvalPolicy: approvalPolicy.nullable().optional(),
    sandbox: sandboxMode.nullable().optional(),
    config: configOverrides,
    baseInstructions: nullableString,
    developerInstructions: nullableString,
    ephemeral: z.boolean().nullable().optional(),
  }),
  'thread/resume': z.object({
    threadId: z.string(),
    path: nullableString,
    model: nullableString,
    cwd: nullableString,
    approvalPolicy: approvalPolicy.nullable().optional(),
    sandbox: sandboxMode.nullable().optional(),
    config: configOverrides,
  }),
  'thread/list': z.object({
    cursor: nullableString,
    limit: z.number().int().positive().max(1000).nullable().optional(),
    modelProviders: z.array(z.string()).nullable().optional(),
    cwd: nullableString,
    searchTerm: nullableString,
  }),
  'thread/unsubscribe': z.object({ threadId: z.string() }),
  'turn/start': z.object({
    threadId: z.string(),
    input: z.array(userInput).min(1),
    cwd: nullableString,
    approvalPolicy: approvalPolicy.nullable().optional(),
    sandboxPolicy: sandboxPolicy.nullable().optional(),
    model: nullableString,
    effort: effort.nullable().optional(),
    summary: nullableString,
    outputSchema: z.unknown().optional(),
  }),
  'turn/interrupt': z.object({ threadId: z.string(), turnId: z.string() }),
} satisfies Record<ClientRequestMethod, z.ZodType>;

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
  return Object.prototype.hasOwnProperty.call(clientRequestSchemas, method);
}

/** Validates params for `method`; throws ProtocolValidationError naming the bad field. */
export function parseClientRequest<M extends ClientRequestMethod>(method: M, params: unknown): ClientRequestMap[M]['params'] {
  const schema = clientRequestSchemas[method];
  const result = schema.safeParse(params ?? {});
  if (!result.success) {
    const issues = result.error.issues
      .map((i) => `${i.path.length ? i.path.join('.') : '(params)'}: ${i.message}`)
      .join('; ');
    throw new ProtocolValidationError(method, `invalid params for ${method}: ${issues}`);
  }
  return result.data as ClientRequestMap[M]['params'];
}
