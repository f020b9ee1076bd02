// `codex sandbox [OPTIONS] [--] COMMAND…` (Codex 0.169: platform picked
// automatically, policy from -P/--permission-profile), the older
// `codex sandbox linux|macos|windows [--full-auto] [-s POLICY] -- COMMAND…`
// and `codex debug landlock|seatbelt`: run one command under the sandbox
// policy and exit with its code.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../core/config/load.js';
import { createShellEnv } from '../core/config/shellEnv.js';
import { SANDBOX_MODES, type SandboxMode } from '../core/sandbox/policy.js';
import { runUnderSandbox } from '../core/sandbox/index.js';
import { sandboxPolicyFromConfig } from '../core/sandbox/policyConversions.js';
import { parseArgs, flag, str, list, formatHelp, UsageError, type OptionSpec } from './args.js';
import { addDirs } from './configFlags.js';

export const SANDBOX_SPECS: OptionSpec[] = [
  { long: 'permission-profile', short: 'P', value: true, help: 'Built-in permissions profile: :read-only, :workspace or :danger-full-access' },
  { long: 'sandbox', short: 's', value: true, choices: SANDBOX_MODES, help: 'Sandbox policy (older form of -P)' },
  { long: 'full-auto', help: 'Same as --sandbox workspace-write (the default is read-only)' },
  { long: 'config', short: 'c', value: true, repeatable: true, help: 'Override a config value: -c key=value (e.g. -c sandbox_mode="workspace-write")' },
  { long: 'profile', short: 'p', value: true, help: 'Configuration profile ([profiles.<name>] in config.toml)' },
  { long: 'cd', short: 'C', value: true, help: 'Working directory of the command (and the workspace root)' },
  { long: 'add-dir', value: true, repeatable: true, help: 'Additional writable directory' },
  { long: 'enable', value: true, repeatable: true, help: 'Enable a feature (-c features.<name>=true)' },
  { long: 'disable', value: true, repeatable: true, help: 'Disable a feature (-c features.<name>=false)' },
  { long: 'help', short: 'h' },
];

const USAGE =
  'codex sandbox [OPTIONS] [--] COMMAND...\n' +
  '       codex sandbox linux|macos|windows [--full-auto] [-s POLICY] [OPTIONS] -- COMMAND...\n' +
  '       codex debug landlock|seatbelt [OPTIONS] -- COMMAND...\n\n' +
  'Runs COMMAND under the sandbox of this platform (Landlock + seccomp on Linux, Seatbelt on\n' +
  'macOS, a restricted token on Windows) and exits with its exit code. The policy is read-only\n' +
  'unless -P, -s, --full-auto or -c sandbox_mode=… says otherwise.';

const DEBUG_HELP = `Debugging tools

Usage: codex debug <COMMAND> [OPTIONS] -- COMMAND...

Commands:
  landlock  Run a command under the Linux sandbox (same as codex sandbox linux)
  seatbelt  Run a command under the macOS sandbox (same as codex sandbox macos)

Options:
  -h, --help  Print help
`;

/** Codex 0.169's built-in permission profiles. Named [permissions.<name>] tables are not supported. */
const PERMISSION_PROFILES: Record<string, SandboxMode> = {
  ':read-only': 'read-only',
  ':workspace': 'workspace-write',
  ':danger-full-access': 'danger-full-access',
};

const PLATFORMS: Record<string, { platform: NodeJS.Platform; label: string }> = {
  linux: { platform: 'linux', label: 'Linux' },
  macos: { platform: 'darwin', label: 'macOS' },
  windows: { platform: 'win32', label: 'Windows' },
  landlock: { platform: 'linux', label: 'Linux' },
  seatbelt: { platform: 'darwin', label: 'macOS' },
};

