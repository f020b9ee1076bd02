// Checks that a value read back from a rollout is a ResponseItem we can send.
// A rollout is a file on disk: a line can be valid JSON and still not be an
// item the Responses API accepts (hand edits, another tool's records, bugs).
// Such items are dropped with a reason instead of failing the whole request.
import type { ResponseItem } from '../model/types.js';

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (o: Obj, key: string): boolean => typeof o[key] === 'string';
const optStr = (o: Obj, key: string): boolean => o[key] === undefined || o[key] === null || typeof o[key] === 'string';

/** Why a message content part is unusable, or undefined when it is fine. */
function contentProblem(part: unknown): string | undefined {
  if (!isObject(part)) return 'a content part is not an object';
  if (part.type === 'input_text' || part.type === 'output_text') return str(part, 'text') ? undefined : `${part.type} part without a text string`;
  if (part.type === 'input_image') return str(part, 'image_url') ? undefined : 'input_image part without an image_url string';
  return `unknown content part type ${JSON.stringify(part.type)}`;
}

const ROLES = new Set(['user', 'assistant', 'developer', 'system']);

/** Why `value` is not a usable ResponseItem, or undefined when it is one. */
export function responseItemProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object';
  switch (value.type) {
    case 'message': {
      if (typeof value.role !== 'string' || !ROLES.has(value.role)) return `message with role ${JSON.stringify(value.role)}`;
      if (!Array.isArray(value.content)) return 'message without a content array';
      for (const part of value.content) {
        const p = contentProblem(part);
        if (p) return `message: ${p}`;
      }
      return undefined;
    }
    case 'reasoning':
      if (!Array.isArray(value.summary) || !value.summary.every((s) => isObject(s) && str(s, 'text'))) return 'reasoning without a summary array';
      return optStr(value, 'encrypted_content') ? undefined : 'reasoning with a non-string encrypted_content';
    case 'function_call':
      return str(value, 'call_id') && str(value, 'name') && str(value, 'arguments') ? undefined : 'function_call without call_id, name and arguments strings';
    case 'custom_tool_call':
      return str(value, 'call_id') && str(value, 'name') && str(value, 'input') ? undefined : 'custom_tool_call without call_id, name and input strings';
    case 'function_call_output': {
      if (!str(value, 'call_id')) return 'function_call_output without a call_id string';
      const out = value.output;
      if (typeof out === 'string') return undefined;
      if (Array.isArray(out) && out.every((p) => contentProblem(p) === undefined)) return undefined;
      return 'function_call_output whose output is neither text nor content parts';
    }
    case 'custom_tool_call_output':
      return str(value, 'call_id') && str(value, 'output') ? undefined : 'custom_tool_call_output without call_id and output strings';
    default:
      return `unsupported item type ${JSON.stringify(value.type)}`;
  }
}

export function isResponseItem(value: unknown): value is ResponseItem {
  return responseItemProblem(value) === undefined;
}
