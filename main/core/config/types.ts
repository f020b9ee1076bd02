// The resolved configuration the core runs with: config.toml, then the profile,
// then `-c` overrides, then CLI flags, with Codex's defaults filled in.
import type { ProjectLayer } from './projectLayers.js';
import type { WebSearchMode } from '../tools/webSearch.js';
import type { SandboxMode } from '../sandbox/policy.js';
import type { ReasoningEffort, ReasoningSummary } from '../../../shared/protocol/enums.js';
import type { ApprovalPolicy } from '../../../shared/protocol/types.js';

/** A named policy or Codex's `{granular: {...}}`. */
export type { ApprovalPolicy };

export type WireApi = 'responses' | 'chat';

export interface ModelProviderInfo {
  id: string;
  name: string;
  baseUrl: string;
  /** Environment variable holding the API key; undefined means no auth header. */
  envKey?: string;
  /** `env_key_instructions`: how to get the key, added to the error when the variable is unset. */
  envKeyInstructions?: string;
  /** `experimental_bearer_token`: a literal key from config.toml; used before envKey. */
  experimentalBearerToken?: string;
  wireApi: WireApi;
  queryParams: Record<string, string>;
  httpHeaders: Record<string, string>;
  /** header name -> environment variable; sent only when the variable is set and non-empty */
  envHttpHeaders: Record<string, string>;
  requestMaxRetries: number;
  streamMaxRetries: number;
  streamIdleTimeoutMs: number;
  /** true for the built-in openai provider: the key may come from auth.json */
  requiresOpenaiAuth: boolean;
}

export interface ShellEnvironmentPolicy {
  inherit: 'all' | 'core' | 'none';
  ignoreDefaultExcludes: boolean;
  exclude: string[];
  set: Record<string, string>;
  includeOnly: string[];
}

export interface SandboxWorkspaceWrite {
  writableRoots: string[];
  networkAccess: boolean;
  excludeTmpdirEnvVar: boolean;
  excludeSlashTmp: boolean;
}

export interface Config {
  codexHome: string;
  /** Absolute path of config.toml (which may not exist). */
  configFile: string;
  cwd: string;
  model: string;
  /** `review_model`: the model of review/start's reviewer; unset, the thread's model reviews (as in Codex 0.169). */
  reviewModel?: string;
  modelProviderId: string;
  modelProvider: ModelProviderInfo;
  /** Every known provider (built-ins plus `[model_providers]`), by id. */
  modelProviders: Record<string, ModelProviderInfo>;
  /** A known effort from config.toml, or any name a turn/start asked for. */
  modelReasoningEffort?: string;
  modelReasoningSummary?: ReasoningSummary;
  modelContextWindow?: number;
  modelAutoCompactTokenLimit?: number;
  approvalPolicy: ApprovalPolicy;
  sandboxMode: SandboxMode;
  sandboxWorkspaceWrite: SandboxWorkspaceWrite;
  /** `--add-dir` directories: extra writable roots for workspace-write. */
  additionalWritableRoots: string[];
  shellEnvironmentPolicy: ShellEnvironmentPolicy;
  notify?: string[];
  projectDocMaxBytes: number;
  projectDocFallbackFilenames: string[];
  features: Record<string, boolean>;
  /** The hosted web_search tool: `web_search` (or `--search`), Codex's default "cached", off for OSS and chat providers. */
  webSearch: WebSearchMode;
  /** Name of the active profile, if any. */
  profile?: string;
  developerInstructions?: string;
  /** `[mcp_servers.*]` as written; the MCP client interprets it. */
  mcpServers: Record<string, unknown>;
  /** Non-fatal problems found while loading (unknown keys, deprecations, an untrusted project's ignored config). */
  warnings: string[];
  /** The project's `.codex/` layers, lowest precedence first; untrusted ones carry their disabledReason. */
  projectLayers: ProjectLayer[];
  /**
   * The merged table (config.toml, then the profile, then `-c`) for keys this
   * loader does not interpret itself, e.g. `tui`, `history`, `projects`.
   */
  raw: Record<string, unknown>;
}

/** What the command line (or a front end) layers on top of the files. */
export interface ConfigOverrides {
  cwd?: string;
  model?: string;
  modelProvider?: string;
  profile?: string;
  sandboxMode?: SandboxMode;
  approvalPolicy?: ApprovalPolicy;
  /** Raw `-c key=value` strings, applied in order after the files and the profile. */
  cliOverrides?: string[];
  /** `--oss`: use the local open-source provider (ollama). */
  oss?: boolean;
  additionalWritableRoots?: string[];
}
