// Fish completion: `complete -c codex` lines, each guarded by the subcommand
// path it belongs to.
import { oneLine, optionsOf, valueKind, walk, type CompletionCommand } from './commands.js';

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The condition that the words typed so far are exactly `path` (after `codex`). */
function condition(path: string[], siblings: string[]): string {
  if (path.length === 1) return '__fish_use_subcommand';
  const parts = path.slice(1).map((name) => `__fish_seen_subcommand_from ${name}`);
  // Under a command with subcommands, its own options apply until one is typed.
  if (siblings.length > 0) parts.push(`not __fish_seen_subcommand_from ${siblings.join(' ')}`);
  return parts.join('; and ');
}

export function fishCompletion(root: CompletionCommand): string {
  const lines: string[] = ['# fish completion for codex', ''];
  for (const { cmd, path } of walk(root)) {
    const subNames = (cmd.subcommands ?? []).flatMap((s) => [s.name, ...(s.aliases ?? [])]);
    const cond = quote(condition(path, subNames));
    for (const o of optionsOf(cmd)) {
      const kind = valueKind(o);
      const names = `${o.short ? `-s ${o.short} ` : ''}-l ${o.long}`;
      const value =
        typeof kind === 'object'
          ? ` -x -a ${quote(kind.choices.join(' '))}`
          : kind === 'dirs'
            ? ` -x -a '(__fish_complete_directories)'`
            : kind === 'files'
              ? ' -r -F'
              : '';
      lines.push(`complete -c codex -n ${cond} ${names}${value} -d ${quote(oneLine(o.help))}`);
    }
    for (const sub of cmd.subcommands ?? []) {
      for (const name of [sub.name, ...(sub.aliases ?? [])]) lines.push(`complete -c codex -n ${cond} -f -a ${quote(name)} -d ${quote(oneLine(sub.about))}`);
    }
  }
  return lines.join('\n') + '\n';
}
