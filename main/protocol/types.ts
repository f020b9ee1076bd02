// The one protocol every front end speaks to the agent core: `codex exec`,
// `codex app-server` (stdio JSON-RPC), the desktop IPC and the MCP server.
// Names and shapes follow Codex's app-server v2 protocol so tools written for
// Codex can drive ours; fields Codex has that we do not implement are omitted.

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
/** Codex answers server requests it cannot serve (exec: approvals) with this code. */
export const JSONRPC_SERVER_ERROR = -32000;

// ---------- shared values ----------

export type SandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access';
export type AskForApproval = 'untrusted' | 'on-failure' | 'on-request' | 'never';
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export type SandboxPolicyWire =
  | { type: 'dangerFullAccess' }
  | { type: 'readOnly'; networkAccess: boolean }
  | { type: 'workspaceWrite'; writableRoots: string[]; networkAccess: boolean; excludeTmpdirEnvVar: boolean; excludeSlashTmp: boolean };

export type UserInput =
  | { type: 'text'; text: string }
  | { type: 'image'; url: string }
  | { type: 'localImage'; path: string };

export interface TurnError {
  message: string;
  codexErrorInfo: string | null;
  additionalDetails: string | null;
}

export type CommandExecutionStatus = 'inProgress' | 'completed' | 'failed' | 'declined';
export type PatchApplyStatus = 'inProgress' | 'completed' | 'failed' | 'declined';
export type McpToolCallStatus = 'inProgress' | 'completed' | 'failed';

export type PatchChangeKind = { type: 'add' } | { type: 'delete' } | { type: 'update'; move_path: string | null };
export interface FileUpdateChange {
  path: string;
  kind: PatchChangeKind;
  /** unified diff of the change */
  diff: string;
}

export type ThreadItem =
  | { type: 'userMessage'; id: string; content: UserInput[] }
  | { type: 'agentMessage'; id: string; text: string }
  | { type: 'reasoning'; id: string; summary: string[]; content: string[] }
  | {
      type: 'commandExecution';
      id: string;
      command: string;
      cwd: string;
      processId: string | null;
      status: CommandExecutionStatus;
      aggregatedOutput: string | null;
      exitCode: number | null;
      durationMs: number | null;
      /** Ours: why the command did not run or failed (sandbox denial, declined approval). */
      reason?: string | null;
    }
  | { type: 'fileChange'; id: string; changes: FileUpdateChange[]; status: PatchApplyStatus; error?: string | null }
  | {
      type: 'mcpToolCall';
      id: string;
      server: string;
      tool: string;
      status: McpToolCallStatus;
      arguments: unknown;
      result: { content: unknown[]; structuredContent: unknown } | null;
      error: { message: string } | null;
      durationMs: number | null;
    }
  | { type: 'plan'; id: string; text: string }
  | { type: 'imageView'; id: string; path: string }
  | { type: 'contextCompaction'; id: string };

export type ThreadItemType = ThreadItem['type'];

export type TurnStatus = 'completed' | 'interrupted' | 'failed' | 'inProgress';

export interface Turn {
  id: string;
  items: ThreadItem[];
  status: TurnStatus;
  error: TurnError | null;
  startedAt: number | null;
  completedAt: number | null;
  durationMs: number | null;
}

export interface Thread {
  id: string;
  /** Usually the first user message. */
  preview: string;
  ephemeral: boolean;
  modelProvider: string;
  model: string | null;
  /** Unix seconds. */
  createdAt: number;
  updatedAt: number;
  cwd: string;
  /** Rollout file; null for ephemeral threads. */
  path: string | null;
  cliVersion: string;
  /** cli | exec | app-server | desktop | mcp */
  source: string;
  turns: Turn[];
  /** Ours: the execution environment its commands run in ("local" or an exec-server environment id). */
  environmentId?: string;
}

export interface TokenUsageBreakdown {
  totalTokens: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
}
export interface ThreadTokenUsage {
  total: TokenUsageBreakdown;
  last: TokenUsageBreakdown;
  modelContextWindow: number | null;
}

export type TurnPlanStepStatus = 'pending' | 'inProgress' | 'completed';
export interface TurnPlanStep {
  step: string;
  status: TurnPlanStepStatus;
}

