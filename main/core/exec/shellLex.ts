// A small shell tokenizer for the two questions approvals ask about a
// `bash -lc "<script>"` command (Codex answers them with tree-sitter-bash):
//
//  * parsePlainCommands: is the script nothing but plain commands (bare words and
//    quoted strings) joined by && || ; | ? Anything that could make the executed
//    argv differ from what we read (expansions, substitutions, globs, braces,
//    redirections, subshells, assignments, background jobs, comments, escapes)
//    makes it return null, so the caller treats the script as unsafe. False
//    negatives only cost an approval prompt; a false positive would run an
//    unreviewed command, hence the strictness.
//
//  * extractCommandsLoosely: best-effort list of every simple command anywhere in
//    the script, including inside $( ), backticks, ( ), { } and control flow,
//    used to spot dangerous commands. Over-reporting is fine there.

/** Shells whose `-c` / `-lc` script we look into. zsh and sh read these scripts like bash. */
const SCRIPT_SHELLS = new Set(['bash', 'zsh', 'sh']);

export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

/** The script of `[bash|zsh|sh, -c|-lc, script]`, else undefined. */
export function shellScriptOf(argv: readonly string[]): string | undefined {
  if (argv.length !== 3) return undefined;
  const [shell, flag, script] = argv as [string, string, string];
  if (!SCRIPT_SHELLS.has(baseName(shell))) return undefined;
  if (flag !== '-c' && flag !== '-lc') return undefined;
  return script;
}

type Token = { kind: 'word'; value: string } | { kind: 'op'; value: '&&' | '||' | ';' | '|' };

/** Characters that, unquoted, mean something other than a literal to the shell. */
const UNQUOTED_SPECIAL = new Set(['$', '`', '(', ')', '<', '>', '{', '}', '*', '?', '[', ']', '\\', '!']);
/** `NAME=value` (or `NAME+=value`) in command position: an assignment, not a command name. */
export const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

function tokenizePlain(script: string): Token[] | null {
  const tokens: Token[] = [];
  let word: string | null = null;
  const endWord = () => {
    if (word !== null) tokens.push({ kind: 'word', value: word });
    word = null;
  };
  let i = 0;
  while (i < script.length) {
    const c = script[i]!;
    const next = script[i + 1];
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === ';') {
      if (c === ';' && next === ';') return null; // case terminator
      endWord();
      tokens.push({ kind: 'op', value: ';' });
      i++;
    } else if (c === '&') {
      if (next !== '&') return null; // background job or &> redirection
      endWord();
      tokens.push({ kind: 'op', value: '&&' });
      i += 2;
    } else if (c === '|') {
      endWord();
      if (next === '|') {
        tokens.push({ kind: 'op', value: '||' });
        i += 2;
      } else if (next === '&') {
        return null; // |& redirects stderr
      } else {
        tokens.push({ kind: 'op', value: '|' });
        i++;
      }
    } else if (c === "'") {
      const close = script.indexOf("'", i + 1);
      if (close < 0) return null;
      word = (word ?? '') + script.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= script.length) return null; // unterminated
        const d = script[j]!;
        if (d === '"') break;
        if (d === '$' || d === '`') return null; // expansion inside the string
        if (d === '\\') {
          const e = script[j + 1];
          if (e === '$' || e === '`' || e === '"' || e === '\\') {
            value += e;
            j += 2;
            continue;
          }
          if (e === '\n') {
            j += 2;
            continue;
          }
        }
        value += d;
        j++;
      }
      word = (word ?? '') + value;
      i = j + 1;
    } else if (c === '#' && word === null) {
      return null; // comment: would hide text from this reading
    } else if (UNQUOTED_SPECIAL.has(c)) {
      return null;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  endWord();
  return tokens;
}

/**
 * The commands of a script made only of plain words joined by && || ; | (a
 * trailing ; or newline is allowed), or null when the script is anything else.
 */
