// The model-visible note Codex records when the user interrupts a turn: a user
// message after the interrupted turn's items, so the next turn knows its tools
// may have run partway. Text and role are Codex 0.169's, byte for byte.
import type { ResponseItem } from '../model/types.js';

export const TURN_ABORTED_OPEN_TAG = '<turn_aborted>';
export const TURN_ABORTED_CLOSE_TAG = '</turn_aborted>';
export const TURN_ABORTED_INTERRUPTED_GUIDANCE =
  'The user interrupted the previous turn on purpose. Any running unified exec processes may still be running in the background. If any tools/commands were aborted, they may have partially executed.';

export function turnAbortedMarker(): ResponseItem {
  return {
    type: 'message',
    role: 'user',
    content: [{ type: 'input_text', text: `${TURN_ABORTED_OPEN_TAG}\n${TURN_ABORTED_INTERRUPTED_GUIDANCE}\n${TURN_ABORTED_CLOSE_TAG}` }],
  };
}