// ---------- client → server requests ----------

export interface InitializeParams {
  clientInfo: { name: string; title?: string | null; version: string };
}
export interface InitializeResponse {
  userAgent: string;
  codexHome: string;
  platformFamily: string;
  platformOs: string;
  /** Ours: the user's home directory, so front ends can show paths under it as `~/…`. */
  homeDir?: string;
}

export interface ThreadStartParams {
  model?: string | null;
  modelProvider?: string | null;
  cwd?: string | null;
  approvalPolicy?: AskForApproval | null;
  sandbox?: SandboxMode | null;
  /** Dotted config overrides, like `-c` on the command line. */
  config?: Record<string, unknown> | null;
  baseInstructions?: string | null;
  developerInstructions?: string | null;
  ephemeral?: boolean | null;
  /** Ours: where the thread's commands run ("local" or an exec-server environment); default from environments.toml / CODEX_EXEC_SERVER_URL. */
  environmentId?: string | null;
}
export interface ThreadStartResponse {
  thread: Thread;
  model: string;
  modelProvider: string;
  cwd: string;
  approvalPolicy: AskForApproval;
  sandbox: SandboxPolicyWire;
  reasoningEffort: ReasoningEffort | null;
}

export interface ThreadResumeParams {
  threadId: string;
  /** Ours: resume by rollout path instead of id. */
  path?: string | null;
  model?: string | null;
  cwd?: string | null;
  approvalPolicy?: AskForApproval | null;
  sandbox?: SandboxMode | null;
  config?: Record<string, unknown> | null;
}
export type ThreadResumeResponse = ThreadStartResponse;

export interface ThreadListParams {
  cursor?: string | null;
  limit?: number | null;
  modelProviders?: string[] | null;
  cwd?: string | null;
  searchTerm?: string | null;
}
export interface ThreadListResponse {
  data: Thread[];
  nextCursor: string | null;
}

export interface TurnStartParams {
  threadId: string;
  input: UserInput[];
  cwd?: string | null;
  approvalPolicy?: AskForApproval | null;
  sandboxPolicy?: SandboxPolicyWire | null;
  model?: string | null;
  effort?: ReasoningEffort | null;
  summary?: string | null;
  outputSchema?: unknown;
}
export interface TurnStartResponse {
  turn: Turn;
}

export interface TurnInterruptParams {
  threadId: string;
  turnId: string;
}
export type TurnInterruptResponse = Record<string, never>;

export interface ThreadUnsubscribeParams {
  threadId: string;
}
export type ThreadUnsubscribeResponse = Record<string, never>;

// ---------- config (Codex's config/read, config/value/write, config/batchWrite) ----------

export type JsonValue = number | string | boolean | JsonValue[] | { [key: string]: JsonValue } | null;
/** replace: the key holds exactly `value` (null removes it); upsert: a table value is merged into the table. */
export type MergeStrategy = 'replace' | 'upsert';
export interface ConfigEdit {
  /** Dotted TOML key path, e.g. `model` or `sandbox_workspace_write.network_access`. */
  keyPath: string;
  value: JsonValue;
  mergeStrategy: MergeStrategy;
}
export type ConfigLayerSource = { type: 'user'; file: string; profile: string | null } | { type: 'sessionFlags' };
export interface ConfigLayerMetadata {
  name: ConfigLayerSource;
  version: string;
}
export interface ConfigLayer {
  name: ConfigLayerSource;
  version: string;
  config: JsonValue;
  disabledReason: string | null;
}
export interface ConfigReadParams {
  includeLayers?: boolean;
  cwd?: string | null;
}
export interface ConfigReadResponse {
  /** Effective settings (snake_case keys as in config.toml). */
  config: Record<string, JsonValue>;
  /** Dotted key → the layer that set it. */
  origins: Record<string, ConfigLayerMetadata>;
  layers: ConfigLayer[] | null;
}
export interface ConfigValueWriteParams {
  keyPath: string;
  value: JsonValue;
  mergeStrategy: MergeStrategy;
  /** Only the user's config.toml may be written; null or omitted means that file. */
  filePath?: string | null;
  /** The version from config/read; the write fails when the file changed since. */
  expectedVersion?: string | null;
}
export interface ConfigBatchWriteParams {
  edits: ConfigEdit[];
  filePath?: string | null;
  expectedVersion?: string | null;
  reloadUserConfig?: boolean;
}
export interface ConfigWriteResponse {
  status: 'ok' | 'okOverridden';
  version: string;
  filePath: string;
  overriddenMetadata: { message: string; overridingLayer: ConfigLayerMetadata; effectiveValue: JsonValue } | null;
}

