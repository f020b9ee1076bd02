// The command tree that shell completions are generated from: each command's
// options are the very specs its parser uses, so completions cannot drift.
import type { OptionSpec } from '../args.js';
import { APP_SERVER_SPECS } from '../appServerCommand.js';
import { EXEC_SERVER_SPECS } from '../execServerCommand.js';
import { WEB_SPECS } from '../webCommand.js';
import { EXEC_SPECS } from '../exec/run.js';
import { LOGIN_SPECS } from '../loginCommand.js';
import { MCP_ADD_SPECS, MCP_JSON_SPEC, MCP_LOGIN_SPECS } from '../mcpCommand.js';
import { MCP_SERVER_SPECS } from '../mcpServerCommand.js';
import { SANDBOX_SPECS } from '../sandboxCommand.js';
import { DOCTOR_SPECS } from '../doctorCommand.js';
import { TUI_SPECS } from '../../tui/run.js';
import { DELETE_SPECS, FORK_SPECS, SESSION_SPECS } from '../threadCommands.js';
import { REVIEW_SPECS } from '../reviewCommand.js';

export interface CompletionCommand {
  name: string;
  aliases?: string[];
  about: string;
  options: OptionSpec[];
  subcommands?: CompletionCommand[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const HELP_ONLY: OptionSpec[] = [];

export const CODEX_COMMAND: CompletionCommand = {
  name: 'codex',
  about: 'Codex CLI',
  options: [...TUI_SPECS, { long: 'version', short: 'V', help: 'Print version' }],
  subcommands: [
    {
      name: 'exec',
      aliases: ['e'],
      about: 'Run Codex non-interactively',
      options: EXEC_SPECS,
      subcommands: [
        { name: 'resume', about: 'Resume a previous session by id or pick the most recent with --last', options: EXEC_SPECS },
        { name: 'fork', about: 'Fork a previous session by id or name, or the most recent with --last', options: EXEC_SPECS },
      ],
    },
    { name: 'review', about: 'Run a code review non-interactively', options: REVIEW_SPECS },
    { name: 'resume', about: 'Resume a previous session (--last, SESSION_ID or name)', options: EXEC_SPECS },
    { name: 'fork', about: 'Fork a session (--last, SESSION_ID or name)', options: FORK_SPECS },
    { name: 'archive', about: 'Archive a saved session by id or session name', options: SESSION_SPECS },
    { name: 'unarchive', about: 'Unarchive a saved session by id or session name', options: SESSION_SPECS },
    { name: 'delete', about: 'Permanently delete a saved session by id or session name', options: DELETE_SPECS },
    {
      name: 'login',
      about: 'Manage login',
      options: LOGIN_SPECS,
      subcommands: [{ name: 'status', about: 'Show login status', options: HELP_ONLY }],
    },
    { name: 'logout', about: 'Remove stored authentication credentials', options: HELP_ONLY },
    {
      name: 'mcp',
      about: 'Manage external MCP servers for Codex',
      options: HELP_ONLY,
      subcommands: [
        { name: 'list', about: 'List configured MCP servers', options: [MCP_JSON_SPEC] },
        { name: 'get', about: 'Show details for a configured MCP server', options: [MCP_JSON_SPEC] },
        { name: 'add', about: 'Add a global MCP server entry', options: MCP_ADD_SPECS },
        { name: 'remove', about: 'Remove a global MCP server entry', options: HELP_ONLY },
        { name: 'login', about: 'Authenticate with a configured MCP server via OAuth', options: MCP_LOGIN_SPECS },
        { name: 'logout', about: 'Deauthenticate from a configured MCP server', options: HELP_ONLY },
      ],
    },
    { name: 'mcp-server', about: 'Run Codex as an MCP server over stdio', options: MCP_SERVER_SPECS },
    { name: 'app-server', about: 'Run the app-server protocol over stdio (JSON-RPC)', options: APP_SERVER_SPECS },
    { name: 'exec-server', about: 'Run processes for a remote Codex', options: EXEC_SERVER_SPECS },
    { name: 'web', about: "Serve the desktop app's UI to a browser, with a one-time pairing link", options: WEB_SPECS },
    {
      name: 'sandbox',
      about: 'Run a command inside the Codex sandbox',
      options: SANDBOX_SPECS,
      subcommands: ['linux', 'macos', 'windows'].map((name) => ({ name, about: `The ${name} sandbox (older form)`, options: SANDBOX_SPECS })),
    },
    {
      name: 'debug',
      about: 'Debugging tools',
      options: HELP_ONLY,
      subcommands: [
        { name: 'landlock', about: 'Run a command under the Linux sandbox', options: SANDBOX_SPECS },
        { name: 'seatbelt', about: 'Run a command under the macOS sandbox', options: SANDBOX_SPECS },
      ],
    },
    { name: 'completion', about: 'Generate shell completion scripts', options: HELP_ONLY },
    { name: 'doctor', about: 'Diagnose the Codex installation, config, login and sandbox', options: DOCTOR_SPECS },
  ],
};

/** The options a command accepts, `-h, --help` included once. */
export function optionsOf(cmd: CompletionCommand): OptionSpec[] {
  const visible = cmd.options.filter((o) => !o.hidden && o.long !== 'help');
  return [...visible, { long: 'help', short: 'h', help: 'Print help' }];
}

/** How an option's value is completed: a fixed list, directories, or files. */
export function valueKind(o: OptionSpec): { choices: readonly string[] } | 'dirs' | 'files' | 'none' {
  if (!o.value) return 'none';
  if (o.choices) return { choices: o.choices };
  if (o.long === 'cd' || o.long === 'add-dir') return 'dirs';
  return 'files';
}

/** Every command with its path of names from the root (`['codex', 'mcp', 'add']`). */
export function walk(cmd: CompletionCommand, path: string[] = [cmd.name]): Array<{ cmd: CompletionCommand; path: string[] }> {
  return [{ cmd, path }, ...(cmd.subcommands ?? []).flatMap((s) => walk(s, [...path, s.name]))];
}

/** One line of help text, as shells want it. */
export function oneLine(s: string | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}
