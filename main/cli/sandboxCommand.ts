// `codex sandbox [linux|macos|windows] [--full-auto] [-s POLICY] [-c …] [-C DIR] -- COMMAND…`
// (and the old `codex debug landlock|seatbelt` spellings): run one command
// under the sandbox policy and exit with its code.
import { resolve } from 'node:path';
import { loadConfig } from '../core/config/load.js';
import { createShellEnv } from '../core/config/shellEnv.js';
import { runUnderSandbox } from '../core/sandbox/index.js';
import { sandboxPolicyFromConfig } from '../core/session/sandboxPolicy.js';
import { parseArgs, flag, str, list, formatHelp, UsageError, type OptionSpec } from './args.js';

const SPECS: OptionSpec[] = [
  { long: 'full-auto', help: 'Use the workspace-write policy (the default is read-only)' },
  { long: 'sandbox', short: 's', value: true, choices: ['read-only', 'workspace-write', 'danger-full-access'], help: 'Sandbox policy' },
  { long: 'config', short: 'c', value: true, repeatable: true, help: 'Override a config value: -c key=value' },
  { long: 'profile', short: 'p', aliases: ['P'], value: true, help: 'Configuration profile' },
  { long: 'cd', short: 'C', value: true, help: 'Working directory of the command' },
  { long: 'add-dir', value: true, repeatable: true, help: 'Additional writable directory' },
  { long: 'help', short: 'h' },
];

const PLATFORM_OF: Record<string, NodeJS.Platform> = { linux: 'linux', landlock: 'linux', macos: 'darwin', seatbelt: 'darwin', windows: 'win32' };

export async function runSandboxCommand(cmd: 'sandbox' | 'debug', argv: string[]): Promise<number> {
  let args = argv;
  let platform: NodeJS.Platform | undefined;
  const first = args[0];
  if (cmd === 'debug') {
    if (first !== 'landlock' && first !== 'seatbelt') throw new UsageError(`unrecognized debug subcommand '${first ?? ''}': expected landlock or seatbelt`);
  }
  if (first && PLATFORM_OF[first] && (cmd === 'debug' || ['linux', 'macos', 'windows'].includes(first))) {
    platform = PLATFORM_OF[first];
    args = args.slice(1);
  }
  const p = parseArgs(args, SPECS);
  if (flag(p, 'help')) {
    process.stdout.write(formatHelp('codex sandbox [linux|macos|windows] [OPTIONS] -- COMMAND...', SPECS));
    return 0;
  }
  const command = [...p.positionals, ...p.rest];
  if (command.length === 0) throw new UsageError('no command given: codex sandbox [OPTIONS] -- COMMAND...');
  if (platform && platform !== process.platform) {
    process.stderr.write(`Error: the ${first} sandbox is only available on ${first === 'linux' ? 'Linux' : first === 'windows' ? 'Windows' : 'macOS'}; this is ${process.platform}\n`);
    return 1;
  }
  const cwd = resolve(str(p, 'cd') ?? process.cwd());
  const config = loadConfig({
    overrides: {
      cwd,
      profile: str(p, 'profile'),
      sandboxMode: (str(p, 'sandbox') as 'read-only' | undefined) ?? (flag(p, 'full-auto') ? 'workspace-write' : 'read-only'),
      cliOverrides: list(p, 'config'),
      additionalWritableRoots: list(p, 'add-dir').map((d) => resolve(d)),
    },
  });
  for (const w of config.warnings) process.stderr.write(`warning: ${w}\n`);
  const policy = sandboxPolicyFromConfig(config);
  const env = createShellEnv(config.shellEnvironmentPolicy, process.env);
  return runUnderSandbox(command, policy, cwd, env);
}