export interface ClientRequestMap {
  initialize: { params: InitializeParams; result: InitializeResponse };
  'thread/start': { params: ThreadStartParams; result: ThreadStartResponse };
  'thread/resume': { params: ThreadResumeParams; result: ThreadResumeResponse };
  'thread/list': { params: ThreadListParams; result: ThreadListResponse };
  'thread/unsubscribe': { params: ThreadUnsubscribeParams; result: ThreadUnsubscribeResponse };
  'turn/start': { params: TurnStartParams; result: TurnStartResponse };
  'turn/interrupt': { params: TurnInterruptParams; result: TurnInterruptResponse };
  'config/read': { params: ConfigReadParams; result: ConfigReadResponse };
  'config/value/write': { params: ConfigValueWriteParams; result: ConfigWriteResponse };
  'config/batchWrite': { params: ConfigBatchWriteParams; result: ConfigWriteResponse };
  'mcpServerStatus/list': { params: ListMcpServerStatusParams; result: ListMcpServerStatusResponse };
}
export type ClientRequestMethod = keyof ClientRequestMap;

// ---------- MCP server status (Codex 0.169's mcpServerStatus/list) ----------

export type McpServerStartupState = 'starting' | 'ready' | 'failed' | 'cancelled';
export type McpServerConnectionStatus = 'notStarted' | 'starting' | 'connected' | 'authenticationRequired' | 'failed' | 'cancelled' | 'disabled';
export type McpAuthStatus = 'unknown' | 'unsupported' | 'notLoggedIn' | 'bearerToken' | 'oAuth';

export interface McpServerStatusUpdatedNotification {
  threadId: string | null;
  name: string;
  status: McpServerStartupState;
  error: string | null;
  failureReason: 'reauthenticationRequired' | null;
}

export interface ListMcpServerStatusParams {
  cursor?: string | null;
  limit?: number | null;
  /** "toolsAndAuthOnly" skips resources, templates and prompts. */
  detail?: 'full' | 'toolsAndAuthOnly' | null;
  /** Report that thread's running servers; without it the configured servers are started briefly to be asked. */
  threadId?: string | null;
  serverName?: string | null;
}

/** An MCP tool, resource, template or prompt as the server listed it. */
export type McpListedObject = { name: string; [key: string]: unknown };

export interface McpServerStatus {
  name: string;
  runtimeStatus: McpServerConnectionStatus | null;
  /** Ours: `enabled` in config.toml. */
  enabled: boolean;
  /** Ours: why it failed, when runtimeStatus is "failed". */
  error: string | null;
  /** Origin of an HTTP server's URL (no credentials, path or query); null for stdio. */
  httpOrigin: string | null;
  serverInfo: { name: string; title: string | null; version: string } | null;
  serverCapabilities: unknown;
  /** Keyed by the server's own tool name; only the tools offered to the model. */
  tools: Record<string, McpListedObject>;
  toolsError: string | null;
  resources: McpListedObject[];
  resourceTemplates: McpListedObject[];
  /** Ours: the server's prompts (Codex lists none). */
  prompts: McpListedObject[];
  authStatus: McpAuthStatus;
}

export interface ListMcpServerStatusResponse {
  data: McpServerStatus[];
  nextCursor: string | null;
}

// ---------- server → client notifications ----------