/** The sandbox mode the flags ask for; undefined leaves it to `-c sandbox_mode`, else read-only. */
function modeFromFlags(p: ReturnType<typeof parseArgs>): SandboxMode | undefined {
  const permissionProfile = str(p, 'permission-profile');
  const sandbox = str(p, 'sandbox') as SandboxMode | undefined;
  const fullAuto = flag(p, 'full-auto');
  const given = [permissionProfile && '--permission-profile', sandbox && '--sandbox', fullAuto && '--full-auto'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`the argument '${given[0]}' cannot be used with '${given[1]}'`);
  if (permissionProfile !== undefined) {
    const mode = PERMISSION_PROFILES[permissionProfile];
    if (!mode) {
      throw new UsageError(
        `unknown permission profile '${permissionProfile}': expected one of ${Object.keys(PERMISSION_PROFILES).join(', ')} ` +
          '(named [permissions.<name>] profiles are not supported)',
      );
    }
    return mode;
  }
  if (sandbox) return sandbox;
  if (fullAuto) return 'workspace-write';
  const configKeys = list(p, 'config').map((o) => o.split('=')[0]!.trim());
  return configKeys.includes('sandbox_mode') ? undefined : 'read-only';
}

export async function runSandboxCommand(cmd: 'sandbox' | 'debug', argv: string[]): Promise<number> {
  let args = argv;
  const first = args[0];
  if (cmd === 'debug' && (first === '--help' || first === '-h' || first === 'help')) {
    process.stdout.write(DEBUG_HELP);
    return 0;
  }
  if (cmd === 'debug' && first !== 'landlock' && first !== 'seatbelt') {
    throw new UsageError(`unrecognized debug subcommand '${first ?? ''}': expected landlock or seatbelt`);
  }
  // `codex sandbox landlock` is not a form; there `landlock` is the command.
  const target = first && (cmd === 'debug' || ['linux', 'macos', 'windows'].includes(first)) ? PLATFORMS[first] : undefined;
  if (target) args = args.slice(1);

  // The command starts at the first positional: `codex sandbox ls -la` runs `ls -la`.
  let p: ReturnType<typeof parseArgs>;
  try {
    p = parseArgs(args, SANDBOX_SPECS, { stopAtFirstPositional: true });
  } catch (err) {
    const arg = err instanceof UsageError ? /^unexpected argument '(.*)' found$/.exec(err.message)?.[1] : undefined;
    if (arg) throw new UsageError(`${err instanceof Error ? err.message : ''}\n\n  tip: to pass '${arg}' to the command, use '-- ${arg}'`);
    throw err;
  }
  if (flag(p, 'help')) {
    process.stdout.write(formatHelp(USAGE, SANDBOX_SPECS));
    return 0;
  }
  const command = [...p.positionals, ...p.rest];
  if (command.length === 0) throw new UsageError('no command given: codex sandbox [OPTIONS] -- COMMAND...');
  const sandboxMode = modeFromFlags(p);
  if (target && target.platform !== process.platform) {
    process.stderr.write(`Error: the ${first} sandbox is only available on ${target.label}; this is ${process.platform}\n`);
    return 1;
  }

  const cwd = resolve(str(p, 'cd') ?? process.cwd());
  if (!statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
    process.stderr.write(`Error: -C/--cd ${cwd}: no such directory\n`);
    return 1;
  }
  const features = [...list(p, 'enable').map((f) => `features.${f}=true`), ...list(p, 'disable').map((f) => `features.${f}=false`)];
  const config = loadConfig({
    overrides: {
      cwd,
      profile: str(p, 'profile'),
      sandboxMode,
      cliOverrides: [...features, ...list(p, 'config')],
      additionalWritableRoots: addDirs(p, process.cwd()),
    },
  });
  for (const w of config.warnings) process.stderr.write(`warning: ${w}\n`);
  const policy = sandboxPolicyFromConfig(config);
  const env = createShellEnv(config.shellEnvironmentPolicy, process.env);
  return runUnderSandbox(command, policy, cwd, env);
}
