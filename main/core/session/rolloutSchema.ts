// The rollout line format (Codex's RolloutItem: session_meta, response_item,
// turn_context, compacted, event_msg) as zod schemas, the one source of the
// types our recorder writes and our reader returns. Every object is loose:
// fields another Codex version added are kept as they were, so a line read
// and copied (fork, revert) is never rewritten. Line kinds and event kinds
// not listed here (Codex's world_state, token_usage_record…) are kept
// unchecked; they are never sent to the model.
import { z } from 'zod';
import type { ResponseItem } from '../model/types.js';

const contentItem = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('input_text'), text: z.string() }),
  z.looseObject({ type: z.literal('output_text'), text: z.string() }),
  z.looseObject({ type: z.literal('input_image'), image_url: z.string() }),
]);

const optionalId = z.string().optional();

/** A Responses API item as stored in a rollout: what can be sent back to the model. */
export const responseItemSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('message'), id: optionalId, role: z.enum(['user', 'assistant', 'developer', 'system']), content: z.array(contentItem) }),
  z.looseObject({
    type: z.literal('reasoning'),
    // Older Codex versions did not store a reasoning item's id.
    id: optionalId,
    summary: z.array(z.looseObject({ type: z.literal('summary_text'), text: z.string() })),
    content: z
      .array(z.looseObject({ type: z.enum(['reasoning_text', 'text']), text: z.string() }))
      .nullable()
      .optional(),
    encrypted_content: z.string().nullable().optional(),
  }),
  z.looseObject({
    type: z.literal('function_call'),
    id: optionalId,
    name: z.string(),
    namespace: z.string().optional(),
    arguments: z.string(),
    call_id: z.string(),
  }),
  z.looseObject({ type: z.literal('function_call_output'), id: optionalId, call_id: z.string(), output: z.union([z.string(), z.array(contentItem)]) }),
  z.looseObject({ type: z.literal('custom_tool_call'), id: optionalId, name: z.string(), input: z.string(), call_id: z.string() }),
  z.looseObject({ type: z.literal('custom_tool_call_output'), id: optionalId, call_id: z.string(), output: z.string() }),
]);

// What the schema lets through must be a ResponseItem the model client sends: this line stops compiling when the two drift.
const storedItemsAreResponseItems = (item: z.output<typeof responseItemSchema>): ResponseItem => item;
void storedItemsAreResponseItems;

export const sessionMetaSchema = z.looseObject({
  id: z.string(),
  timestamp: z.string(),
  cwd: z.string(),
  originator: z.string().optional(),
  cli_version: z.string().optional(),
  /** Codex core's SessionSource, or one of our older names: sessionSource.ts maps it. */
  source: z.unknown().optional(),
  model_provider: z.string().optional(),
  model: z.string().optional(),
  base_instructions: z.looseObject({ text: z.string() }).nullable().optional(),
  forked_from_id: z.string().optional(),
  /** Codex 0.169's paginated forks and reverts: the records of that thread before this ordinal come first (historyBase.ts). */
  history_base: z.looseObject({ thread_id: z.string(), end_ordinal_exclusive: z.number() }).optional(),
});

export const turnContextSchema = z.looseObject({
  turn_id: z.string().optional(),
  cwd: z.string(),
  /** Codex's spelling (a name, or its granular object): recorded, not read back. */
  approval_policy: z.unknown(),
  sandbox_policy: z.unknown(),
  model: z.string(),
  effort: z.string().nullable().optional(),
});

export const compactedSchema = z.looseObject({
  message: z.string(),
  /** Each item is checked on its own (historyFromRollout): one bad item does not lose the summary. */
  replacement_history: z.array(z.unknown()).nullable().optional(),
});

/** Older Codex versions wrote lifecycle events without a turn id; such events stay readable and belong to no turn. */
const turnId = z.string().nullable().optional();
const usage = z.record(z.string(), z.number().nullable());

/** The event_msg kinds our readers use; other kinds are kept unchecked. */
export const eventMsgSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('task_started'),
    turn_id: turnId,
    started_at: z.number().nullable().optional(),
    model_context_window: z.number().nullable().optional(),
  }),
  z.looseObject({
    type: z.literal('task_complete'),
    turn_id: turnId,
    last_agent_message: z.string().nullable().optional(),
    completed_at: z.number().nullable().optional(),
    duration_ms: z.number().nullable().optional(),
  }),
  z.looseObject({ type: z.literal('turn_aborted'), turn_id: turnId, reason: z.string() }),
  z.looseObject({ type: z.literal('turn_failed'), turn_id: turnId, message: z.string() }),
  z.looseObject({ type: z.literal('user_message'), message: z.string(), images: z.array(z.string()).nullable().optional() }),
  z.looseObject({
    type: z.literal('item_completed'),
    thread_id: z.string(),
    turn_id: z.string(),
    // Ours in the wire shape, Codex's in its core's shape: codexRolloutItems.ts tells them apart.
    item: z.looseObject({ type: z.string() }),
    started_at_ms: z.number().optional(),
    completed_at_ms: z.number().optional(),
  }),
  z.looseObject({
    type: z.literal('token_count'),
    info: z.looseObject({ total_token_usage: usage, last_token_usage: usage, model_context_window: z.number().nullable().optional() }).nullable(),
  }),
]);

