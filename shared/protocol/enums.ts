// The protocol's closed sets of words, each spelled once. Plain tuples, so the
// renderer and preload can list them without bundling zod; the schemas wrap
// them in `z.enum` and every type is derived from them.

/** `sandbox_mode` in config.toml, `-s` on the CLI, `sandbox` of thread/start. */
export const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;
export type SandboxMode = (typeof SANDBOX_MODES)[number];

/**
 * `approval_policy` in config.toml, `approvalPolicy` on the wire (besides Codex's
 * `{granular: {...}}`). Codex 0.169 dropped on-failure; we still accept it (ask
 * after a sandbox denial) but answer with on-request, as Codex reads it from config.
 */
export const APPROVAL_POLICIES = ['untrusted', 'on-failure', 'on-request', 'never'] as const;
export type AskForApproval = (typeof APPROVAL_POLICIES)[number];
/** The named policies Codex 0.169 sends. */
export const CODEX_APPROVAL_POLICIES = ['untrusted', 'on-request', 'never'] as const;

/** Where a thread came from, as the app-server reports it (`Thread.source`; also `{custom: name}`). */
export const SESSION_SOURCES = ['cli', 'vscode', 'exec', 'appServer', 'unknown'] as const;

/** `model_reasoning_effort`, turn/start's `effort`. */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/** `model_reasoning_summary` (turn/start's `summary` stays a free string on the wire, as before). */
export const REASONING_SUMMARIES = ['auto', 'concise', 'detailed', 'none'] as const;
export type ReasoningSummary = (typeof REASONING_SUMMARIES)[number];

/** How config/value/write and config/batchWrite apply a value. */
export const MERGE_STRATEGIES = ['replace', 'upsert'] as const;

/** What the client answers to an approval request (command or file change). */
export const APPROVAL_DECISIONS = ['accept', 'acceptForSession', 'decline', 'cancel'] as const;

/** What the client answers to an MCP elicitation. */
export const ELICITATION_ACTIONS = ['accept', 'decline', 'cancel'] as const;

/** Where an accepted MCP tool call is remembered: for the session, or also in config.toml. */
export const APPROVAL_PERSISTENCE = ['session', 'always'] as const;
export type ApprovalPersistence = (typeof APPROVAL_PERSISTENCE)[number];
