// Schemas of MCP server status (Codex 0.169's mcpServerStatus/list and
// mcpServer/startupStatus/updated) and MCP tool-call approvals
// (mcpServer/elicitation/request).
import * as z from 'zod/mini';
import { APPROVAL_PERSISTENCE, ELICITATION_ACTIONS } from './enums.js';
import { opt } from './values.js';

export const mcpServerStartupState = z.enum(['starting', 'ready', 'failed', 'cancelled']);
export const mcpServerConnectionStatus = z.enum(['notStarted', 'starting', 'connected', 'authenticationRequired', 'failed', 'cancelled', 'disabled']);
export const mcpAuthStatus = z.enum(['unknown', 'unsupported', 'notLoggedIn', 'bearerToken', 'oAuth']);

export const mcpServerStatusUpdatedNotification = z.object({
  threadId: z.nullable(z.string()),
  name: z.string(),
  status: mcpServerStartupState,
  error: z.nullable(z.string()),
  failureReason: z.nullable(z.literal('reauthenticationRequired')),
});

export const listMcpServerStatusParams = z.object({
  cursor: opt(z.string()),
  limit: opt(z.number().check(z.int(), z.positive(), z.maximum(1000))),
  /** "toolsAndAuthOnly" skips resources, templates and prompts. */
  detail: opt(z.enum(['full', 'toolsAndAuthOnly'])),
  /** Report that thread's running servers; without it the configured servers are started briefly to be asked. */
  threadId: opt(z.string()),
  serverName: opt(z.string()),
});

/** An MCP tool, resource, template or prompt as the server listed it. */
export const mcpListedObject = z.looseObject({ name: z.string() });

export const mcpServerStatus = z.object({
  name: z.string(),
  runtimeStatus: z.nullable(mcpServerConnectionStatus),
  /** Ours: `enabled` in config.toml. */
  enabled: z.boolean(),
  /** Ours: why it failed, when runtimeStatus is "failed". */
  error: z.nullable(z.string()),
  /** Origin of an HTTP server's URL (no credentials, path or query); null for stdio. */
  httpOrigin: z.nullable(z.string()),
  serverInfo: z.nullable(z.object({ name: z.string(), title: z.nullable(z.string()), version: z.string() })),
  serverCapabilities: z.unknown(),
  /** Keyed by the server's own tool name; only the tools offered to the model. */
  tools: z.record(z.string(), mcpListedObject),
  toolsError: z.nullable(z.string()),
  resources: z.array(mcpListedObject),
  resourceTemplates: z.array(mcpListedObject),
  /** Ours: the server's prompts (Codex lists none). */
  prompts: z.array(mcpListedObject),
  authStatus: mcpAuthStatus,
});

export const listMcpServerStatusResponse = z.object({
  data: z.array(mcpServerStatus),
  nextCursor: z.nullable(z.string()),
});

// Codex asks before an MCP tool call through an MCP-style form elicitation with
// an empty schema; `_meta.codex_approval_kind` is "mcp_tool_call". Hosts that
// can ask implement ThreadHost.requestMcpElicitation (exec cannot).
export const approvalPersistence = z.enum(APPROVAL_PERSISTENCE);

export const mcpToolApprovalElicitationMeta = z.object({
  codex_approval_kind: z.literal('mcp_tool_call'),
  /** Offered remember options: "session" (and "always"), only for approval mode `auto`. */
  persist: z.optional(z.array(approvalPersistence)),
  tool_name: z.string(),
  tool_title: z.optional(z.string()),
  tool_description: z.optional(z.string()),
  tool_params: z.optional(z.unknown()),
  tool_params_display: z.optional(z.array(z.object({ name: z.string(), value: z.unknown(), display_name: z.string() }))),
});

export const mcpServerElicitationRequestParams = z.object({
  threadId: z.string(),
  turnId: z.nullable(z.string()),
  serverName: z.string(),
  mode: z.literal('form'),
  _meta: z.nullable(mcpToolApprovalElicitationMeta),
  message: z.string(),
  requestedSchema: z.object({ type: z.literal('object'), properties: z.record(z.string(), z.unknown()), required: z.optional(z.array(z.string())) }),
});

/**
 * McpServerElicitationRequestResponse as Codex's clients send it (content and
 * `_meta` may be missing; unknown fields ignored, as serde does), normalized to
 * explicit nulls. `{persist: "session"}` accepts for the rest of the session,
 * `{persist: "always"}` also saves it to config.toml (ours).
 */
export const mcpServerElicitationRequestResponse = z.pipe(
  z.object({
    action: z.enum(ELICITATION_ACTIONS),
    content: z.optional(z.unknown()),
    _meta: z.optional(z.nullable(z.looseObject({ persist: z.optional(approvalPersistence) }))),
  }),
  z.transform((d) => ({ action: d.action, content: d.content ?? null, _meta: d._meta ?? null })),
);
