// The apply_patch tool exactly as Codex 0.169 offers it to the model: a
// freeform (custom) tool whose input is constrained by a Lark grammar.

import type { ToolSpec } from '../../model/types.js';

export const APPLY_PATCH_TOOL_NAME = 'apply_patch';

export const APPLY_PATCH_DESCRIPTION = 'The `apply_patch` tool can be used to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.';

export const APPLY_PATCH_LARK_GRAMMAR = [
  'start: begin_patch hunk+ end_patch\n',
  'begin_patch: "*** Begin Patch" LF\n',
  'end_patch: "*** End Patch" LF?\n',
  '\n',
  'hunk: add_hunk | delete_hunk | update_hunk\n',
  'add_hunk: "*** Add File: " filename LF add_line+\n',
  'delete_hunk: "*** Delete File: " filename LF\n',
  'update_hunk: "*** Update File: " filename LF change_move? change?\n',
  '\n',
  'filename: /(.+)/\n',
  'add_line: "+" /(.*)/ LF -> line\n',
  '\n',
  'change_move: "*** Move to: " filename LF\n',
  'change: (change_context | change_line)+ eof_line?\n',
  'change_context: ("@@" | "@@ " /(.+)/) LF\n',
  'change_line: ("+" | "-" | " ") /(.*)/ LF\n',
  'eof_line: "*** End of File" LF\n',
  '\n',
  '%import common.LF\n',
].join('');

export const APPLY_PATCH_TOOL: ToolSpec = {
  type: 'custom',
  name: APPLY_PATCH_TOOL_NAME,
  description: APPLY_PATCH_DESCRIPTION,
  format: { type: 'grammar', syntax: 'lark', definition: APPLY_PATCH_LARK_GRAMMAR },
};
