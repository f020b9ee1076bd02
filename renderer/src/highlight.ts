// A small syntax highlighter for code blocks and diffs: comments, strings,
// numbers and keywords of the common languages, by a single left-to-right scan.
// Pure and synchronous; the views run it off the streaming path (useHighlight).

export type TokenKind = 'plain' | 'keyword' | 'string' | 'comment' | 'number';
export interface Token {
  kind: TokenKind;
  text: string;
}

interface Grammar {
  keywords: ReadonlySet<string>;
  /** Line comment starts, e.g. `//`, `#`. */
  lineComments: readonly string[];
  /** Block comments `/* … *\/` (C-like languages). */
  blockComments: boolean;
  /** String quotes. */
  quotes: string;
}

const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

const JS = words(`break case catch class const continue debugger default delete do else export extends false finally for function if import in
  instanceof let new null return super switch this throw true try typeof undefined var void while with yield async await of static get set
  interface type enum implements private protected public readonly abstract declare namespace as satisfies keyof`);
const PY = words(`False None True and as assert async await break class continue def del elif else except finally for from global if import in
  is lambda nonlocal not or pass raise return try while with yield self match case`);
const RUST = words(`as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref
  return self Self static struct super trait true type unsafe use where while Some None Ok Err`);
const GO = words(`break case chan const continue default defer else fallthrough for func go goto if import interface map package range return
  select struct switch type var nil true false`);
const SH = words(`if then else elif fi for while until do done case esac function in return exit local export readonly set unset echo cd`);
const C = words(`auto break case char const continue default do double else enum extern float for goto if inline int long register return
  short signed sizeof static struct switch typedef union unsigned void volatile while class public private protected new delete this
  true false null nullptr namespace template typename using virtual override final import package extends implements throws throw try catch`);

const GRAMMARS: Record<string, Grammar> = {
  js: { keywords: JS, lineComments: ['//'], blockComments: true, quotes: `'"\`` },
  py: { keywords: PY, lineComments: ['#'], blockComments: false, quotes: `'"` },
  rust: { keywords: RUST, lineComments: ['//'], blockComments: true, quotes: '"' },
  go: { keywords: GO, lineComments: ['//'], blockComments: true, quotes: '"`' },
  sh: { keywords: SH, lineComments: ['#'], blockComments: false, quotes: `'"` },
  c: { keywords: C, lineComments: ['//'], blockComments: true, quotes: `'"` },
  json: { keywords: words('true false null'), lineComments: [], blockComments: false, quotes: '"' },
};

const ALIASES: Record<string, string> = {
  js: 'js',
  jsx: 'js',
  mjs: 'js',
  cjs: 'js',
  javascript: 'js',
  ts: 'js',
  tsx: 'js',
  mts: 'js',
  typescript: 'js',
  py: 'py',
  python: 'py',
  rs: 'rust',
  rust: 'rust',
  go: 'go',
  golang: 'go',
  sh: 'sh',
  bash: 'sh',
  zsh: 'sh',
  shell: 'sh',
  console: 'sh',
  c: 'c',
  h: 'c',
  cc: 'c',
  cpp: 'c',
  hpp: 'c',
  'c++': 'c',
  java: 'c',
  kt: 'c',
  kotlin: 'c',
  cs: 'c',
  csharp: 'c',
  swift: 'c',
  json: 'json',
  jsonc: 'json',
};

/** The grammar key for a fence language or a file name (`a/b.tsx` → js); null when unknown. */
export function languageOf(langOrPath: string): string | null {
  const s = langOrPath.trim().toLowerCase();
  const ext = s.includes('.') ? s.slice(s.lastIndexOf('.') + 1) : s;
  return ALIASES[ext] ?? ALIASES[s] ?? null;
}

/**
 * Tokens of `code` in language `lang` (a key from languageOf); unknown languages
 * give one plain token. Joining the tokens' text gives `code` back.
 */
export function tokenize(code: string, lang: string | null): Token[] {
  const g = lang ? GRAMMARS[lang] : undefined;
  if (!g) return code ? [{ kind: 'plain', text: code }] : [];
  const out: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    const last = out.at(-1);
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  let i = 0;
  while (i < code.length) {
    const ch = code[i]!;
    const lineComment = g.lineComments.find((c) => code.startsWith(c, i));
    if (lineComment) {
      const end = code.indexOf('\n', i);
      const stop = end < 0 ? code.length : end;
      push('comment', code.slice(i, stop));
      i = stop;
    } else if (g.blockComments && code.startsWith('/*', i)) {
      const end = code.indexOf('*/', i + 2);
      const stop = end < 0 ? code.length : end + 2;
      push('comment', code.slice(i, stop));
      i = stop;
    } else if (g.quotes.includes(ch)) {
      let j = i + 1;
      // A string ends at its quote (not escaped) or, unless a template/backtick string, at the line's end.
      while (j < code.length && code[j] !== ch && (ch === '`' || code[j] !== '\n')) j += code[j] === '\\' ? 2 : 1;
      const stop = Math.min(code.length, j + 1);
      push('string', code.slice(i, stop));
      i = stop;
    } else if (/[0-9]/.test(ch) && !/[\w$]/.test(code[i - 1] ?? '')) {
      const m = /^(0x[0-9a-f_]+|[0-9][0-9_]*(\.[0-9_]+)?(e[+-]?[0-9]+)?)/i.exec(code.slice(i, i + 64))!;
      push('number', m[0]);
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(ch)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(code.slice(i, i + 256))!;
      push(g.keywords.has(m[0]) ? 'keyword' : 'plain', m[0]);
      i += m[0].length;
    } else {
      push('plain', ch);
      i++;
    }
  }
  return out;
}
