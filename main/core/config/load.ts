// Builds the resolved Config. Layers, lowest to highest: built-in defaults,
// $CODEX_HOME/config.toml, a trusted project's `.codex/config.toml` files
// (projectLayers.ts), the profile (`--profile NAME`: $CODEX_HOME/NAME.config.toml,
// else the deprecated `[profiles.<name>]`), `-c` overrides
// (in order), then explicit flags in ConfigOverrides.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_MODES, type SandboxMode } from '../sandbox/policy.js';
import * as z from 'zod/mini';
import { APPROVAL_POLICIES, REASONING_EFFORTS, REASONING_SUMMARIES } from '../../../shared/protocol/enums.js';
import { granularApprovalPolicy } from '../../../shared/protocol/values.js';
import { ConfigError } from './errors.js';
import { applyCliOverrides, parseCliOverrides, type CliOverride } from './overrides.js';
import { resolveProviders } from './providers.js';
import { ConfigReader, type Locate } from './reader.js';
import { cloneValue, deepMerge, formatKeyPath, getPath, isTable, type TomlTable } from './table.js';
import { readTomlFile } from './tomlFile.js';
import { type ApprovalPolicy, type Config, type ConfigOverrides, type ShellEnvironmentPolicy, type SandboxWorkspaceWrite } from './types.js';
import { collectUnknownKeyWarnings } from './unknownKeys.js';
import { resolveWebSearchMode, WEB_SEARCH_MODES } from '../tools/webSearch.js';
import { loadProjectLayers, projectTrust, untrustedProjectNotice, type ProjectLayer } from './projectLayers.js';

export const DEFAULT_MODEL = 'gpt-5.5';
/** Model `--oss` uses when nothing else names one. */
export const DEFAULT_OSS_MODEL = 'gpt-oss:20b';
export const DEFAULT_MODEL_PROVIDER = 'openai';
export const DEFAULT_OSS_PROVIDER = 'ollama';
export const DEFAULT_PROJECT_DOC_MAX_BYTES = 32 * 1024;
const SHELL_INHERIT = ['all', 'core', 'none'] as const;

export interface LoadConfigOptions {
  /** Overrides `CODEX_HOME`; used as is, without the existence check. */
  codexHome?: string;
  overrides?: ConfigOverrides;
  /** Environment to read CODEX_HOME, OPENAI_BASE_URL, CODEX_OSS_* from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * `$CODEX_HOME`, else `~/.codex`. Like Codex, an explicitly set CODEX_HOME
 * that does not exist is an error (a typo there would otherwise silently
 * start from an empty home); the default directory may be missing.
 */
export function resolveCodexHome(env: NodeJS.ProcessEnv = process.env, explicit?: string): string {
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const fromEnv = env.CODEX_HOME;
  if (fromEnv !== undefined && fromEnv !== '') {
    const home = path.resolve(fromEnv);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(home);
    } catch {
      throw new ConfigError(`CODEX_HOME points to "${home}", but that path does not exist`, { source: 'CODEX_HOME' });
    }
    if (!stat.isDirectory()) {
      throw new ConfigError(`CODEX_HOME points to "${home}", but that path is not a directory`, { source: 'CODEX_HOME' });
    }
    return home;
  }
  return path.join(env.HOME || os.homedir(), '.codex');
}

function isPrefix(prefix: readonly string[], full: readonly string[]): boolean {
  return prefix.length <= full.length && prefix.every((seg, i) => seg === full[i]);
}

/**
 * Finds which `-c` flag (the last one wins) or else which file key supplied
 * `p`. A key the file does not have, in a table a `-c` made or filled
 * (`-c model_providers.x.base_url=…` leaves `name` missing), is that flag's doing.
 */
function locator(configFile: string, overrides: readonly CliOverride[], file: TomlTable, projectLayers: readonly ProjectLayer[] = []): Locate {
  return (p) => {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const o = overrides[i]!;
      if (isPrefix(o.path, p)) return { origin: `-c ${o.raw}`, keyPath: formatKeyPath(p) };
    }
    if (getPath(file, p) === undefined) {
      const table = p.slice(0, Math.max(1, p.length - 1));
      for (let i = overrides.length - 1; i >= 0; i--) {
        const o = overrides[i]!;
        if (isPrefix(table, o.path)) return { origin: `-c ${o.raw}`, keyPath: formatKeyPath(p) };
      }
    }
    // The nearest enabled project layer that sets the key supplied it.
    for (let i = projectLayers.length - 1; i >= 0; i--) {
      const l = projectLayers[i]!;
      if (l.disabledReason === null && getPath(l.config, p) !== undefined) return { origin: l.file, keyPath: formatKeyPath(p) };
    }
    return { origin: configFile, keyPath: formatKeyPath(p) };
  };
}

