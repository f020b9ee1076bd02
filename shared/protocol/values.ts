// Schemas of the values the app-server protocol's messages are made of (Codex
// app-server v2 names and shapes). The protocol's types are derived from these
// (types.ts); fields Codex has that we do not implement are omitted.
// zod/mini keeps the CLI bundle small (full zod is ~750 kB and slows every start).
import * as z from 'zod/mini';
import { APPROVAL_DECISIONS, APPROVAL_POLICIES, CODEX_APPROVAL_POLICIES, MERGE_STRATEGIES, SANDBOX_MODES } from './enums.js';

/** A field a client may leave out or send as null. */
export const opt = <T extends z.ZodMiniType>(t: T) => z.optional(z.nullable(t));

export const sandboxMode = z.enum(SANDBOX_MODES);
/**
 * Codex's granular policy: on-request, except that a prompt of a category set to
 * false is refused without asking. skill_approval and request_permissions have
 * no prompts here (no skills, no request_permissions tool).
 */
export const granularApprovalConfig = z.object({
  sandbox_approval: z.boolean(),
  rules: z.boolean(),
  skill_approval: z._default(z.boolean(), false),
  request_permissions: z._default(z.boolean(), false),
  mcp_elicitations: z.boolean(),
});
export const granularApprovalPolicy = z.strictObject({ granular: granularApprovalConfig });
/** What clients may ask for (on-failure included, for our older clients). */
export const approvalPolicy = z.union([z.enum(APPROVAL_POLICIES), granularApprovalPolicy]);
/** What we answer with: Codex 0.169's policies only. */
export const approvalPolicyWire = z.union([z.enum(CODEX_APPROVAL_POLICIES), granularApprovalPolicy]);
/**
 * On the wire an effort is any non-empty name, as in Codex (models advertise their own);
 * REASONING_EFFORTS are the ones config.toml and our pickers know. Sent to the model as is.
 */
export const reasoningEffort = z.string().check(z.minLength(1));
export const mergeStrategy = z.enum(MERGE_STRATEGIES);
export const approvalDecision = z.enum(APPROVAL_DECISIONS);

export const requestId = z.union([z.string(), z.number()]);

// Missing booleans and roots default as in Codex, so a client may send `{type: "readOnly"}`.
export const sandboxPolicyWire = z.discriminatedUnion('type', [
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

/** A UI span in a text input (an @mention, a pasted block): byte offsets into `text`. */
export const textElement = z.object({
  byteRange: z.object({ start: z.number().check(z.int(), z.nonnegative()), end: z.number().check(z.int(), z.nonnegative()) }),
  placeholder: opt(z.string()),
});

export const userInput = z.discriminatedUnion('type', [
  /** text_elements are kept on the userMessage item for the client to re-render; the model gets the text. */
  z.object({ type: z.literal('text'), text: z.string(), text_elements: z.optional(z.array(textElement)) }),
  z.object({ type: z.literal('image'), url: z.string() }),
  z.object({ type: z.literal('localImage'), path: z.string() }),
]);

/** A JSON value (config/* values); recursive, so its type is written out. */
export type JsonValue = number | string | boolean | JsonValue[] | { [key: string]: JsonValue } | null;
export const jsonValue: z.ZodMiniType<JsonValue> = z.lazy(() =>
  z.union([
    z.null(),
    z.string(),
    z.number().check(z.refine(Number.isFinite, 'must be a finite number')),
    z.boolean(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

export const turnError = z.object({
  message: z.string(),
  codexErrorInfo: z.nullable(z.string()),
  additionalDetails: z.nullable(z.string()),
});

export const tokenUsageBreakdown = z.object({
  totalTokens: z.number(),
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  cacheWriteInputTokens: z.number(),
  outputTokens: z.number(),
  reasoningOutputTokens: z.number(),
});
export const threadTokenUsage = z.object({
  total: tokenUsageBreakdown,
  last: tokenUsageBreakdown,
  modelContextWindow: z.nullable(z.number()),
});

export const turnPlanStep = z.object({
  step: z.string(),
  status: z.enum(['pending', 'inProgress', 'completed']),
});

export const patchChangeKind = z.discriminatedUnion('type', [
  z.object({ type: z.literal('add') }),
  z.object({ type: z.literal('delete') }),
  z.object({ type: z.literal('update'), move_path: z.nullable(z.string()) }),
]);
export const fileUpdateChange = z.object({
  path: z.string(),
  kind: patchChangeKind,
  /** unified diff of the change */
  diff: z.string(),
});
