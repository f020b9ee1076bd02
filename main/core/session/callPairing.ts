// The Responses API rejects a history in which a tool call has no output, or
// an output has no call before it. A turn cut off by a kill or a crash leaves
// exactly that in its rollout, so before a history is sent every call gets
// its output exactly once, right after the call, as Codex does
// (`ensure_call_outputs_present`, `remove_orphan_outputs`): a missing output
// becomes the text "aborted", an output with no earlier call is dropped.
import { createHash } from 'node:crypto';
import type { ResponseItem } from '../model/types.js';

/** The output Codex gives a call whose real output was never recorded. */
export const ABORTED_CALL_OUTPUT = 'aborted';

type CallItem = Extract<ResponseItem, { type: 'function_call' | 'custom_tool_call' }>;
type OutputItem = Extract<ResponseItem, { type: 'function_call_output' | 'custom_tool_call_output' }>;

const isCall = (i: ResponseItem): i is CallItem => i.type === 'function_call' || i.type === 'custom_tool_call';
const isOutput = (i: ResponseItem): i is OutputItem => i.type === 'function_call_output' || i.type === 'custom_tool_call_output';

// Codex's namespace for the ids of outputs it makes up; the same id on every
// resume keeps the prompt cache valid.
const SYNTHETIC_OUTPUT_NAMESPACE = Buffer.from('90d38d3e6a5b4d52bfe22f1e634bfac4', 'hex');

/** RFC 4122 version-5 UUID of `name` in Codex's synthetic-output namespace. */
function syntheticUuid(name: string): string {
  const h = createHash('sha1').update(SYNTHETIC_OUTPUT_NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** `fco_<uuid>` / `ctco_<uuid>` from the call's item id, as Codex derives it; none when the call has no id. */
function syntheticOutputId(prefix: 'fco' | 'ctco', callItemId: string | undefined): { id: string } | Record<string, never> {
  return callItemId ? { id: `${prefix}_${syntheticUuid(`${prefix}:${callItemId}`)}` } : {};
}

function abortedOutputFor(call: CallItem): OutputItem {
  return call.type === 'custom_tool_call'
    ? { type: 'custom_tool_call_output', ...syntheticOutputId('ctco', call.id), call_id: call.call_id, output: ABORTED_CALL_OUTPUT }
    : { type: 'function_call_output', ...syntheticOutputId('fco', call.id), call_id: call.call_id, output: ABORTED_CALL_OUTPUT };
}

export interface PairedHistory {
  items: ResponseItem[];
  /** One line per repair, for warnings on resume. */
  repairs: string[];
}

/**
 * `items` with every call followed (not necessarily at once) by exactly one
 * output of its kind: missing ones are inserted right after their call, and
 * outputs without an earlier call, or repeating one, are dropped.
 */
export function pairCallsWithOutputs(items: readonly ResponseItem[]): PairedHistory {
  const repairs: string[] = [];
  // Which calls have an output somewhere later, so only truly missing ones are synthesised.
  const laterOutputs = new Set<string>();
  const key = (kind: 'function' | 'custom', callId: string) => `${kind}:${callId}`;
  const kindOf = (i: CallItem | OutputItem): 'function' | 'custom' => (i.type.startsWith('custom') ? 'custom' : 'function');
  const seenCalls = new Set<string>();
  for (const item of items) {
    if (isCall(item)) seenCalls.add(key(kindOf(item), item.call_id));
    else if (isOutput(item) && seenCalls.has(key(kindOf(item), item.call_id))) laterOutputs.add(key(kindOf(item), item.call_id));
  }

  const out: ResponseItem[] = [];
  const open = new Set<string>();
  const answered = new Set<string>();
  for (const item of items) {
    if (isCall(item)) {
      const k = key(kindOf(item), item.call_id);
      if (open.has(k) || answered.has(k)) {
        repairs.push(`dropped a repeated ${item.type} ${item.call_id}`);
        continue;
      }
      out.push(item);
      if (laterOutputs.has(k)) open.add(k);
      else {
        out.push(abortedOutputFor(item));
        answered.add(k);
        repairs.push(`${item.type} ${item.call_id} had no output; sent "${ABORTED_CALL_OUTPUT}"`);
      }
    } else if (isOutput(item)) {
      const k = key(kindOf(item), item.call_id);
      if (!open.has(k)) {
        repairs.push(`dropped ${item.type} ${item.call_id} with no call before it${answered.has(k) ? ' (a second output)' : ''}`);
        continue;
      }
      open.delete(k);
      answered.add(k);
      out.push(item);
    } else {
      out.push(item);
    }
  }
  return { items: out, repairs };
}
