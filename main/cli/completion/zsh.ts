// Zsh completion (`#compdef codex`): one function per command, each an
// `_arguments` spec of its options and, where it has some, its subcommands.
import { oneLine, optionsOf, valueKind, walk, type CompletionCommand } from './commands.js';
import type { OptionSpec } from '../args.js';

/** Help text inside `'…[HELP]…'`: the characters _arguments or the quotes would take. */
function esc(s: string | undefined): string {
  return oneLine(s)
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "'\\''")
    .replace(/\[/g, '\\[')
    .replace(/\]/g, '\\]')
    .replace(/:/g, '\\:')
    .replace(/\$/g, '\\$')
    .replace(/`/g, '\\`');
}

const fn = (path: string[]) => `_${path.join('__').replace(/-/g, '_')}`;

function optionSpecs(o: OptionSpec): string[] {
  const kind = valueKind(o);
  const action =
    typeof kind === 'object'
      ? `:${o.long.toUpperCase()}:(${kind.choices.join(' ')})`
      : kind === 'dirs'
        ? `:${o.long.toUpperCase()}:_files -/`
        : kind === 'files'
          ? `:${o.long.toUpperCase()}:_default`
          : '';
  const rep = o.repeatable ? '*' : '';
  const names = [...(o.short ? [`-${o.short}`] : []), `--${o.long}`];
  return names.map((n) => `'${rep}${n}${o.value ? (n.startsWith('--') ? '=' : '+') : ''}[${esc(o.help)}]${action}'`);
}

export function zshCompletion(root: CompletionCommand): string {
  const fns = walk(root).map(({ cmd, path }) => {
    const specs = optionsOf(cmd).flatMap(optionSpecs);
    const subs = cmd.subcommands ?? [];
    if (subs.length === 0) {
      return `${fn(path)}() {\n    _arguments -s -S : \\\n        ${[...specs, "'*::arguments:_default'"].join(' \\\n        ')}\n}\n`;
    }
    const described = subs.flatMap((s) => [s.name, ...(s.aliases ?? [])].map((n) => `'${n}:${esc(s.about)}'`));
    const dispatch = subs.map((s) => `            (${[s.name, ...(s.aliases ?? [])].join('|')})\n                ${fn([...path, s.name])}\n                ;;`);
    return `${fn(path)}() {
    local curcontext="$curcontext" state line ret=1
    typeset -A opt_args
    _arguments -s -S -C : \\
        ${[...specs, "'1: :->command'", "'*:: :->args'"].join(' \\\n        ')} && ret=0
    case $state in
        command)
            local -a commands
            commands=(
                ${described.join('\n                ')}
            )
            _describe -t commands '${path.join(' ')} command' commands && ret=0
            ;;
        args)
            case $words[1] in
${dispatch.join('\n')}
                (*)
                    _default
                    ;;
            esac
            ;;
    esac
    return ret
}
`;
  });
  return `#compdef codex

${fns.join('\n')}
if [ "$funcstack[1]" = "_codex" ]; then
    _codex "$@"
else
    compdef _codex codex
fi
`;
}
