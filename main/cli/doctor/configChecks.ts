// Doctor checks that read the configuration: its layers, the credentials for
// the chosen provider, and the MCP servers it declares (checked without
// starting them: a command that is not on PATH, a bad URL, an unset token).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../core/config/load.js';
import { authStatus, missingCredentialsMessage, resolveApiKey } from '../../core/config/auth.js';
import type { Config, ConfigOverrides } from '../../core/config/types.js';
import { parseMcpServers } from '../../core/mcp/config.js';
import { commandResolvable } from '../../core/sandbox/linux.js';
import { check, type DoctorCheck } from './types.js';
import { approvalPolicyName } from '../../core/approval/policy.js';

export function configCheck(overrides: ConfigOverrides, env: NodeJS.ProcessEnv): { check: DoctorCheck; config?: Config } {
  let config: Config;
  try {
    config = loadConfig({ overrides, env });
  } catch (err) {
    return {
      check: check(
        'config.load',
        'fail',
        'the configuration cannot be loaded',
        { error: (err as Error).message },
        'Fix the setting named in the error (the file and key, or the -c flag, it came from).',
      ),
    };
  }
  const layers: Record<string, string> = {
    'config.toml': `${config.configFile} (${existsSync(config.configFile) ? 'present' : 'missing: defaults apply'})`,
  };
  if (config.profile !== undefined) {
    const file = join(config.codexHome, `${config.profile}.config.toml`);
    layers.profile =
      existsSync(file) && overrides.profile !== undefined
        ? `${config.profile}: ${file}`
        : `${config.profile}: [profiles.${config.profile}] in config.toml (deprecated)`;
  }
  const cli = overrides.cliOverrides ?? [];
  if (cli.length > 0) layers['-c overrides'] = cli.join(' ');
  const details: Record<string, string> = {
    CODEX_HOME: config.codexHome,
    ...layers,
    model: config.model,
    provider: `${config.modelProviderId} (${config.modelProvider.baseUrl}, ${config.modelProvider.wireApi})`,
    sandbox: config.sandboxMode,
    approval: approvalPolicyName(config.approvalPolicy),
  };
  config.warnings.forEach((w, i) => (details[`warning ${i + 1}`] = w));
  const status = config.warnings.length > 0 ? 'warn' : 'ok';
  return {
    check: check(
      'config.load',
      status,
      status === 'ok' ? 'loaded' : `loaded with ${config.warnings.length} warning(s)`,
      details,
      status === 'ok' ? null : 'See the warnings: each names the file and key.',
    ),
    config,
  };
}

export function authCheck(config: Config, env: NodeJS.ProcessEnv): DoctorCheck {
  const provider = config.modelProvider;
  const key = resolveApiKey(provider, config.codexHome, env);
  const missing = missingCredentialsMessage(provider, key);
  const login = authStatus(config.codexHome, env);
  const details: Record<string, string> = { provider: provider.id, 'codex login status': login.message.split('\n')[0]! };
  if (provider.envKey) details['env_key'] = `${provider.envKey} (${env[provider.envKey] ? 'set' : 'not set'})`;
  if (missing) return check('auth.credentials', 'fail', 'no credentials for the model provider', details, missing);
  return check('auth.credentials', 'ok', key ? 'a key is available for the model provider' : 'the provider needs no key', details);
}

export function mcpCheck(config: Config, env: NodeJS.ProcessEnv): DoctorCheck {
  let servers;
  try {
    servers = parseMcpServers(config.mcpServers);
  } catch (err) {
    return check('mcp.servers', 'fail', 'mcp_servers cannot be read', { error: (err as Error).message }, 'Fix [mcp_servers] in config.toml.');
  }
  if (servers.length === 0) return check('mcp.servers', 'ok', 'no MCP servers configured');
  const details: Record<string, string> = {};
  let problems = 0;
  for (const s of servers) {
    const t = s.transport;
    let state: string;
    if (!s.enabled) state = 'disabled';
    else if (t.type === 'stdio') {
      const found = commandResolvable([t.command], t.cwd ?? config.cwd, { ...env, ...(t.env ?? {}) });
      if (!found) problems++;
      state = `stdio \`${t.command}\`: ${found ? 'command found' : 'command not found on PATH'}`;
    } else {
      let urlOk = true;
      try {
        new URL(t.url);
      } catch {
        urlOk = false;
      }
      const tokenMissing = t.bearerTokenEnvVar !== undefined && t.bearerTokenEnvVar !== null && !env[t.bearerTokenEnvVar];
      if (!urlOk || tokenMissing) problems++;
      state = `streamable_http ${t.url}: ${!urlOk ? 'not a valid URL' : tokenMissing ? `${t.bearerTokenEnvVar} is not set` : 'configured'}`;
    }
    details[s.name] = `${state}${s.required ? ' (required)' : ''}`;
  }
  details.note = 'servers are checked without being started';
  if (problems === 0) return check('mcp.servers', 'ok', `${servers.length} server(s) configured`, details);
  return check(
    'mcp.servers',
    'warn',
    `${problems} MCP server(s) cannot start as configured`,
    details,
    'Fix the listed servers in config.toml (codex mcp get NAME), or disable them with enabled = false.',
  );
}