const EVENT_KINDS: ReadonlySet<string> = new Set(eventMsgSchema.options.map((o) => o.shape.type.value));

/** The line kinds our readers use, each with its payload (Codex's RolloutItem). */
export const rolloutItemSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session_meta'), payload: sessionMetaSchema }),
  z.object({ type: z.literal('response_item'), payload: responseItemSchema }),
  z.object({ type: z.literal('turn_context'), payload: turnContextSchema }),
  z.object({ type: z.literal('compacted'), payload: compactedSchema }),
  z.object({ type: z.literal('event_msg'), payload: eventMsgSchema }),
]);

const ITEM_KINDS: ReadonlySet<string> = new Set(rolloutItemSchema.options.map((o) => o.shape.type.value));

/** One line's envelope, every field kept as written (`ordinal` is Codex 0.169's per-thread record number). */
export const rolloutRecordSchema = z.looseObject({
  timestamp: z.string().optional(),
  ordinal: z.number().optional(),
  type: z.string(),
  payload: z.unknown(),
});

export type SessionMeta = z.output<typeof sessionMetaSchema>;
export type RolloutItem = z.output<typeof rolloutItemSchema>;
export type RolloutRecord = z.output<typeof rolloutRecordSchema>;

/**
 * A line as read back: the record exactly as written (copied as is by fork
 * and revert), and its checked content when it is a kind our readers use.
 */
export interface RolloutEntry {
  record: RolloutRecord;
  /** Undefined for kinds we keep without reading (newer Codex records, event kinds we do not use). */
  item: RolloutItem | undefined;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) v = typeof v === 'object' && v !== null ? Reflect.get(v, key) : undefined;
  return v;
}

/** `field: what is wrong` for each thing zod found wrong in `value` (paths relative to it), joined by "; ". */
function describeIssues(value: unknown, error: z.ZodError): string {
  return error.issues.map((issue) => describeIssue(value, issue)).join('; ') || 'invalid';
}

function describeIssue(value: unknown, issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    const owner = issue.path.length > 1 ? `${issue.path.slice(0, -1).map(String).join('.')} ` : '';
    return `unsupported ${owner}type ${JSON.stringify(valueAt(value, issue.path))}`;
  }
  const what = issue.message.replace(/^Invalid input: /, '');
  return field ? `${field}: ${what}` : what;
}

/** Why `value` is not a ResponseItem the model can be sent, or undefined when it is one. */
export function responseItemProblem(value: unknown): string | undefined {
  const parsed = responseItemSchema.safeParse(value);
  return parsed.success ? undefined : describeIssues(value, parsed.error).replace(/^unsupported type/, 'unsupported item type');
}

/** The stored item as one the model can be sent, or undefined (responseItemProblem says why). */
export function asResponseItem(value: unknown): ResponseItem | undefined {
  const parsed = responseItemSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Whether `value` has a record's envelope. The object itself is kept as the
 * record (zod's parsed copy would put its own keys first), so a line copied
 * by fork or revert is written back exactly as it was read.
 */
function isRolloutRecord(value: unknown): value is RolloutRecord {
  return rolloutRecordSchema.safeParse(value).success;
}

/** A line parsed once: its entry, or why it cannot be used. */
export function parseRolloutLine(value: unknown): { entry: RolloutEntry } | { problem: string } {
  if (!isRolloutRecord(value)) return { problem: 'not a rollout record' };
  const record = value;
  if (!ITEM_KINDS.has(record.type)) return { entry: { record, item: undefined } };
  if (!isPlainObject(record.payload)) return { problem: `${record.type} record without an object payload` };
  if (record.type === 'event_msg') {
    const kind = record.payload.type;
    if (typeof kind !== 'string') return { problem: 'event_msg without a type' };
    if (!EVENT_KINDS.has(kind)) return { entry: { record, item: undefined } };
  }
  const item = rolloutItemSchema.safeParse(record);
  if (item.success) return { entry: { record, item: item.data } };
  const problem = describeIssues(record.payload, payloadRelative(item.error)).replace(
    /^unsupported type/,
    `unsupported ${record.type === 'response_item' ? 'item' : 'event'} type`,
  );
  return { problem: `${record.type}: ${problem}` };
}

/** The error with `payload` taken off the front of every path, so messages name the payload's own fields. */
function payloadRelative(error: z.ZodError): z.ZodError {
  return new z.ZodError(error.issues.map((i) => ({ ...i, path: i.path[0] === 'payload' ? i.path.slice(1) : i.path })));
}
