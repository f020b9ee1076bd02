// The approval policy's two readings beyond the named modes: Codex's granular
// policy (on-request whose disabled prompt categories are refused unasked), and
// how a policy is reported (Codex 0.169 has no on-failure on the wire).
import type { ApprovalPolicy, ApprovalPolicyWire } from '../../../shared/protocol/types.js';

/** Kinds of approval prompt a granular policy can disable. */
export type PromptCategory = 'sandbox_approval' | 'rules' | 'mcp_elicitations';

/** Whether the policy lets the user be asked for this kind of approval (never: no prompt at all). */
export function allowsPrompt(policy: ApprovalPolicy, category: PromptCategory): boolean {
  if (policy === 'never') return false;
  return typeof policy === 'string' || policy.granular[category];
}

/** The policy as Codex 0.169 reports it: on-failure reads as on-request there. */
export function approvalPolicyToWire(policy: ApprovalPolicy): ApprovalPolicyWire {
  return policy === 'on-failure' ? 'on-request' : policy;
}

/** One word for the model's environment context and for status lines. */
export function approvalPolicyName(policy: ApprovalPolicy): string {
  return typeof policy === 'string' ? policy : 'granular';
}
