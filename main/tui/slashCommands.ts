// The slash commands the composer understands. Each is backed by the
// app-server protocol (or by the TUI itself for /quit).

export interface SlashCommand {
  name: string;
  description: string;
}

// In Codex's order and with its descriptions (codex-rs/tui slash_command.rs).
export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { name: 'model', description: 'choose what model and reasoning effort to use' },
  { name: 'permissions', description: 'choose what Codex is allowed to do' },
  { name: 'review', description: 'review my current changes and find issues' },
  { name: 'new', description: 'start a new chat during a conversation' },
  { name: 'resume', description: 'resume a saved chat' },
  { name: 'fork', description: 'fork the current chat' },
  { name: 'init', description: 'create an AGENTS.md file with instructions for Codex' },
  { name: 'compact', description: 'summarize conversation to prevent hitting the context limit' },
  { name: 'diff', description: 'show git diff (including untracked files)' },
  { name: 'mention', description: 'mention a file' },
  { name: 'status', description: 'show current session configuration and token usage' },
  { name: 'mcp', description: 'list configured MCP tools' },
  { name: 'quit', description: 'exit Codex' },
  { name: 'exit', description: 'exit Codex' },
];

export type ParsedSlash = { command: SlashCommand; args: string[] } | { unknown: string } | null;

/** `/name args…` → the command, an unknown name, or null when the text is a prompt. */
export function parseSlash(text: string): ParsedSlash {
  const m = /^\/(\S*)\s*(.*)$/s.exec(text.trim());
  if (!m) return null;
  const command = SLASH_COMMANDS.find((c) => c.name === m[1]);
  if (!command) return { unknown: m[1]! };
  return { command, args: m[2]!.split(/\s+/).filter(Boolean) };
}

/** Commands offered while `/prefix` is being typed (no space yet). */
export function slashMatches(text: string): SlashCommand[] {
  const m = /^\/(\S*)$/.exec(text);
  if (!m) return [];
  return SLASH_COMMANDS.filter((c) => c.name.startsWith(m[1]!));
}
