// `codex` command-line entry: picks the subcommand. Kept light so
// `codex --version` does not load the agent core.
import { HelpRequested, UsageError } from './args.js';
import { installTerminationHandlers, terminateOnClosedOutput, terminationInProgress } from './terminationSignals.js';
import { VERSION } from '../core/version.js';
import { isRootOption, splitRootOptions, subcommandArgv } from './rootOptions.js';

const HELP = `Codex CLI (codex-cli ${VERSION}, Codex Desktop)

Usage: codex [OPTIONS] [PROMPT]
       codex <COMMAND> [OPTIONS]

With no command, in a terminal: the interactive terminal UI (codex --no-alt-screen keeps the scrollback).

Commands:
  exec, e        Run Codex non-interactively (codex exec [OPTIONS] [PROMPT])
  exec resume    Resume a previous session (--last or SESSION_ID) with a new prompt
  review         Run a code review non-interactively (--uncommitted | --base BRANCH | --commit SHA | PROMPT)
  resume         Resume a session: in a terminal, pick one from a list; else list them (--last | SESSION_ID | name)
  fork           Fork a session (--last | SESSION_ID | name) [PROMPT]
  archive        Archive a saved session by id or session name
  unarchive      Unarchive a saved session by id or session name
  delete         Permanently delete a saved session by id or session name (--force: no prompt)
  login          Manage login (Sign in with ChatGPT; --device-auth; --with-api-key reads a key from stdin; status)
  logout         Remove stored authentication credentials
  mcp            Manage MCP servers in config.toml (add | list | get | remove | login | logout)
  mcp-server     Run Codex as an MCP server over stdio (tools: codex, codex-reply)
  app-server     Run the app-server protocol over stdio (JSON-RPC)
  exec-server    Run processes for a remote Codex (--listen ws://IP:PORT | stdio)
  web            Serve the desktop app's UI to a browser, with a one-time pairing link (--listen IP:PORT)
  sandbox        Run a command inside the Codex sandbox (linux | macos | windows)
  debug          Aliases: debug landlock | debug seatbelt
  completion     Generate shell completion scripts (bash | zsh | fish)
  doctor         Diagnose the installation: config, login, sandbox, MCP servers, desktop app

Options:
  -h, --help     Print help
  -V, --version  Print version
`;

/**
 * Subcommands that run commands for the agent (a termination signal must take
 * those along), with the signals each treats as a clean stop (exit 0), as
 * observed on Codex 0.169 (mcp-server, gone there, keeps its own exit 0).
 */
const SESSION_COMMANDS = new Map<string, NodeJS.Signals[]>([
  ['exec', []],
  ['e', []],
  ['review', []],
  ['resume', []],
  ['fork', []],
  ['app-server', ['SIGTERM']],
  ['exec-server', ['SIGTERM', 'SIGINT']],
  ['mcp-server', ['SIGTERM', 'SIGINT']],
  ['web', ['SIGTERM', 'SIGINT']],
]);

/** The subcommands; anything else typed in a terminal is the interactive UI's options and prompt. */
const SUBCOMMANDS = new Set([
  'exec',
  'e',
  'review',
  'resume',
  'fork',
  'archive',
  'unarchive',
  'delete',
  'login',
  'logout',
  'mcp',
  'mcp-server',
  'exec-server',
  'app-server',
  'web',
  'sandbox',
  'debug',
  'help',
  'completion',
  'doctor',
]);

/** `codex [OPTIONS] [PROMPT]` with a terminal on both ends opens the TUI; without one, today's behaviour stays. */
function wantsTui(argv: string[]): boolean {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return false;
  const [cmd] = argv;
  if (cmd === undefined) return true;
  if (['--help', '-h', '--version', '-V'].includes(cmd)) return false;
  return splitRootOptions(argv, SUBCOMMANDS).command === undefined;
}

