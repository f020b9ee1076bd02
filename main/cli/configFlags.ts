// Flags shared by every command that loads config (exec, app-server, sandbox…).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigOverrides } from '../core/config/types.js';
import { SANDBOX_MODES } from '../../shared/protocol/enums.js';
import { flag, list, str, type OptionSpec, type ParsedArgs } from './args.js';

export const CONFIG_FLAG_SPECS: OptionSpec[] = [
  { long: 'config', short: 'c', value: true, repeatable: true, help: 'Override a config value: -c key=value (value parsed as TOML)' },
  { long: 'enable', value: true, repeatable: true, help: 'Enable a feature (features.<name>=true)' },
  { long: 'disable', value: true, repeatable: true, help: 'Disable a feature (features.<name>=false)' },
  { long: 'model', short: 'm', value: true, help: 'Model the agent should use' },
  { long: 'oss', help: 'Use the local open-source model provider (Ollama)' },
  { long: 'local-provider', value: true, choices: ['ollama', 'lmstudio'], help: 'Local provider for --oss' },
  { long: 'profile', short: 'p', value: true, help: 'Configuration profile from config.toml' },
  { long: 'sandbox', short: 's', value: true, choices: SANDBOX_MODES, help: 'Sandbox policy for model-generated commands' },
  { long: 'full-auto', hidden: true },
  { long: 'dangerously-bypass-approvals-and-sandbox', aliases: ['yolo'], help: 'Run every command without approvals or sandbox (dangerous)' },
  { long: 'cd', short: 'C', value: true, help: 'Working root directory for the agent' },
  { long: 'add-dir', value: true, repeatable: true, help: 'Additional writable directory' },
];

export function configOverridesFromFlags(p: ParsedArgs, baseCwd: string): ConfigOverrides {
  const cli = [...list(p, 'config')];
  for (const f of list(p, 'enable')) cli.push(`features.${f}=true`);
  for (const f of list(p, 'disable')) cli.push(`features.${f}=false`);
  // `codex --search` (the interactive UI's flag, as Codex): live web search for this run.
  if (flag(p, 'search')) cli.push('web_search="live"');
  const localProvider = str(p, 'local-provider');
  if (localProvider) cli.push(`oss_provider="${localProvider}"`);
  const o: ConfigOverrides = { cliOverrides: cli };
  const cd = str(p, 'cd');
  o.cwd = cd ? resolve(baseCwd, cd) : baseCwd;
  const model = str(p, 'model');
  if (model) o.model = model;
  const profile = str(p, 'profile');
  if (profile) o.profile = profile;
  if (flag(p, 'oss')) o.oss = true;
  const sandbox = str(p, 'sandbox') as ConfigOverrides['sandboxMode'];
  if (sandbox) o.sandboxMode = sandbox;
  if (flag(p, 'full-auto') && !sandbox) o.sandboxMode = 'workspace-write';
  if (flag(p, 'dangerously-bypass-approvals-and-sandbox')) {
    o.sandboxMode = 'danger-full-access';
    o.approvalPolicy = 'never';
  }
  const dirs = addDirs(p, baseCwd);
  if (dirs.length) o.additionalWritableRoots = dirs;
  return o;
}

/** The --add-dir folders, absolute. One that is not there cannot be granted (the sandbox opens each root): refused up front. */
export function addDirs(p: ParsedArgs, baseCwd: string): string[] {
  const dirs = list(p, 'add-dir').map((d) => resolve(baseCwd, d));
  for (const d of dirs) {
    const st = statSync(d, { throwIfNoEntry: false });
    if (!st) throw new Error(`--add-dir ${d}: no such directory`);
    if (!st.isDirectory()) throw new Error(`--add-dir ${d}: not a directory`);
  }
  return dirs;
}
