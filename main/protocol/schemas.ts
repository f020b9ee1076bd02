// Runtime schemas for everything a client may send. Every transport (stdio
// app-server, desktop IPC, in-process exec) validates through `parseClientRequest`
// before the core sees a payload. Replies to the server's own requests are
// checked in serverReplies.ts.
// zod/mini keeps the CLI bundle small (full zod is ~750 kB and slows every start).
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { ClientRequestMap, ClientRequestMethod } from './types.js';

z.config(en());

const opt = <T extends z.ZodMiniType>(t: T) => z.optional(z.nullable(t));

const sandboxMode = z.enum(['read-only', 'workspace-write', 'danger-full-access']);
const approvalPolicy = z.enum(['untrusted', 'on-failure', 'on-request', 'never']);
const effort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);
const nullableString = opt(z.string());

const userInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), url: z.string() }),
  z.object({ type: z.literal('localImage'), path: z.string() }),
]);

const sandboxPolicy = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dangerFullAccess') }),
  z.object({ type: z.literal('readOnly'), networkAccess: z._default(z.boolean(), false) }),
  z.object({
    type: z.literal('workspaceWrite'),
    writableRoots: z._default(z.array(z.string()), []),
    networkAccess: z._default(z.boolean(), false),
    excludeTmpdirEnvVar: z._default(z.boolean(), false),
    excludeSlashTmp: z._default(z.boolean(), false),
  }),
]);

const configOverrides = opt(z.record(z.string(), z.unknown()));

// config/* (Codex's shapes): JSON values, dotted key paths.
const jsonValue: z.ZodMiniType = z.lazy(() =>
  z.union([z.null(), z.string(), z.number().check(z.refine(Number.isFinite, 'must be a finite number')), z.boolean(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
const configEdit = z.object({
  keyPath: z.string().check(z.minLength(1), z.maxLength(500)),
  value: jsonValue,
  mergeStrategy: z.enum(['replace', 'upsert']),
});

export const clientRequestSchemas = {
  initialize: z.object({
    clientInfo: z.object({ name: z.string(), title: nullableString, version: z.string() }),
  }),
  'thread/start': z.object({
    model: nullableString,
    modelProvider: nullableString,
    cwd: nullableString,
    approvalPolicy: opt(approvalPolicy),
    sandbox: opt(sandboxMode),
    config: configOverrides,
    baseInstructions: nullableString,
    developerInstructions: nullableString,
    ephemeral: opt(z.boolean()),
    environmentId: nullableString,
  }),
  'thread/resume': z.object({
    threadId: z.string(),
    path: nullableString,
    model: nullableString,
    cwd: nullableString,
    approvalPolicy: opt(approvalPolicy),
    sandbox: opt(sandboxMode),
    config: configOverrides,
  }),
  'thread/list': z.object({
    cursor: nullableString,
    limit: opt(z.number().check(z.int(), z.positive(), z.maximum(1000))),
    modelProviders: opt(z.array(z.string())),
    cwd: nullableString,
    searchTerm: nullableString,
  }),
  'thread/unsubscribe': z.object({ threadId: z.string() }),
  'turn/start': z.object({
    threadId: z.string(),
    input: z.array(userInput).check(z.minLength(1)),
    cwd: nullableString,
    approvalPolicy: opt(approvalPolicy),
    sandboxPolicy: opt(sandboxPolicy),
    model: nullableString,
    effort: opt(effort),
    summary: nullableString,
    outputSchema: z.optional(z.unknown()),
  }),
  'turn/interrupt': z.object({ threadId: z.string(), turnId: z.string() }),
  'config/read': z.object({ includeLayers: z.optional(z.boolean()), cwd: nullableString }),
  'config/value/write': z.object({ ...configEdit.shape, filePath: nullableString, expectedVersion: nullableString }),
  'config/batchWrite': z.object({
    edits: z.array(configEdit).check(z.minLength(1), z.maxLength(100)),
    filePath: nullableString,
    expectedVersion: nullableString,
    reloadUserConfig: z.optional(z.boolean()),
  }),
  'mcpServerStatus/list': z.object({
    cursor: nullableString,
    limit: opt(z.number().check(z.int(), z.positive(), z.maximum(1000))),
    detail: opt(z.enum(['full', 'toolsAndAuthOnly'])),
    threadId: nullableString,
    serverName: nullableString,
  }),
} satisfies Record<ClientRequestMethod, z.ZodMiniType>;

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
