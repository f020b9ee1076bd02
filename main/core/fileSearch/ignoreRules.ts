// .gitignore rules for the walk outside git work trees (git applies them
// itself inside one): patterns with *, ?, ** and [..], a leading / anchoring to
// the file's folder, a trailing / for folders only, ! to re-include, later
// lines winning. Rules of a deeper .gitignore come after those above it.

interface Rule {
  /** Matched against the path relative to the folder of the .gitignore. */
  regex: RegExp;
  base: string;
  negated: boolean;
  dirOnly: boolean;
}

export class IgnoreRules {
  private constructor(private readonly rules: readonly Rule[]) {}

  static empty(): IgnoreRules {
    return new IgnoreRules([]);
  }

  /** These rules plus those of the ignore file in folder `base` (relative to the root, '' for it). */
  with(base: string, text: string): IgnoreRules {
    const added: Rule[] = [];
    for (const raw of text.split(/\r?\n/)) {
      const rule = parseLine(raw, base);
      if (rule) added.push(rule);
    }
    return added.length ? new IgnoreRules([...this.rules, ...added]) : this;
  }

  /** Whether `path` (relative to the root) is ignored; the last matching rule decides. */
  ignores(path: string, isDir: boolean): boolean {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const r = this.rules[i]!;
      if (r.dirOnly && !isDir) continue;
      if (r.base && !path.startsWith(r.base + '/')) continue;
      const rel = r.base ? path.slice(r.base.length + 1) : path;
      if (r.regex.test(rel)) return !r.negated;
    }
    return false;
  }
}

function parseLine(raw: string, base: string): Rule | null {
  let line = raw.replace(/(?<!\\)\s+$/, '');
  if (!line || line.startsWith('#')) return null;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
  let dirOnly = false;
  if (line.endsWith('/')) {
    dirOnly = true;
    line = line.slice(0, -1);
  }
  if (!line) return null;
  // A slash anywhere but the end anchors the pattern to its folder; otherwise it matches at any depth.
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const body = globToRegex(line);
  const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
  return { regex, base, negated, dirOnly };
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` any folders (or none), `/**` everything inside, `**` alone anything.
        const slashAfter = glob[i + 2] === '/';
        out += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        let set = glob.slice(i + 1, close);
        if (set.startsWith('!')) set = '^' + set.slice(1);
        out += `[${set.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[++i]!);
    } else out += escapeRegex(c);
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
