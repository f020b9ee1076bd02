// The one protocol every front end speaks to the agent core: `codex exec`,
// `codex app-server` (stdio JSON-RPC), the desktop IPC and the MCP server.
// Names and shapes follow Codex's app-server v2 protocol so tools written for
// Codex can drive ours; fields Codex has that we do not implement are omitted.
//
// The schemas are the source (clientRequests.ts, serverNotifications.ts,
// serverRequests.ts and the values they are made of); every type here is
// derived from them, so a type cannot drift from what the wire accepts.
import type * as z from 'zod/mini';
import type * as config from './config.js';
import type * as mcp from './mcp.js';
import type * as threads from './thread.js';
import type * as values from './values.js';
import type * as worktree from './worktree.js';
import type { ClientRequestInput, ClientRequestMethod, ClientRequestParams, ClientRequestResult } from './clientRequests.js';
import type { ServerNotificationMethod, ServerNotificationParams } from './serverNotifications.js';
import type { ServerRequestMethod, ServerRequestParams, ServerRequestResult } from './serverRequests.js';

export type { ClientRequestInput, ClientRequestMethod, ClientRequestParams, ClientRequestResult };
export type { ServerNotificationMethod, ServerNotificationParams };
export type { ServerRequestMethod, ServerRequestParams, ServerRequestResult };
export type { AskForApproval, ReasoningEffort, ReasoningSummary, SandboxMode } from './enums.js';
export type { JsonValue } from './values.js';

// ---------- JSON-RPC envelopes ----------

export type RequestId = string | number;

export interface JsonRpcRequest<P = unknown> {
  id: RequestId;
  method: string;
  params?: P;
}
export interface JsonRpcNotification<P = unknown> {
  method: string;
  params?: P;
}
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}
export type JsonRpcResponse<R = unknown> = { id: RequestId; result: R } | { id: RequestId; error: JsonRpcErrorObject };

export const JSONRPC_PARSE_ERROR = -32700;
export const JSONRPC_INVALID_REQUEST = -32600;
export const JSONRPC_METHOD_NOT_FOUND = -32601;
export const JSONRPC_INVALID_PARAMS = -32602;
export const JSONRPC_INTERNAL_ERROR = -32603;
/** Codex 0.169's turn/interrupt answer when no turn runs: a client whose Stop raced the turn's end matches it. */
export const NO_ACTIVE_TURN_TO_INTERRUPT = 'no active turn to interrupt';
/** Codex answers server requests it cannot serve (exec: approvals) with this code. */
export const JSONRPC_SERVER_ERROR = -32000;

// ---------- shared values ----------

export type SandboxPolicyWire = z.output<typeof values.sandboxPolicyWire>;
/** A named policy (on-failure included) or Codex's `{granular: {...}}`. */
export type ApprovalPolicy = z.output<typeof values.approvalPolicy>;
/** The policies we answer with (Codex 0.169's). */
export type ApprovalPolicyWire = z.output<typeof values.approvalPolicyWire>;
export type GranularApprovalConfig = z.output<typeof values.granularApprovalConfig>;
export type UserInput = z.output<typeof values.userInput>;
export type TurnError = z.output<typeof values.turnError>;
export type PatchChangeKind = z.output<typeof values.patchChangeKind>;
export type FileUpdateChange = z.output<typeof values.fileUpdateChange>;
export type TokenUsageBreakdown = z.output<typeof values.tokenUsageBreakdown>;
export type ThreadTokenUsage = z.output<typeof values.threadTokenUsage>;
export type TurnPlanStep = z.output<typeof values.turnPlanStep>;
export type TurnPlanStepStatus = TurnPlanStep['status'];

export type CommandExecutionStatus = z.output<typeof threads.commandExecutionStatus>;
export type PatchApplyStatus = z.output<typeof threads.patchApplyStatus>;
export type McpToolCallStatus = z.output<typeof threads.mcpToolCallStatus>;
export type ThreadItem = z.output<typeof threads.threadItem>;
export type CommandAction = z.output<typeof threads.commandAction>;
export type ThreadItemType = ThreadItem['type'];
export type TurnStatus = z.output<typeof threads.turnStatus>;
export type Turn = z.output<typeof threads.turn>;
export type Thread = z.output<typeof threads.thread>;
export type ThreadStatus = z.output<typeof threads.threadStatus>;
export type SessionSource = z.output<typeof threads.sessionSource>;

// ---------- client → server requests ----------