function flagError(flag: string, expected: string, got: unknown): ConfigError {
  return new ConfigError(`${flag}: expected ${expected}, got ${JSON.stringify(got)}`, { source: flag });
}

export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const flags = opts.overrides ?? {};
  const codexHome = resolveCodexHome(env, opts.codexHome);
  const configFile = path.join(codexHome, 'config.toml');
  const cli = parseCliOverrides(flags.cliOverrides);
  const cwd = path.resolve(flags.cwd ?? process.cwd());

  // `-c` applies to the file table first so that `-c profile=x` and
  // `-c profiles.x.model=y` take part in choosing and filling the profile.
  const userTable = readTomlFile(configFile) ?? {};
  // Trust is read from the user's file and `-c`, never from a project's own file.
  const trustSource = applyCliOverrides(cloneValue(userTable), cli);
  const projectLayers = loadProjectLayers({ cwd, codexHome, userConfigFile: configFile, merged: trustSource });
  const projectTrusted = projectTrust(cwd, trustSource).levelFor(cwd).level === 'trusted';
  const fileTable = projectLayers.reduce((acc, l) => (l.disabledReason === null ? deepMerge(acc, l.config) : acc), userTable);
  const root = applyCliOverrides(cloneValue(fileTable), cli);
  const locateRoot = locator(configFile, cli, fileTable, projectLayers);
  const rootReader = new ConfigReader(root, locateRoot);

  const profileName = flags.profile ?? rootReader.string(['profile']);
  // Codex 0.169's `--profile NAME` layers $CODEX_HOME/NAME.config.toml; the
  // older `[profiles.NAME]` table in config.toml still works here, deprecated.
  const profileFile = flags.profile !== undefined ? profileFilePath(codexHome, flags.profile) : undefined;
  const fileProfile = profileFile !== undefined ? readTomlFile(profileFile) : undefined;
  const profileWarnings: string[] = [];
  let profile: TomlTable = {};
  if (profileName !== undefined) {
    const found = rootReader.tableAt(['profiles', profileName]);
    if (fileProfile !== undefined && found !== undefined) {
      // Codex 0.169 refuses the mix too: which of the two would win is not obvious.
      throw new ConfigError(
        `--profile \`${profileName}\` cannot be used while ${configFile} contains legacy \`[profiles.${profileName}]\` config; ` +
          `move those settings into ${profileFile} and remove the legacy table`,
        { source: '--profile', keyPath: `profiles.${profileName}` },
      );
    }
    if (fileProfile === undefined && found === undefined) {
      const defined = Object.keys(rootReader.tableAt(['profiles']) ?? {});
      const origin = flags.profile !== undefined ? '--profile' : locateRoot(['profile']).origin;
      throw new ConfigError(
        `${origin}: config profile "${profileName}" not found; expected ` +
          (profileFile !== undefined ? `${profileFile} or ` : '') +
          `one of the [profiles.<name>] tables in ${configFile}` +
          (defined.length ? ` (${defined.join(', ')})` : ' (none defined)'),
        { source: origin, keyPath: 'profile' },
      );
    }
    if (found !== undefined) {
      const target = profileFilePath(codexHome, profileName);
      profileWarnings.push(
        `${configFile}: [profiles.${profileName}] is deprecated (Codex 0.169 reads profile "${profileName}" from ${target}); move those settings there`,
      );
    }
    profile = fileProfile ?? found ?? {};
  }

  // The profile overlays the file, then `-c` is re-applied so it beats the profile.
  const { profiles: _profiles, profile: _profile, ...base } = root;
  const effective = applyCliOverrides(
    deepMerge(base, profile),
    cli.filter((o) => o.path[0] !== 'profiles' && o.path[0] !== 'profile'),
  );
  const locate: Locate = (p) => {
    if (profileName !== undefined && getPath(profile, p) !== undefined) {
      const fromCli = locateRoot(p);
      if (fromCli.origin !== configFile) return fromCli;
      if (fileProfile !== undefined && profileFile !== undefined) return { origin: profileFile, keyPath: formatKeyPath(p) };
      return locateRoot(['profiles', profileName, ...p]);
    }
    return locateRoot(p);
  };
  const reader = new ConfigReader(effective, locate);
  const projectNotice = untrustedProjectNotice(projectLayers);
  const warnings = [
    ...(projectNotice ? [projectNotice] : []),
    ...profileWarnings,
    ...collectUnknownKeyWarnings(root, locateRoot),
    ...(fileProfile !== undefined && profileFile !== undefined
      ? collectUnknownKeyWarnings(fileProfile, (p) => ({ origin: profileFile, keyPath: formatKeyPath(p) }))
      : []),
  ];

  // Config values are validated even when a flag overrides them, so a broken
  // config.toml is reported the same way whatever the command line says.
  const configured = {
    model: reader.string(['model']),
    modelProvider: reader.string(['model_provider']),
    ossProvider: reader.string(['oss_provider']),
    approvalPolicy: readApprovalPolicy(reader),
    sandboxMode: reader.oneOf(['sandbox_mode'], SANDBOX_MODES),
  };
  // A granular policy comes only from the protocol, already checked there.
  if (typeof flags.approvalPolicy === 'string' && !APPROVAL_POLICIES.includes(flags.approvalPolicy)) {
    throw flagError('--ask-for-approval', `one of ${APPROVAL_POLICIES.join(', ')}`, flags.approvalPolicy);
  }
  if (flags.sandboxMode !== undefined && !SANDBOX_MODES.includes(flags.sandboxMode)) {
    throw flagError('--sandbox', `one of ${SANDBOX_MODES.join(', ')}`, flags.sandboxMode);
  }

  // Provider: explicit flag, else --oss's local provider, else model_provider.
  const providers = resolveProviders(reader, env);
  const providerKey = flags.oss ? ['oss_provider'] : ['model_provider'];
  const providerId =
    flags.modelProvider ?? (flags.oss ? (configured.ossProvider ?? DEFAULT_OSS_PROVIDER) : (configured.modelProvider ?? DEFAULT_MODEL_PROVIDER));
  const modelProvider = providers[providerId];
  if (modelProvider === undefined) {
    const where = locate(providerKey);
    const origin = flags.modelProvider !== undefined ? '--model-provider' : `${where.origin}: ${where.keyPath}`;
    throw new ConfigError(`${origin}: model provider "${providerId}" not found; expected one of ${Object.keys(providers).join(', ')}`, {
      source: origin,
      keyPath: providerKey.join('.'),
    });
  }

  const model = flags.model ?? configured.model ?? (flags.oss ? DEFAULT_OSS_MODEL : DEFAULT_MODEL);
  const approvalPolicy = flags.approvalPolicy ?? configured.approvalPolicy ?? 'on-request';
  // As Codex 0.169: a trusted project's default is workspace-write; anything else starts read-only.
  const sandboxMode: SandboxMode = flags.sandboxMode ?? configured.sandboxMode ?? (projectTrusted ? 'workspace-write' : 'read-only');

  const features = readFeatures(reader);
  const webSearch = resolveWebSearchMode({
    configured: reader.oneOf(['web_search'], WEB_SEARCH_MODES),
    features,
    providerId,
    wireApi: modelProvider.wireApi,
    warnings,
    originOf: (feature) => reader.locate(['features', feature]).origin,
  });

  const config: Config = {
    codexHome,
    configFile,
    cwd,
    model,
    modelProviderId: providerId,
    modelProvider,
    modelProviders: providers,
    approvalPolicy,
    sandboxMode,
    sandboxWorkspaceWrite: readSandboxWorkspaceWrite(reader, codexHome),
    additionalWritableRoots: (flags.additionalWritableRoots ?? []).map((d) => path.resolve(cwd, d)),
    shellEnvironmentPolicy: readShellEnvironmentPolicy(reader),
    projectDocMaxBytes: reader.integer(['project_doc_max_bytes'], 0) ?? DEFAULT_PROJECT_DOC_MAX_BYTES,
    projectDocFallbackFilenames: reader.stringArray(['project_doc_fallback_filenames']) ?? [],
    features,
    webSearch,
    mcpServers: readMcpServers(reader),
    warnings,
    projectLayers,
    raw: effective,
  };
  // Optional keys are set only when configured, so `'notify' in config` means "configured".
  assignDefined(config, {
    modelReasoningEffort: reader.oneOf(['model_reasoning_effort'], REASONING_EFFORTS),
    modelReasoningSummary: reader.oneOf(['model_reasoning_summary'], REASONING_SUMMARIES),
    modelContextWindow: reader.integer(['model_context_window'], 1),
    modelAutoCompactTokenLimit: reader.integer(['model_auto_compact_token_limit']),
    notify: reader.stringArray(['notify']),
    profile: profileName,
    developerInstructions: reader.string(['developer_instructions']),
    reviewModel: reader.string(['review_model']),
  });
  return config;
}

