// Codex's apply_patch tool: grammar, parser, matcher and an atomic applier.

export { APPLY_PATCH_DESCRIPTION, APPLY_PATCH_LARK_GRAMMAR, APPLY_PATCH_TOOL, APPLY_PATCH_TOOL_NAME } from './tool.js';
export { parsePatch, BEGIN_PATCH_MARKER, END_PATCH_MARKER, type Hunk, type ParsedPatch, type UpdateChunk } from './parser.js';
export { seekSequence, normaliseLine } from './seekSequence.js';
export { applyChunks, ChunkMatchError, detectLineEnding } from './applyChunks.js';
export { unifiedDiff, diffLines, type UnifiedDiffOptions } from './diff.js';
export { planPatch, successSummary, type DiskSnapshot, type FileChange, type FileChangeKind, type PatchPlan } from './patchPlan.js';
export { applyPatch, commitPlan, NO_FILES_MODIFIED, VERIFICATION_FAILED_PREFIX, type ApplyPatchResult } from './apply.js';
export { PatchApplyError, PatchParseError, type HunkLocation } from './errors.js';
export {
  extractPatchFromShellCommand,
  isApplyPatchInvocation,
  parseApplyPatchInvocation,
  parseApplyPatchShellScript,
  type ApplyPatchInvocation,
} from './invocation.js';