export type InitializeParams = ClientRequestParams<'initialize'>;
export type InitializeResponse = ClientRequestResult<'initialize'>;
export type ThreadStartParams = ClientRequestParams<'thread/start'>;
export type ThreadStartResponse = ClientRequestResult<'thread/start'>;
export type ThreadResumeParams = ClientRequestParams<'thread/resume'>;
export type ThreadResumeResponse = ClientRequestResult<'thread/resume'>;
export type ThreadListParams = ClientRequestParams<'thread/list'>;
export type ThreadListResponse = ClientRequestResult<'thread/list'>;
export type TurnStartParams = ClientRequestParams<'turn/start'>;
export type TurnStartResponse = ClientRequestResult<'turn/start'>;
export type TurnInterruptParams = ClientRequestParams<'turn/interrupt'>;
export type TurnInterruptResponse = ClientRequestResult<'turn/interrupt'>;
export type ThreadUnsubscribeParams = ClientRequestParams<'thread/unsubscribe'>;
export type ThreadUnsubscribeResponse = ClientRequestResult<'thread/unsubscribe'>;

// config/read, config/value/write, config/batchWrite
export type MergeStrategy = z.output<typeof values.mergeStrategy>;
export type ConfigEdit = z.output<typeof config.configEdit>;
export type ConfigLayerSource = z.output<typeof config.configLayerSource>;
export type ConfigLayerMetadata = z.output<typeof config.configLayerMetadata>;
export type ConfigLayer = z.output<typeof config.configLayer>;
export type ConfigReadParams = ClientRequestParams<'config/read'>;
export type ConfigReadResponse = ClientRequestResult<'config/read'>;
export type ConfigValueWriteParams = ClientRequestParams<'config/value/write'>;
export type ConfigBatchWriteParams = ClientRequestParams<'config/batchWrite'>;
export type ConfigWriteResponse = ClientRequestResult<'config/value/write'>;

// mcpServerStatus/list
export type McpServerStartupState = z.output<typeof mcp.mcpServerStartupState>;
export type McpServerConnectionStatus = z.output<typeof mcp.mcpServerConnectionStatus>;
export type McpAuthStatus = z.output<typeof mcp.mcpAuthStatus>;
export type McpListedObject = z.output<typeof mcp.mcpListedObject>;
export type McpServerStatus = z.output<typeof mcp.mcpServerStatus>;
export type ListMcpServerStatusParams = ClientRequestParams<'mcpServerStatus/list'>;
export type ListMcpServerStatusResponse = ClientRequestResult<'mcpServerStatus/list'>;

// ours: worktree threads and local environments
export type WorktreeStartOptions = z.output<typeof worktree.worktreeStartOptions>;
export type ThreadWorkspace = z.output<typeof worktree.threadWorkspace>;
export type WorktreeInfo = z.output<typeof worktree.worktreeInfo>;
export type WorktreeLoss = z.output<typeof worktree.worktreeLoss>;
export type EnvironmentAction = z.output<typeof worktree.environmentAction>;

// ---------- server → client notifications ----------

/** A notification as sent: `{method, params}`, one member per method (narrow on `method`). */
export type ServerNotification<M extends ServerNotificationMethod = ServerNotificationMethod> = {
  [K in M]: { method: K; params: ServerNotificationParams<K> };
}[M];
export type McpServerStatusUpdatedNotification = ServerNotificationParams<'mcpServer/startupStatus/updated'>;

// ---------- server → client requests (approvals) ----------

/** A server request as sent: `{id, method, params}` (our ids are strings), one member per method. */
export type ServerRequestMessage<M extends ServerRequestMethod = ServerRequestMethod> = {
  [K in M]: { id: string; method: K; params: ServerRequestParams<K> };
}[M];

export type CommandExecutionRequestApprovalParams = ServerRequestParams<'item/commandExecution/requestApproval'>;
export type CommandExecutionApprovalDecision = ServerRequestResult<'item/commandExecution/requestApproval'>['decision'];
export type FileChangeRequestApprovalParams = ServerRequestParams<'item/fileChange/requestApproval'>;
export type FileChangeApprovalDecision = ServerRequestResult<'item/fileChange/requestApproval'>['decision'];

// MCP tool-call approvals (mcpServer/elicitation/request), Codex 0.169
export type McpToolApprovalElicitationMeta = z.output<typeof mcp.mcpToolApprovalElicitationMeta>;
export type McpServerElicitationRequestParams = ServerRequestParams<'mcpServer/elicitation/request'>;
export type McpServerElicitationRequestResponse = ServerRequestResult<'mcpServer/elicitation/request'>;
export type McpServerElicitationAction = McpServerElicitationRequestResponse['action'];
