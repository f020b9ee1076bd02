// `codex mcp-server`: Codex as an MCP server over stdio (tools `codex` and
// `codex-reply`), for MCP clients such as the MCP inspector or other agents.
import { parseArgs, flag, formatHelp, UsageError } from './args.js';
import { CONFIG_FLAG_SPECS, configOverridesFromFlags } from './configFlags.js';
import { VERSION } from './version.js';

const SPECS = [...CONFIG_FLAG_SPECS, { long: 'help', short: 'h' }];

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
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const server = new CodexMcpServer({
    baseOverrides: configOverridesFromFlags(p, process.cwd()),
    version: VERSION,
    log: (message) => process.stderr.write(`codex mcp-server: ${message}\n`),
  });
  // The client closing stdin (or a signal) ends the server; running turns are interrupted and rollouts closed.
  const stopped = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.connect(new StdioServerTransport());
  await stopped;
  await server.shutdown();
  return 0;
}
