// Codex refuses a turn whose text input is over 1 MiB of characters before
// anything is sent or stored (`MAX_USER_INPUT_TEXT_CHARS` in codex-rs), with
// a JSON-RPC invalid-params error carrying the counts.
import { RpcError } from '../server/rpcError.js';
import { JSONRPC_INVALID_PARAMS, type UserInput } from '../../../shared/protocol/types.js';

export const MAX_USER_INPUT_TEXT_CHARS = 1 << 20;

export class InputTooLargeError extends RpcError {
  constructor(actualChars: number) {
    super(JSONRPC_INVALID_PARAMS, `Input exceeds the maximum length of ${MAX_USER_INPUT_TEXT_CHARS} characters.`, {
      input_error_code: 'input_too_large',
      max_chars: MAX_USER_INPUT_TEXT_CHARS,
      actual_chars: actualChars,
    });
  }
}

/** Characters as Codex counts them (Unicode scalar values, not UTF-16 units). */
function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Throws InputTooLargeError when the text parts of `input` are over the limit. */
export function assertInputWithinLimit(input: readonly UserInput[]): void {
  let total = 0;
  for (const part of input) if (part.type === 'text') total += charCount(part.text);
  if (total > MAX_USER_INPUT_TEXT_CHARS) throw new InputTooLargeError(total);
}
