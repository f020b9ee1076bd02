// A small declarative command-line parser with clap-like errors (Codex's CLI is
// clap): unknown flags and missing values are usage errors (exit 2).

export interface OptionSpec {
  /** Long name without dashes, e.g. "output-last-message". */
  long: string;
  short?: string;
  aliases?: string[];
  /** Takes a value (`--flag V` or `--flag=V`). */
  value?: boolean;
  repeatable?: boolean;
  /** Allowed values, checked at parse time. */
  choices?: readonly string[];
  hidden?: boolean;
  help?: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * `-h`/`--help` on a command that has no help flag of its own: the caller's
 * help text, printed on stdout with exit 0 (main.ts), as clap does for every
 * command and subcommand.
 */
export class HelpRequested extends Error {
  constructor(readonly text: string) {
    super('help requested');
    this.name = 'HelpRequested';
  }
}

export interface ParseOptions {
  stopAtFirstPositional?: boolean;
  /** The usage line shown by `--help` (and the text above it), when the specs have no `help` flag. */
  usage?: string;
  about?: string;
}

export interface ParsedArgs {
  /** Values by long name: string for value flags, true for switches, string[] for repeatable. */
  options: Record<string, string | boolean | string[]>;
  positionals: string[];
  /** Everything after a literal `--`. */
  rest: string[];
}

export function parseArgs(argv: string[], specs: OptionSpec[], opts: ParseOptions = {}): ParsedArgs {
  const byName = new Map<string, OptionSpec>();
  for (const s of specs) {
    byName.set(`--${s.long}`, s);
    if (s.short) byName.set(`-${s.short}`, s);
    for (const a of s.aliases ?? []) byName.set(`--${a}`, s);
  }
  const out: ParsedArgs = { options: {}, positionals: [], rest: [] };
  const set = (spec: OptionSpec, value: string | true) => {
    if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) {
      throw new UsageError(`invalid value '${value}' for '--${spec.long}': possible values: ${spec.choices.join(', ')}`);
    }
    if (spec.repeatable) {
      const prev = out.options[spec.long];
      out.options[spec.long] = [...(Array.isArray(prev) ? prev : []), String(value)];
    } else {
      out.options[spec.long] = value;
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.rest = argv.slice(i + 1);
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      const spec = byName.get(name);
      if (!spec && (name === '--help' || name === '-h')) throw new HelpRequested(formatHelp(opts.usage ?? 'codex [OPTIONS]', specs, opts.about));
      if (!spec) throw new UsageError(`unexpected argument '${arg}' found`);
      if (spec.value) {
        let value: string | undefined;
        if (eq > 0) value = arg.slice(eq + 1);
        else {
          value = argv[i + 1];
          // As clap does: `--` ends the options, it is never a flag's value.
          if (value === undefined || value === '--') throw new UsageError(`a value is required for '--${spec.long}' but none was supplied`);
          i++;
        }
        set(spec, value);
      } else {
        if (eq > 0) throw new UsageError(`unexpected value for '--${spec.long}'`);
        set(spec, true);
      }
      continue;
    }
    out.positionals.push(arg);
    if (opts.stopAtFirstPositional) {
      out.rest = argv.slice(i + 1);
      break;
    }
  }
  return out;
}

export function str(p: ParsedArgs, name: string): string | undefined {
  const v = p.options[name];
  return typeof v === 'string' ? v : undefined;
}
export function flag(p: ParsedArgs, name: string): boolean {
  return p.options[name] === true;
}
export function list(p: ParsedArgs, name: string): string[] {
  const v = p.options[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** Help as clap prints it: an optional description, the usage, the options; `-h, --help` always last. */
export function formatHelp(usage: string, specs: OptionSpec[], about?: string): string {
  const lines = [...(about ? [about, ''] : []), `Usage: ${usage}`, '', 'Options:'];
  // Two spaces at least between a long name and its description.
  const row = (names: string, help: string) => lines.push(`  ${names.padEnd(39)}  ${help}`.trimEnd());
  for (const s of specs) {
    if (s.hidden || s.long === 'help') continue;
    row([s.short ? `-${s.short}` : '    ', `--${s.long}${s.value ? ' <VALUE>' : ''}`].join(s.short ? ', ' : ''), s.help ?? '');
  }
  row('-h, --help', 'Print help');
  return lines.join('\n') + '\n';
}