export function parsePlainCommands(script: string): string[][] | null {
  const tokens = tokenizePlain(script);
  if (!tokens) return null;
  const commands: string[][] = [];
  let current: string[] = [];
  let lastOp: Token | null = null;
  for (const t of tokens) {
    if (t.kind === 'word') {
      if (current.length === 0 && ASSIGNMENT.test(t.value)) return null; // FOO=bar cmd
      current.push(t.value);
      lastOp = null;
      continue;
    }
    if (current.length === 0) {
      // Blank lines and repeated ';' separate nothing; any other operator needs a command on its left.
      if (t.value === ';' && (lastOp === null || lastOp.value === ';')) {
        lastOp = t;
        continue;
      }
      return null;
    }
    commands.push(current);
    current = [];
    lastOp = t;
  }
  if (current.length > 0) commands.push(current);
  else if (lastOp && lastOp.value !== ';') return null; // dangling && || |
  return commands;
}

// --- loose extraction -------------------------------------------------------

const KEYWORDS = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'do',
  'done',
  'while',
  'until',
  'for',
  'in',
  'case',
  'esac',
  'select',
  'function',
  'time',
  '!',
  '{',
  '}',
  '[[',
  ']]',
  'coproc',
]);

/** Index just past the `)` closing a `$(` / `(` opened before `start`, honouring quotes and nesting. */
function findClosingParen(s: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') i += 2;
    else if (c === "'") {
      const close = s.indexOf("'", i + 1);
      i = close < 0 ? s.length : close + 1;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  return s.length;
}

/** Every simple command found anywhere in `script`, each as its words (best effort). */
export function extractCommandsLoosely(script: string, depth = 0): string[][] {
  const out: string[][] = [];
  if (depth > 8) return out;
  let current: string[] = [];
  let word: string | null = null;
  const endWord = () => {
    if (word !== null) {
      // Keywords open or close control flow; what follows them is a command.
      if (current.length === 0 && KEYWORDS.has(word)) {
        /* skip */
      } else current.push(word);
    }
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (current.length) out.push(current);
    current = [];
  };
  const nested = (inner: string) => out.push(...extractCommandsLoosely(inner, depth + 1));

  let i = 0;
  while (i < script.length) {
    const c = script[i]!;
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCommand();
      if (c === '(') {
        const close = findClosingParen(script, i + 1);
        nested(script.slice(i + 1, close - 1));
        i = close;
      } else i++;
    } else if (c === '$' && script[i + 1] === '(') {
      const close = findClosingParen(script, i + 2);
      nested(script.slice(i + 2, close - 1));
      word = (word ?? '') + script.slice(i, close);
      i = close;
    } else if (c === '`') {
      const close = script.indexOf('`', i + 1);
      const end = close < 0 ? script.length : close;
      nested(script.slice(i + 1, end));
      word = (word ?? '') + script.slice(i, end + 1);
      i = end + 1;
    } else if (c === "'") {
      const close = script.indexOf("'", i + 1);
      const end = close < 0 ? script.length : close;
      word = (word ?? '') + script.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < script.length && script[j] !== '"') {
        if (script[j] === '\\' && j + 1 < script.length) {
          value += script[j + 1];
          j += 2;
        } else if (script[j] === '$' && script[j + 1] === '(') {
          const close = findClosingParen(script, j + 2);
          nested(script.slice(j + 2, close - 1));
          value += script.slice(j, close);
          j = close;
        } else if (script[j] === '`') {
          const close = script.indexOf('`', j + 1);
          const end = close < 0 ? script.length : close;
          nested(script.slice(j + 1, end));
          j = end + 1;
        } else value += script[j++];
      }
      word = (word ?? '') + value;
      i = j + 1;
    } else if (c === '\\') {
      word = (word ?? '') + (script[i + 1] ?? '');
      i += 2;
    } else if ((c === '{' || c === '}') && word === null && /[\s;]/.test(script[i + 1] ?? ' ')) {
      endCommand(); // group braces
      i++;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  endCommand();
  return out;
}
