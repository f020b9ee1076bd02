// Codex's `commandActions` of a command item: a best-effort reading of what a
// command does, so a front end can show "Read foo.ts" or "Search TODO in src"
// instead of the raw shell line. Only plain scripts are read (words joined by
// && || ; |, see shellLex.ts); anything else is one `unknown` action, which is
// always a safe answer since this is for display only.
import { isAbsolute, resolve } from 'node:path';
import type { CommandAction } from '../../../shared/protocol/types.js';
import { shellQuoteJoin } from '../util/shellQuote.js';
import { baseName, parsePlainCommands, shellScriptOf } from './shellLex.js';

/** Options of rg / grep that take a value as the next word. */
const RG_VALUE_FLAGS = new Set([
  '-g',
  '--glob',
  '-t',
  '--type',
  '-T',
  '--type-not',
  '-A',
  '-B',
  '-C',
  '-m',
  '--max-count',
  '-M',
  '--max-columns',
  '-j',
  '--threads',
  '--iglob',
  '--sort',
  '--sortr',
]);
const GREP_VALUE_FLAGS = new Set(['-A', '-B', '-C', '-m', '--max-count', '--include', '--exclude', '--exclude-dir', '-f']);
/** Commands that only reshape a pipe's output: dropped beside a real action (`rg x | head`). */
const FORMATTERS = new Set(['head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'column', 'less', 'more']);

/** The actions of `argv` (as run, possibly `bash -lc <script>`) started in `cwd`. */
export function commandActions(argv: readonly string[], cwd: string): CommandAction[] {
  const script = shellScriptOf(argv);
  const whole = script ?? shellQuoteJoin([...argv]);
  const commands = script === undefined ? [[...argv]] : parsePlainCommands(script);
  if (!commands || commands.length === 0) return [{ type: 'unknown', command: whole }];
  let dir = cwd;
  const actions: CommandAction[] = [];
  for (const words of commands) {
    // `cd` moves where later paths are read from; it is no action of its own.
    if (words[0] === 'cd') {
      if (words[1] !== undefined) dir = resolve(dir, words[1]);
      continue;
    }
    if (words[0] === 'true' || (FORMATTERS.has(words[0]!) && !fileOperand(words))) continue;
    actions.push(classify(words, dir));
  }
  return actions.length > 0 ? actions : [{ type: 'unknown', command: whole }];
}

function classify(words: string[], dir: string): CommandAction {
  const command = shellQuoteJoin(words);
  const name = baseName(words[0]!);
  const read = (file: string): CommandAction => ({ type: 'read', command, name: baseName(file), path: isAbsolute(file) ? file : resolve(dir, file) });
  const operands = words.slice(1).filter((w) => !w.startsWith('-'));
  switch (name) {
    case 'cat':
    case 'nl':
      return operands.length === 1 ? read(operands[0]!) : { type: 'unknown', command };
    case 'head':
    case 'tail': {
      const file = fileOperand(words);
      return file ? read(file) : { type: 'unknown', command };
    }
    case 'sed': {
      // Only the printing form: sed -n '<range>p' FILE.
      const [flag, expr, file, ...rest] = words.slice(1);
      return flag === '-n' && expr !== undefined && /^\d*(,\d*)?p$/.test(expr) && file !== undefined && rest.length === 0
        ? read(file)
        : { type: 'unknown', command };
    }
    case 'ls':
      return operands.length <= 1 ? { type: 'listFiles', command, path: operands[0] ?? null } : { type: 'unknown', command };
    case 'find':
      return { type: 'listFiles', command, path: words[1] !== undefined && !words[1].startsWith('-') ? words[1] : null };
    case 'rg':
    case 'grep': {
      const { flags, rest } = splitOptions(words.slice(1), name === 'rg' ? RG_VALUE_FLAGS : GREP_VALUE_FLAGS);
      if (name === 'rg' && flags.includes('--files')) return { type: 'listFiles', command, path: rest[0] ?? null };
      const [query, path] = rest;
      return query === undefined ? { type: 'unknown', command } : { type: 'search', command, query, path: path ?? null };
    }
  }
  return { type: 'unknown', command };
}

/** head / tail's file: the last word when it is not an option or an option's value. */
function fileOperand(words: string[]): string | undefined {
  const { rest } = splitOptions(words.slice(1), new Set(['-n', '-c', '--lines', '--bytes']));
  return rest.length === 1 ? rest[0] : undefined;
}

/** Options (with the values of `valued` ones) apart from operands; `--` ends options. */
function splitOptions(words: string[], valued: Set<string>): { flags: string[]; rest: string[] } {
  const flags: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      rest.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('-') && w.length > 1) {
      flags.push(w);
      if (valued.has(w)) i++;
    } else rest.push(w);
  }
  return { flags, rest };
}
