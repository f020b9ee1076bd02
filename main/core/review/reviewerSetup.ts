// What the reviewer sub-agent works with: Codex's reviewer has the coding
// agent's tools minus web search, and never asks for approval. Ours also runs
// them under a read-only sandbox (Codex 0.169 keeps the thread's sandbox; its
// later versions make the reviewer read-only too), so a review changes nothing.
import type { ResponseItem, ToolSpec } from '../model/types.js';
import type { ApprovalPolicy } from '../config/types.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { approvalPolicyName } from '../approval/policy.js';
import { builtinTools } from '../tools/router.js';
import { developerMessage, formatEnvironmentContext, userMessage } from '../session/context.js';
import { REVIEW_INSTRUCTIONS } from './reviewPrompt.js';

export const REVIEWER_PERMISSIONS: { approvalPolicy: ApprovalPolicy; sandbox: SandboxPolicy } = {
  approvalPolicy: 'never',
  sandbox: { mode: 'read-only', networkAccess: false },
};

/** exec_command, write_stdin, apply_patch (refused by the sandbox), view_image: the reference's list without its plan tools. */
export const REVIEWER_TOOLS: ToolSpec[] = builtinTools({ includePlanTool: false });

/** The reviewer's rubric and its environment (cwd, never, read-only): what precedes its request. */
export function reviewerContext(cwd: string, shell: string): ResponseItem[] {
  const environment = formatEnvironmentContext({
    cwd,
    approvalPolicy: approvalPolicyName(REVIEWER_PERMISSIONS.approvalPolicy),
    sandbox: REVIEWER_PERMISSIONS.sandbox,
    shell,
  });
  return [developerMessage(REVIEW_INSTRUCTIONS), userMessage([{ type: 'input_text', text: environment }])];
}