async function main(argv: string[]): Promise<number> {
  // `codex -c k=v exec …`: the root's options go behind the subcommand's name.
  const split = splitRootOptions(argv, SUBCOMMANDS);
  if (split.command !== undefined && split.options.length > 0) {
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    return main([split.command, ...subcommandArgv({ ...split, command: split.command }, interactive)]);
  }
  if (wantsTui(argv)) {
    const { runTui } = await import('../tui/run.js');
    return runTui(argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
  }
  const [cmd, ...rest] = argv;
  // `codex help exec` is `codex exec --help`, as with clap.
  if (cmd === 'help' && rest.length > 0) {
    if (!SUBCOMMANDS.has(rest[0]!)) throw new UsageError(`unrecognized subcommand '${rest[0]}'`);
    return main([...rest, '--help']);
  }
  const cleanStop = cmd === undefined ? undefined : SESSION_COMMANDS.get(cmd);
  if (cleanStop) installTerminationHandlers(cleanStop);
  switch (cmd) {
    case '--version':
    case '-V':
      process.stdout.write(`codex-cli ${VERSION}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(HELP);
      return cmd === undefined ? 2 : 0;
    case 'exec':
    case 'e': {
      const { runExec } = await import('./exec/run.js');
      return runExec(rest, {
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
        stdin: process.stdin,
        env: process.env,
        cwd: process.cwd(),
      });
    }
    case 'review': {
      const { runReview } = await import('./reviewCommand.js');
      return runReview(rest, {
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
        stdin: process.stdin,
        env: process.env,
        cwd: process.cwd(),
      });
    }
    case 'resume': {
      // In a terminal, `codex resume` without a session named opens the TUI on a list to pick from.
      if (process.stdin.isTTY && process.stdout.isTTY) {
        const { runTui, wantsResumePicker } = await import('../tui/run.js');
        if (wantsResumePicker(rest))
          return runTui(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }, 'resume-picker');
      }
      const { runResume } = await import('./resumeCommand.js');
      return runResume(rest);
    }
    case 'fork': {
      const { runFork } = await import('./threadCommands.js');
      return runFork(rest, {
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
        stdin: process.stdin,
        env: process.env,
        cwd: process.cwd(),
      });
    }
    case 'archive':
    case 'unarchive':
    case 'delete': {
      const { runSessionCommand } = await import('./threadCommands.js');
      return runSessionCommand(cmd, rest, {
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
        stdin: process.stdin,
        env: process.env,
        cwd: process.cwd(),
      });
    }
    case 'login':
    case 'logout': {
      const { runLogin } = await import('./loginCommand.js');
      return runLogin(cmd, rest);
    }
    case 'mcp': {
      const { runMcpCommand } = await import('./mcpCommand.js');
      return runMcpCommand(rest);
    }
    case 'mcp-server':
      return (await import('./mcpServerCommand.js')).runMcpServerCommand(rest);
    case 'exec-server': {
      const { runExecServerCommand } = await import('./execServerCommand.js');
      return runExecServerCommand(rest);
    }
    case 'app-server': {
      // thread/list's index is checked beside the loading of the server's modules, not after it.
      // (A module of its own, so other commands load none of it.)
      if (!rest.includes('--help') && !rest.includes('-h')) {
        const { rolloutCheckHelperBeside, startEarlyRolloutCheck } = await import('../core/session/earlyRolloutCheck.js');
        startEarlyRolloutCheck(rolloutCheckHelperBeside(new URL(import.meta.url)));
      }
      const { runAppServer } = await import('./appServerCommand.js');
      return runAppServer(rest);
    }
    case 'web': {
      const { runWebCommand } = await import('./webCommand.js');
      return runWebCommand(rest);
    }
    case 'sandbox':
    case 'debug': {
      const { runSandboxCommand } = await import('./sandboxCommand.js');
      return runSandboxCommand(cmd, rest);
    }
    case 'completion': {
      const { runCompletionCommand } = await import('./completionCommand.js');
      return runCompletionCommand(rest, (s) => process.stdout.write(s));
    }
    case 'doctor': {
      const { runDoctor } = await import('./doctorCommand.js');
      return runDoctor(rest, { stdout: (s) => process.stdout.write(s), env: process.env, cwd: process.cwd() });
    }
    default:
      // `codex -m o3` or `codex "fix the bug"` without a terminal: the options and the word are the
      // interactive UI's (a word that names no subcommand is its PROMPT, as in Codex), which cannot start here.
      if (isRootOption(cmd) || !cmd.startsWith('-')) {
        process.stderr.write(
          'Error: stdin is not a terminal: `codex [OPTIONS] [PROMPT]` opens the interactive UI, which needs one; run headless with `codex exec [OPTIONS] [PROMPT]`\n',
        );
        return 1;
      }
      // As clap: a flag it does not know is an unexpected argument.
      throw new UsageError(`unexpected argument '${cmd}' found`);
  }
}

/**
 * Stdio servers end when their client has gone (stdin closed) or was told to
 * stop: a client that no longer reads must not keep them alive on a stdout
 * that never drains.
 */
const STDIO_SERVERS = new Set(['mcp-server', 'app-server']);
const SERVER_DRAIN_LIMIT_MS = 2000;

/** Writes everything pending on stdout before exiting, so piped output is not cut. */
function exit(code: number): void {
  // A termination signal is ending the program (terminationSignals.ts): it dies of that signal.
  if (terminationInProgress()) return;
  process.exitCode = code;
  if (process.stdout.writableLength === 0) process.exit(code);
  process.stdout.once('drain', () => process.exit(code));
  if (STDIO_SERVERS.has(process.argv[2] ?? '')) setTimeout(() => process.exit(code), SERVER_DRAIN_LIMIT_MS).unref();
}

// A closed pipe (`codex exec --json … | head -1`) ends the program quietly, as SIGPIPE ends any Unix tool:
// commands the session started are stopped first (terminationSignals.ts).
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') return terminateOnClosedOutput();
  throw err;
});

main(process.argv.slice(2)).then(exit, (err: unknown) => {
  if (err instanceof HelpRequested) {
    process.stdout.write(err.text);
    exit(0);
    return;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n\nFor more information, try '--help'.\n`);
    exit(2);
    return;
  }
  process.stderr.write(`Error: ${(err as Error)?.message ?? String(err)}\n`);
  exit(1);
});
