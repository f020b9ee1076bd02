// The Responses API rejects a history in which a tool call has no output, or
// an output has no call before it. A turn cut off by a kill or a crash leaves
// exactly that in its rollout, so before a history is sent every call gets
// its output exactly once, right after the call, as Codex does
// (`ensure_call_outputs_present`, `remove_orphan_outputs`): a missing output
// becomes the text "aborted", an output with no earlier call is dropped.
import type { ResponseItem } from '../model/types.js';

/** The output Codex gives a call whose real output was never recorded. */
export const ABORTED_CALL_OUTPUT = 'aborted';

type CallItem = Extract<ResponseItem, { type: 'function_call' | 'custom_tool_call' }>;
type OutputItem = Extract<ResponseItem, { type: 'function_call_output' | 'custom_tool_call_output' }>;

const isCall = (i: ResponseItem): i is CallItem => i.type === 'function_call' || i.type === 'custom_tool_call';
const isOutput = (i: ResponseItem): i is OutputItem => i.type === 'function_call_output' || i.type === 'custom_tool_call_output';

function abortedOutputFor(call: CallItem): OutputItem {
  return call.type === 'custom_tool_call'
    ? { type: 'custom_tool_call_output', call_id: call.call_id, output: ABORTED_CALL_OUTPUT }
    : { type: 'function_call_output', call_id: call.call_id, output: ABORTED_CALL_OUTPUT };
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