export interface ServerNotificationMap {
  'thread/started': { thread: Thread };
  'turn/started': { threadId: string; turn: Turn };
  'turn/completed': { threadId: string; turn: Turn };
  'item/started': { threadId: string; turnId: string; item: ThreadItem };
  'item/completed': { threadId: string; turnId: string; item: ThreadItem };
  'item/agentMessage/delta': { threadId: string; turnId: string; itemId: string; delta: string };
  'item/reasoning/summaryTextDelta': { threadId: string; turnId: string; itemId: string; delta: string; summaryIndex: number };
  'item/commandExecution/outputDelta': { threadId: string; turnId: string; itemId: string; delta: string };
  'turn/plan/updated': { threadId: string; turnId: string; explanation: string | null; plan: TurnPlanStep[] };
  'turn/diff/updated': { threadId: string; turnId: string; diff: string };
  'thread/tokenUsage/updated': { threadId: string; turnId: string; tokenUsage: ThreadTokenUsage };
  /** willRetry: true for each stream retry ("Reconnecting... n/N"). */
  error: { error: TurnError; willRetry: boolean; threadId: string; turnId: string };
  /** Ours: non-fatal warnings (config, deprecations), shown by exec as `error` items. */
  'thread/warning': { threadId: string | null; message: string };
  /** The thread's exec-server environment connected (or reconnected with a fresh session). */
  'thread/environment/connected': { threadId: string; environmentId: string };
  /** Its connection dropped: commands running there failed; the next command reconnects. */
  'thread/environment/disconnected': { threadId: string; environmentId: string };
  /** A configured MCP server of the thread is starting, ready or failed (also when it dies mid-session). */
  'mcpServer/startupStatus/updated': McpServerStatusUpdatedNotification;
  /** A server request (approval) was answered, by any client or path: front ends drop its prompt. */
  'serverRequest/resolved': { threadId: string; requestId: RequestId };
}
export type ServerNotificationMethod = keyof ServerNotificationMap;
export type ServerNotification = {
  [M in ServerNotificationMethod]: { method: M; params: ServerNotificationMap[M] };
}[ServerNotificationMethod];

// ---------- server → client requests (approvals) ----------

export interface CommandExecutionRequestApprovalParams {
  threadId: string;
  turnId: string;
  itemId: string;
  command: string;
  cwd: string;
  reason: string | null;
}
export type CommandExecutionApprovalDecision = 'accept' | 'acceptForSession' | 'decline' | 'cancel';

export interface FileChangeRequestApprovalParams {
  threadId: string;
  turnId: string;
  itemId: string;
  reason: string | null;
  /** Ours: the changes awaiting approval, so a front end can show the diff. */
  changes: FileUpdateChange[];
  grantRoot: string | null;
}
export type FileChangeApprovalDecision = 'accept' | 'acceptForSession' | 'decline' | 'cancel';

export interface ServerRequestMap {
  'item/commandExecution/requestApproval': {
    params: CommandExecutionRequestApprovalParams;
    result: { decision: CommandExecutionApprovalDecision };
  };
  'item/fileChange/requestApproval': {
    params: FileChangeRequestApprovalParams;
    result: { decision: FileChangeApprovalDecision };
  };
  'mcpServer/elicitation/request': {
    params: McpServerElicitationRequestParams;
    result: McpServerElicitationRequestResponse;
  };
}
export type ServerRequestMethod = keyof ServerRequestMap;

// ---------- MCP tool-call approvals (mcpServer/elicitation/request), Codex 0.169 ----------
// Codex asks before an MCP tool call through an MCP-style form elicitation with
// an empty schema; `_meta.codex_approval_kind` is "mcp_tool_call". Hosts that
// can ask implement ThreadHost.requestMcpElicitation (exec cannot).

export type McpServerElicitationAction = 'accept' | 'decline' | 'cancel';

export interface McpToolApprovalElicitationMeta {
  codex_approval_kind: 'mcp_tool_call';
  /** Offered remember options: "session" (and "always"), only for approval mode `auto`. */
  persist?: Array<'session' | 'always'>;
  tool_name: string;
  tool_title?: string;
  tool_description?: string;
  tool_params?: unknown;
  tool_params_display?: Array<{ name: string; value: unknown; display_name: string }>;
}

export interface McpServerElicitationRequestParams {
  threadId: string;
  turnId: string | null;
  serverName: string;
  mode: 'form';
  _meta: McpToolApprovalElicitationMeta | null;
  message: string;
  requestedSchema: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
}

export interface McpServerElicitationRequestResponse {
  action: McpServerElicitationAction;
  content: unknown;
  /** `{persist: "session"}` accepts for the rest of the session, `{persist: "always"}` also saves it to config.toml. */
  _meta: { persist?: 'session' | 'always'; [key: string]: unknown } | null;
}
