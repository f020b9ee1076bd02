// Options typed before the subcommand (`codex -c model=o3 exec …`, `codex -m o3
// review`, `codex --cd DIR resume --last`). Codex's clap root takes the
// interactive UI's options and hands them to the subcommand; here they are
// moved behind the subcommand's name, where its own parser reads them. The
// subcommand's own options come later, so they win, as in Codex.
// Kept light: main.ts loads it for every command.
import type { OptionSpec } from './args.js';
import { CONFIG_FLAG_SPECS } from './configFlags.js';

/** `codex [OPTIONS] [PROMPT]`: the interactive UI's options, which are also the root's. */
export const TUI_SPECS: OptionSpec[] = [
  ...CONFIG_FLAG_SPECS,
  {
    long: 'ask-for-approval',
    short: 'a',
    value: true,
    choices: ['untrusted', 'on-failure', 'on-request', 'never'],
    help: 'When the model must ask before running a command',
  },
  { long: 'image', short: 'i', value: true, repeatable: true, help: 'Image(s) to attach to the initial prompt (comma-separated or repeated)' },
  { long: 'search', help: 'Enable live web search. When enabled, the native Responses `web_search` tool is available to the model (no per-call approval)' },
  {
    long: 'remote',
    value: true,
    help: 'Connect the TUI to a remote app server endpoint. Accepted forms: `ws://host:port`, `wss://host:port`, `unix://`, or `unix://PATH`',
  },
  { long: 'remote-auth-token-env', value: true, help: 'Name of the environment variable containing the bearer token to send to a remote app server websocket' },
  { long: 'no-alt-screen', help: 'Run inline, keeping the terminal scrollback, instead of the alternate screen' },
  { long: 'help', short: 'h', help: 'Print help' },
];

/** One root option as typed: its spec and value (undefined for a switch). */
interface RootOption {
  spec: OptionSpec;
  value?: string;
}

export interface RootSplit {
  /** The subcommand word, when one follows the root options. */
  command?: string;
  /** The root options typed before it. */
  options: RootOption[];
  /** What follows the subcommand word. */
  rest: string[];
}

const BY_NAME = new Map<string, OptionSpec>();
for (const s of TUI_SPECS) {
  if (s.long === 'help') continue;
  BY_NAME.set(`--${s.long}`, s);
  if (s.short) BY_NAME.set(`-${s.short}`, s);
  for (const a of s.aliases ?? []) BY_NAME.set(`--${a}`, s);
}

/** Whether `arg` is one of the root's (the interactive UI's) options. */
export function isRootOption(arg: string): boolean {
  const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
  return BY_NAME.has(eq > 0 ? arg.slice(0, eq) : arg);
}

/**
 * Reads root options from the front of argv up to the first word. When that
 * word is a subcommand, returns it with the options; otherwise (a prompt, an
 * unknown flag, `--help`) there is no subcommand and argv is the UI's.
 */
export function splitRootOptions(argv: string[], subcommands: ReadonlySet<string>): RootSplit {
  const options: RootOption[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      return subcommands.has(arg) ? { command: arg, options, rest: argv.slice(i + 1) } : { options: [], rest: argv };
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const spec = BY_NAME.get(eq > 0 ? arg.slice(0, eq) : arg);
    if (!spec) break;
    if (!spec.value) {
      options.push({ spec });
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) break;
    options.push({ spec, value });
  }
  return { options: [], rest: argv };
}

const ALL_CONFIG_FLAGS = CONFIG_FLAG_SPECS.map((s) => s.long);
const FEATURE_FLAGS = ['config', 'enable', 'disable'];

/** The root options each subcommand's own parser takes as they are. */
const ACCEPTED: Record<string, readonly string[]> = {
  exec: [...ALL_CONFIG_FLAGS, 'image'],
  e: [...ALL_CONFIG_FLAGS, 'image'],
  fork: [...ALL_CONFIG_FLAGS, 'image'],
  resume: ALL_CONFIG_FLAGS,
  review: ALL_CONFIG_FLAGS,
  archive: ALL_CONFIG_FLAGS,
  unarchive: ALL_CONFIG_FLAGS,
  delete: ALL_CONFIG_FLAGS,
  'app-server': ALL_CONFIG_FLAGS,
  'mcp-server': ALL_CONFIG_FLAGS,
  web: ALL_CONFIG_FLAGS,
  doctor: [...FEATURE_FLAGS, 'profile'],
  login: FEATURE_FLAGS,
  logout: FEATURE_FLAGS,
};

/** Root options that are a config key: given as `-c` to a subcommand that takes -c but not the option. */
const AS_CONFIG: Record<string, (value: string | undefined) => string> = {
  model: (v) => `model=${JSON.stringify(v)}`,
  profile: (v) => `profile=${JSON.stringify(v)}`,
  sandbox: (v) => `sandbox_mode=${JSON.stringify(v)}`,
  'ask-for-approval': (v) => `approval_policy=${JSON.stringify(v)}`,
  search: () => 'web_search="live"',
};

/** Only the interactive UI connects elsewhere: as Codex, `--remote` before another command is an error. */
const REMOTE_COMMANDS = new Set(['resume', 'fork']);

/**
 * The subcommand's argv with the root options moved in front of its own.
 * Options a subcommand has no use for are dropped, as Codex ignores them
 * (`codex -m o3 mcp list`).
 */
export function subcommandArgv(split: RootSplit & { command: string }, interactive: boolean): string[] {
  const { command, options, rest } = split;
  const accepted = ACCEPTED[command] ?? [];
  const moved: string[] = [];
  for (const { spec, value } of options) {
    if ((spec.long === 'remote' || spec.long === 'remote-auth-token-env') && !REMOTE_COMMANDS.has(command)) {
      // Codex's words, and its exit status 1 (not a usage error).
      throw new Error(`\`--${spec.long} ${value}\` is only supported for interactive TUI commands, not \`codex ${command}\``);
    }
    // The resume picker is the interactive UI: it takes all of them.
    const takes = accepted.includes(spec.long) || (command === 'resume' && interactive && spec.long !== 'image');
    if (takes) moved.push(`--${spec.long}`, ...(value === undefined ? [] : [value]));
    else if (AS_CONFIG[spec.long] && accepted.includes('config')) moved.push('-c', AS_CONFIG[spec.long]!(value));
  }
  // `codex login status` is a subcommand of login: its options follow that word.
  if (command === 'login' && rest[0] === 'status') return ['status', ...moved, ...rest.slice(1)];
  return [...moved, ...rest];
}
