// Recognising apply_patch run through the shell tool, an older model habit:
//
//   ["apply_patch", "<patch>"]                       (or "applypatch")
//   ["bash", "-lc", "apply_patch <<'EOF'\n<patch>\nEOF\n"]
//   ["bash", "-lc", "cd sub/dir && apply_patch <<'EOF' ... EOF"]
//   ["bash", "-lc", "apply_patch \"<patch>\""]
//
// The agent intercepts these and applies the patch itself instead of running
// a command that does not exist.

import path from 'node:path';

export interface ApplyPatchInvocation {
  /** The patch text (heredoc body or argument). */
  patch: string;
  /** Directory from a leading `cd <dir> &&`, as written (resolve it against the command's cwd). */
  workdir?: string;
}

const PATCH_COMMANDS = new Set(['apply_patch', 'applypatch']);
const SHELLS = new Set(['bash', 'zsh', 'sh']);

function commandName(arg: string): string {
  return path.basename(arg.replace(/\\/g, '/')).replace(/\.exe$/i, '');
}

/** Recognises an argv that runs apply_patch, directly or in a `bash -lc` script. */
export function parseApplyPatchInvocation(argv: readonly string[]): ApplyPatchInvocation | undefined {
  if (argv.length === 2 && PATCH_COMMANDS.has(commandName(argv[0]!))) {
    return { patch: argv[1]! };
  }
  if (argv.length === 3 && SHELLS.has(commandName(argv[0]!)) && (argv[1] === '-lc' || argv[1] === '-c')) {
    return parseApplyPatchShellScript(argv[2]!);
  }
  if (argv.length === 4 && SHELLS.has(commandName(argv[0]!)) && argv[1] === '-l' && argv[2] === '-c') {
    return parseApplyPatchShellScript(argv[3]!);
  }
  return undefined;
}

export function isApplyPatchInvocation(argv: readonly string[]): boolean {
  return parseApplyPatchInvocation(argv) !== undefined;
}

/** The patch from a shell script that only runs apply_patch, else undefined. */
export function extractPatchFromShellCommand(cmd: string): string | undefined {
  return parseApplyPatchShellScript(cmd)?.patch;
}

/**
 * Parses a shell script of the form `[cd <dir> &&] apply_patch <<'EOF'\n…\nEOF`
 * or `[cd <dir> &&] apply_patch '<patch>'`. Anything else (other commands,
 * pipes, text after the heredoc) yields undefined.
 */
export function parseApplyPatchShellScript(script: string): ApplyPatchInvocation | undefined {
  const s = new Scanner(script);
  s.skipBlanks(true);
  let workdir: string | undefined;
  let word = s.word();
  if (word === 'cd') {
    s.skipBlanks(false);
    workdir = s.word();
    if (workdir === undefined || workdir === '') return undefined;
    s.skipBlanks(false);
    if (!s.eat('&&')) return undefined;
    s.skipBlanks(true);
    word = s.word();
  }
  if (word === undefined || !PATCH_COMMANDS.has(word)) return undefined;
  s.skipBlanks(false);

  let patch: string | undefined;
  if (s.peek('<<')) {
    patch = s.heredoc();
  } else {
    patch = s.word();
  }
  if (patch === undefined) return undefined;
  s.skipBlanks(true);
  if (!s.atEnd()) return undefined;
  return workdir === undefined ? { patch } : { patch, workdir };
}

/** A tiny POSIX-shell tokenizer covering words, quotes and heredocs. */
class Scanner {
  private i = 0;

  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  peek(text: string): boolean {
    return this.s.startsWith(text, this.i);
  }

  eat(text: string): boolean {
    if (!this.peek(text)) return false;
    this.i += text.length;
    return true;
  }

  skipBlanks(newlines: boolean): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === ' ' || c === '\t' || (newlines && (c === '\n' || c === '\r'))) this.i++;
      else if (c === '\\' && this.s[this.i + 1] === '\n') this.i += 2;
      else break;
    }
  }

  /**
   * One shell word with quote removal ('…', "…", $'…' not supported).
   * Returns undefined at an operator, a redirection or the end.
   */
  word(): string | undefined {
    let out = '';
    let any = false;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (' \t\n\r;&|<>()'.includes(c)) break;
      any = true;
      if (c === "'") {
        const end = this.s.indexOf("'", this.i + 1);
        if (end < 0) return undefined;
        out += this.s.slice(this.i + 1, end);
        this.i = end + 1;
      } else if (c === '"') {
        this.i++;
        let closed = false;
        while (this.i < this.s.length) {
          const d = this.s[this.i]!;
          if (d === '"') {
            closed = true;
            this.i++;
            break;
          }
          if (d === '\\' && this.i + 1 < this.s.length && '"\\$`\n'.includes(this.s[this.i + 1]!)) {
            if (this.s[this.i + 1] !== '\n') out += this.s[this.i + 1];
            this.i += 2;
            continue;
          }
          if (d === '$' || d === '`') return undefined; // expansions: not a literal patch
          out += d;
          this.i++;
        }
        if (!closed) return undefined;
      } else if (c === '\\') {
        if (this.i + 1 < this.s.length && this.s[this.i + 1] !== '\n') out += this.s[this.i + 1];
        this.i += 2;
      } else if (c === '$' || c === '`') {
        return undefined;
      } else {
        out += c;
        this.i++;
      }
    }
    return any ? out : undefined;
  }

  /** `<<WORD` / `<<'WORD'` / `<<"WORD"` / `<<-WORD` then the body up to the WORD line. */
  heredoc(): string | undefined {
    if (!this.eat('<<')) return undefined;
    const stripTabs = this.eat('-');
    this.skipBlanks(false);
    const delimiter = this.word();
    if (delimiter === undefined || delimiter === '') return undefined;
    // Rest of the line after the delimiter must be blank.
    const eol = this.s.indexOf('\n', this.i);
    if (eol < 0 || this.s.slice(this.i, eol).trim() !== '') return undefined;
    let pos = eol + 1;
    const body: string[] = [];
    while (pos <= this.s.length) {
      const next = this.s.indexOf('\n', pos);
      const rawLine = this.s.slice(pos, next < 0 ? this.s.length : next);
      const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
      const compare = stripTabs ? line.replace(/^\t+/, '') : line;
      if (compare === delimiter) {
        this.i = next < 0 ? this.s.length : next + 1;
        return body.join('\n') + (body.length > 0 ? '\n' : '');
      }
      body.push(stripTabs ? compare : rawLine);
      if (next < 0) break;
      pos = next + 1;
    }
    return undefined; // unterminated
  }
}
