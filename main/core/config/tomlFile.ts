// Reads and parses config.toml, turning smol-toml's syntax errors into a
// ConfigError of the form `<file>:<line>:<col>: <what is wrong/expected>`.
import fs from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from './errors.js';
import type { TomlTable } from './table.js';

// smol-toml's messages say what went wrong; these add what would have been
// accepted, which is what a user fixing the file needs.
const EXPECTATIONS: Array<[RegExp, string]> = [
  [/^invalid value$/, 'expected a value (string, number, boolean, date-time, array or inline table)'],
  [/^each key-value declaration must be followed by an end-of-line$/, 'expected a new line after the value'],
  [/^incomplete key-value: cannot find end of key$/, 'expected `=` after the key'],
  [/^unfinished string$/, 'expected the closing quote'],
  [/^unfinished array$/, 'expected `,` or `]`'],
  [/^unfinished table$/, 'expected `}`'],
  [/^expected end of table array declaration$/, 'expected `]]`'],
  [/^illegal empty bare key$/, 'expected a key'],
  [/^illegal character in key$/, 'expected a bare key (A-Z a-z 0-9 _ -) or a quoted key'],
  [/^trying to redefine an already defined/, 'each key may be defined only once'],
];

function humanize(message: string): string {
  for (const [pattern, hint] of EXPECTATIONS) {
    if (pattern.test(message)) return `${message}: ${hint}`;
  }
  return message;
}

/** Parses TOML text; `source` names it in error messages (usually the file path). */
export function parseToml(text: string, source: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (err) {
    if (err instanceof TomlError) {
      // First line is "Invalid TOML document: <reason>"; the rest is smol-toml's code excerpt.
      const reason = err.message.split('\n', 1)[0]!.replace(/^Invalid TOML document: /, '');
      const excerpt = err.codeblock.trimEnd();
      throw new ConfigError(`${source}:${err.line}:${err.column}: ${humanize(reason)}${excerpt ? `\n${excerpt}` : ''}`, {
        source,
        line: err.line,
        column: err.column,
        cause: err,
      });
    }
    throw err;
  }
}

/** The parsed file, or undefined when it does not exist (a missing config means defaults). */
export function readTomlFile(file: string): TomlTable | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError(`${file}: cannot read: ${(err as Error).message}`, { source: file, cause: err });
  }
  // A UTF-8 BOM is not TOML; editors on Windows add one.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseToml(text, file);
}
