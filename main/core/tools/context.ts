// What a tool handler may use while it runs: the thread's policies, the host to
// notify and ask for approvals, and the shared exec session manager.
import type { ApprovalPolicy } from '../config/types.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import type { ThreadHost } from '../session/threadHost.js';
import type { ThreadItem } from '../../../shared/protocol/types.js';
import type { UnifiedExecManager } from '../exec/unifiedExec.js';
import type { ContentItem } from '../model/types.js';

/** Tools provided from outside the core (MCP servers): looked up by namespace and name. */
export interface ExternalToolRegistry {
  get(namespace: string | undefined, name: string): ((args: unknown, ctx: ToolContext, callId: string) => Promise<string | ContentItem[]>) | undefined;
}

export interface ToolContext {
  threadId: string;
  turnId: string;
  cwd: string;
  env: Record<string, string>;
  approvalPolicy: ApprovalPolicy;
  sandbox: SandboxPolicy;
  signal: AbortSignal;
  host: ThreadHost;
  exec: UnifiedExecManager;
  /** Commands (and patch roots) the user approved for the rest of the session. */
  approvedForSession: Set<string>;
  externalTools?: ExternalToolRegistry;
  /** Ends the running turn as interrupted (Codex's `cancel` answer to an approval). */
  interruptTurn?(): void;
  emitStarted(item: ThreadItem): void;
  emitCompleted(item: ThreadItem): void;
}
