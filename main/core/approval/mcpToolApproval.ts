// Whether an MCP tool call may run without asking, and asking when it may not
// (Codex 0.169's mcp_tool_call approval). The tool's approval mode comes from
// config.toml; in mode `auto` and `writes` the tool's annotations decide.
import type { ToolContext } from '../tools/context.js';
import type { McpServerElicitationRequestParams, McpToolApprovalElicitationMeta } from '../../../shared/protocol/types.js';
import { APPROVAL_PERSISTENCE } from '../../../shared/protocol/enums.js';
import { askApproval } from './askApproval.js';
import type { McpServerConfig, McpToolApprovalMode } from '../mcp/config.js';
import { allowsPrompt } from './policy.js';

export const MCP_APPROVAL_POLICY_NEVER = 'MCP tool call requires approval, but approval policy is never';
export const MCP_APPROVAL_GRANULAR_REFUSED = 'MCP tool call requires approval, but the granular approval policy refuses MCP elicitations';
export const MCP_APPROVAL_UNAVAILABLE = 'MCP tool call cancelled: interactive approval is unavailable in exec mode';
export const MCP_APPROVAL_DECLINED = 'user rejected MCP tool call';
export const MCP_APPROVAL_CANCELLED = 'user cancelled MCP tool call';

/** The parts of a listed tool the decision reads. */
export interface ApprovalToolInfo {
  name: string;
  title?: string;
  description?: string;
  annotations?: unknown;
}

/** `tools.<tool>.approval_mode`, else `default_tools_approval_mode`, else `auto`. */
export function toolApprovalMode(config: McpServerConfig, tool: string): McpToolApprovalMode {
  return config.toolApprovalModes[tool] ?? config.defaultToolsApprovalMode ?? 'auto';
}

function hint(annotations: unknown, key: string): boolean | undefined {
  if (typeof annotations !== 'object' || annotations === null) return undefined;
  const v = (annotations as Record<string, unknown>)[key];
  return typeof v === 'boolean' ? v : undefined;
}

/**
 * MCP's hints as Codex reads them: destructive ⇒ ask; read-only ⇒ don't; otherwise
 * ask unless the tool says it is neither destructive nor open-world (both default to true).
 */
export function annotationsRequireApproval(annotations: unknown): boolean {
  const destructive = hint(annotations, 'destructiveHint');
  if (destructive === true) return true;
  if (hint(annotations, 'readOnlyHint') === true) return false;
  return (destructive ?? true) || (hint(annotations, 'openWorldHint') ?? true);
}

export function approvalRequired(mode: McpToolApprovalMode, annotations: unknown): boolean {
  if (mode === 'approve') return false;
  if (mode === 'prompt') return true;
  return annotationsRequireApproval(annotations);
}

/** Only `auto` tools can be approved for the rest of the session (Codex offers "session" and "always"). */
function remembers(mode: McpToolApprovalMode): boolean {
  return mode === 'auto';
}

function sessionKey(server: string, tool: string): string {
  return `mcp-tool\u0000${server}\u0000${tool}`;
}

export function approvalElicitation(
  ctx: Pick<ToolContext, 'threadId' | 'turnId'>,
  server: string,
  tool: ApprovalToolInfo,
  args: unknown,
  mode: McpToolApprovalMode,
): McpServerElicitationRequestParams {
  const meta: McpToolApprovalElicitationMeta = {
    codex_approval_kind: 'mcp_tool_call',
    ...(remembers(mode) ? { persist: [...APPROVAL_PERSISTENCE] } : {}),
    tool_name: tool.name,
  };
  if (tool.title) meta.tool_title = tool.title;
  if (tool.description) meta.tool_description = tool.description;
  if (args !== undefined && args !== null) meta.tool_params = args;
  if (typeof args === 'object' && args !== null && !Array.isArray(args)) {
    meta.tool_params_display = Object.keys(args)
      .sort()
      .map((name) => ({ name, value: (args as Record<string, unknown>)[name], display_name: name }));
  }
  return {
    threadId: ctx.threadId,
    turnId: ctx.turnId,
    serverName: server,
    mode: 'form',
    _meta: meta,
    message: `Allow the ${server} MCP server to run tool "${tool.name}"?`,
    requestedSchema: { type: 'object', properties: {} },
  };
}

/**
 * Decides whether the call may run, asking the client when needed.
 * Resolves null to run it, or the message the model gets instead.
 */
export async function checkMcpToolApproval(
  ctx: ToolContext,
  config: McpServerConfig,
  tool: ApprovalToolInfo,
  args: unknown,
  /** Saves an "always" answer (approval_mode = "approve" in config.toml); without it "always" lasts for the session. */
  rememberAlways?: (server: string, tool: string) => void,
): Promise<string | null> {
  // Full access (never + no sandbox) skips MCP approvals altogether, as in Codex.
  if (ctx.approvalPolicy === 'never' && ctx.sandbox.mode === 'danger-full-access') return null;
  const mode = toolApprovalMode(config, tool.name);
  if (!approvalRequired(mode, tool.annotations)) return null;
  const key = sessionKey(config.name, tool.name);
  if (remembers(mode) && ctx.approvedForSession.has(key)) return null;
  if (ctx.approvalPolicy === 'never') return MCP_APPROVAL_POLICY_NEVER;
  if (!allowsPrompt(ctx.approvalPolicy, 'mcp_elicitations')) return MCP_APPROVAL_GRANULAR_REFUSED;
  const ask = ctx.host.requestMcpElicitation?.bind(ctx.host);
  if (!ask) return MCP_APPROVAL_UNAVAILABLE;
  const asked = await askApproval(ctx, 'mcpServer/elicitation/request', () => ask(approvalElicitation(ctx, config.name, tool, args, mode)));
  // The client went away or the turn ended before answering.
  if (asked.kind === 'unavailable' || asked.kind === 'turnEnded') return MCP_APPROVAL_CANCELLED;
  if (asked.kind === 'invalid') return `${MCP_APPROVAL_DECLINED}: ${asked.problem}`;
  const answer = asked.reply;
  // Only an explicit accept runs the tool.
  if (answer.action === 'cancel') return MCP_APPROVAL_CANCELLED;
  if (answer.action !== 'accept') return MCP_APPROVAL_DECLINED;
  const persist = answer._meta?.persist;
  if (remembers(mode) && (persist === 'session' || persist === 'always')) {
    ctx.approvedForSession.add(key);
    // As in Codex, "always" also writes approval_mode = "approve" for the tool into config.toml.
    if (persist === 'always') rememberAlways?.(config.name, tool.name);
  }
  return null;
}
