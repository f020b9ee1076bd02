// Decides, before a command runs, whether it runs as is, needs the user's
// approval first, or is refused, from the approval policy (Codex's semantics).
import type { ApprovalPolicy } from '../config/types.js';
import type { AskForApproval } from '../../../shared/protocol/enums.js';
import { allowsPrompt } from './policy.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { isDangerousCommand, isKnownSafeCommand } from '../exec/safeCommands.js';

export type CommandAssessment =
  { kind: 'run'; sandboxed: boolean } | { kind: 'ask'; reason: string | null; sandboxedIfApproved: boolean } | { kind: 'reject'; message: string };

export interface CommandRequest {
  argv: string[];
  /** The model asked to run outside the sandbox (`sandbox_permissions: "require_escalated"`). */
  escalate: boolean;
  justification?: string;
}

export function assessCommand(req: CommandRequest, approval: ApprovalPolicy, sandbox: SandboxPolicy, approvedForSession: boolean): CommandAssessment {
  const assessed = assessByMode(req, typeof approval === 'string' ? approval : 'on-request', sandbox, approvedForSession);
  // Granular: as on-request, but a prompt the policy disables is refused without asking (Codex).
  if (assessed.kind === 'ask' && !allowsPrompt(approval, 'sandbox_approval')) {
    return {
      kind: 'reject',
      message: 'approval policy is granular with sandbox_approval = false: this command needs approval, which the policy refuses without asking',
    };
  }
  return assessed;
}

function assessByMode(req: CommandRequest, approval: AskForApproval, sandbox: SandboxPolicy, approvedForSession: boolean): CommandAssessment {
  const sandboxed = sandbox.mode !== 'danger-full-access';
  if (approvedForSession) return { kind: 'run', sandboxed: sandboxed && !req.escalate };

  if (req.escalate && sandboxed) {
    if (approval === 'never') {
      return {
        kind: 'reject',
        message: 'approval policy is never: running a command with escalated permissions is not allowed; run it inside the sandbox instead',
      };
    }
    return { kind: 'ask', reason: req.justification ?? null, sandboxedIfApproved: false };
  }

  switch (approval) {
    case 'never':
      return { kind: 'run', sandboxed };
    case 'untrusted':
      if (isKnownSafeCommand(req.argv)) return { kind: 'run', sandboxed };
      return { kind: 'ask', reason: req.justification ?? null, sandboxedIfApproved: sandboxed };
    case 'on-request':
    case 'on-failure':
      if (isDangerousCommand(req.argv)) {
        return { kind: 'ask', reason: req.justification ?? 'this command may delete data', sandboxedIfApproved: sandboxed };
      }
      return { kind: 'run', sandboxed };
  }
}

/**
 * After a sandboxed failure that looks like a denial: under on-failure the user
 * is asked whether to rerun without the sandbox.
 */
export function shouldOfferUnsandboxedRetry(approval: ApprovalPolicy): boolean {
  return approval === 'on-failure';
}
