// Bash completion in the shape clap_complete gives Codex's: a `_codex`
// function that finds the (sub)command from the words typed so far, then
// offers its options and subcommands, or the values an option takes.
import { optionsOf, valueKind, walk, type CompletionCommand } from './commands.js';

const q = (s: string) => s.replace(/[^A-Za-z0-9_.:/=@+-]/g, (c) => `\\${c}`);
const fn = (path: string[]) => path.join('__').replace(/-/g, '__');

export function bashCompletion(root: CompletionCommand): string {
  const nodes = walk(root);
  const transitions: string[] = [];
  for (const { cmd, path } of nodes) {
    for (const sub of cmd.subcommands ?? []) {
      for (const name of [sub.name, ...(sub.aliases ?? [])]) {
        transitions.push(`            ${fn(path)},${q(name)})\n                cmd="${fn([...path, sub.name])}"\n                ;;`);
      }
    }
  }
  const cases = nodes.map(({ cmd, path }) => {
    const opts = optionsOf(cmd);
    const options = opts.flatMap((o) => [...(o.short ? [`-${o.short}`] : []), `--${o.long}`]);
    const subs = (cmd.subcommands ?? []).flatMap((s) => [s.name, ...(s.aliases ?? [])]);
    const valueCases = opts
      .filter((o) => o.value)
      .map((o) => {
        const kind = valueKind(o);
        const names = [...(o.short ? [`-${o.short}`] : []), `--${o.long}`].join('|');
        const reply =
          typeof kind === 'object'
            ? `COMPREPLY=($(compgen -W "${kind.choices.join(' ')}" -- "\${cur}"))`
            : kind === 'dirs'
              ? 'COMPREPLY=($(compgen -d -- "${cur}"))'
              : 'COMPREPLY=($(compgen -f -- "${cur}"))';
        return `                ${names})\n                    ${reply}\n                    return 0\n                    ;;`;
      });
    // After an option that takes a value: its values. Else options for `-…`,
    // subcommand names where there are some, and files (bash's default) otherwise.
    return [
      `        ${fn(path)})`,
      ...(valueCases.length ? ['            case "${prev}" in', ...valueCases, '            esac'] : []),
      '            if [[ ${cur} == -* ]]; then',
      `                COMPREPLY=($(compgen -W "${options.join(' ')}" -- "\${cur}"))`,
      '                return 0',
      '            fi',
      ...(subs.length ? [`            COMPREPLY=($(compgen -W "${subs.join(' ')}" -- "\${cur}"))`] : []),
      '            return 0',
      '            ;;',
    ].join('\n');
  });
  return `_codex() {
    local i cur prev opts cmd
    COMPREPLY=()
    cur="\${COMP_WORDS[COMP_CWORD]}"
    prev=""
    if [[ \${COMP_CWORD} -gt 0 ]]; then
        prev="\${COMP_WORDS[COMP_CWORD-1]}"
    fi
    cmd=""
    opts=""

    for i in "\${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "\${cmd},\${i}" in
            ",\${COMP_WORDS[0]}")
                cmd="codex"
                ;;
${transitions.join('\n')}
            *)
                ;;
        esac
    done

    case "\${cmd}" in
${cases.join('\n')}
    esac
}

if [[ "\${BASH_VERSINFO[0]}" -eq 4 && "\${BASH_VERSINFO[1]}" -ge 4 || "\${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _codex -o nosort -o bashdefault -o default codex
else
    complete -F _codex -o bashdefault -o default codex
fi
`;
}
