// `codex completion [bash|zsh|fish]`: prints a completion script for the
// shell (bash by default, as Codex does).
import { parseArgs, UsageError } from './args.js';
import { bashCompletion } from './completion/bash.js';
import { CODEX_COMMAND, SHELLS, type Shell } from './completion/commands.js';
import { fishCompletion } from './completion/fish.js';
import { zshCompletion } from './completion/zsh.js';

const GENERATORS: Record<Shell, (root: typeof CODEX_COMMAND) => string> = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion };

export function runCompletionCommand(argv: string[], stdout: (s: string) => void): number {
  const p = parseArgs(argv, [], {
    usage: `codex completion [SHELL]\n\nArguments:\n  [SHELL]  Shell to generate completions for [default: bash] [possible values: ${SHELLS.join(', ')}]`,
    about: 'Generate shell completion scripts',
  });
  if (p.positionals.length > 1) throw new UsageError(`unexpected argument '${p.positionals[1]}' found`);
  const shell = p.positionals[0] ?? 'bash';
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`invalid value '${shell}' for '[SHELL]'\n  [possible values: ${SHELLS.join(', ')}]`);
  }
  stdout(GENERATORS[shell as Shell](CODEX_COMMAND));
  return 0;
}