/** `$CODEX_HOME/NAME.config.toml`; a name that would leave CODEX_HOME is refused. */
function profileFilePath(codexHome: string, name: string): string {
  if (name === '' || name.includes('/') || name.includes('\\') || name.startsWith('.')) {
    throw new ConfigError(`--profile: invalid profile name "${name}": expected a plain name (the file is $CODEX_HOME/<name>.config.toml)`, {
      source: '--profile',
    });
  }
  return path.join(codexHome, `${name}.config.toml`);
}

function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}

function readApprovalPolicy(reader: ConfigReader): ApprovalPolicy | undefined {
  const raw = reader.raw(['approval_policy']);
  // Codex 0.169 also takes `{ granular = { sandbox_approval, rules, mcp_elicitations, … } }`.
  if (isTable(raw) && 'granular' in raw) {
    const parsed = z.safeParse(granularApprovalPolicy, raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    const { origin, keyPath } = reader.locate(['approval_policy', ...issue.path.map(String)]);
    throw new ConfigError(`${origin}: ${keyPath}: ${issue.message}`, { source: origin, keyPath });
  }
  return reader.oneOf(['approval_policy'], APPROVAL_POLICIES);
}

function readSandboxWorkspaceWrite(reader: ConfigReader, codexHome: string): SandboxWorkspaceWrite {
  const at = (k: string): string[] => ['sandbox_workspace_write', k];
  reader.tableAt(['sandbox_workspace_write']);
  return {
    // Relative roots are taken relative to the config file's directory, as Codex does.
    writableRoots: (reader.stringArray(at('writable_roots')) ?? []).map((r) => path.resolve(codexHome, r)),
    networkAccess: reader.boolean(at('network_access')) ?? false,
    excludeTmpdirEnvVar: reader.boolean(at('exclude_tmpdir_env_var')) ?? false,
    excludeSlashTmp: reader.boolean(at('exclude_slash_tmp')) ?? false,
  };
}

function readShellEnvironmentPolicy(reader: ConfigReader): ShellEnvironmentPolicy {
  const at = (k: string): string[] => ['shell_environment_policy', k];
  reader.tableAt(['shell_environment_policy']);
  return {
    inherit: reader.oneOf(at('inherit'), SHELL_INHERIT) ?? 'all',
    ignoreDefaultExcludes: reader.boolean(at('ignore_default_excludes')) ?? false,
    exclude: reader.stringArray(at('exclude')) ?? [],
    set: reader.stringMap(at('set')) ?? {},
    includeOnly: reader.stringArray(at('include_only')) ?? [],
  };
}

function readFeatures(reader: ConfigReader): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(reader.tableAt(['features']) ?? {})) {
    // Some Codex features take a table with an `enabled` switch plus settings.
    if (isTable(value)) {
      out[name] = reader.boolean(['features', name, 'enabled']) ?? true;
    } else {
      const on = reader.boolean(['features', name]);
      if (on !== undefined) out[name] = on;
    }
  }
  return out;
}

function readMcpServers(reader: ConfigReader): Record<string, unknown> {
  const servers = reader.tableAt(['mcp_servers']) ?? {};
  for (const [name, server] of Object.entries(servers)) {
    if (!isTable(server)) reader.fail(['mcp_servers', name], 'a table');
  }
  return cloneValue(servers);
}
