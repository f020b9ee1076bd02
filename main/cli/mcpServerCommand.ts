// `codex mcp-server`: Codex as an MCP server over stdio (tools `codex` and
// `codex-reply`), for MCP clients such as the MCP inspector or other agents.
import { parseArgs, flag, formatHelp, UsageError, type OptionSpec } from './args.js';
import { CONFIG_FLAG_SPECS, configOverridesFromFlags } from './configFlags.js';
import { VERSION } from '../core/version.js';

export const MCP_SERVER_SPECS: OptionSpec[] = [...CONFIG_FLAG_SPECS, { long: 'help', short: 'h' }];
const SPECS = MCP_SERVER_SPECS;

/** How long stopping may take before the process exits regardless. */
const SHUTDOWN_DEADLINE_MS = 10_000;

export async function runMcpServerCommand(argv: string[]): Promise<number> {
  const p = parseArgs(argv, SPECS);
  if (flag(p, 'help')) {
    process.stdout.write(
      formatHelp('codex mcp-server [OPTIONS]', SPECS) +
        '\nSpeaks MCP over stdio. Tools: codex (start a session and run a prompt), codex-reply (continue a session by threadId).\n',
    );
    return 0;
  }
  if (p.positionals.length) throw new UsageError(`unexpected argument '${p.positionals[0]}' found`);
  // Loaded here so `codex --help` and other subcommands do not pay for the MCP SDK.
  const { CodexMcpServer } = await import('../core/mcpServer/codexMcpServer.js');
  const { LineStdioServerTransport } = await import('../core/mcpServer/stdioTransport.js');
  const log = (message: string) => process.stderr.write(`codex mcp-server: ${message}\n`);
  const server = new CodexMcpServer({
    baseOverrides: configOverridesFromFlags(p, process.cwd()),
    version: VERSION,
    log,
  });
  // The client closing stdin (or a signal) ends the server, also while an approval
  // is pending: running turns are interrupted (their commands killed) and rollouts closed.
  const stopped = new Promise<string>((resolve) => {
    process.stdin.once('end', () => resolve('stdin closed'));
    process.stdin.once('close', () => resolve('stdin closed'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGHUP', () => resolve('SIGHUP'));
  });
  await server.connect(new LineStdioServerTransport());
  const reason = await stopped;
  // A shutdown that hangs (a client that stopped reading our stdout) must not keep the process alive.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), SHUTDOWN_DEADLINE_MS);
    timer.unref();
  });
  const outcome = await Promise.race([server.shutdown().then(() => 'done' as const), deadline]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    log(`shutdown (${reason}) did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway`);
    return 1;
  }
  return 0;
}
