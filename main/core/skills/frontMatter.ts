// The YAML front matter of a SKILL.md: the lines between a first `---` line and
// the next one (Codex's extract_frontmatter). Skills use a small part of YAML —
// top-level `key: value` scalars, quoted strings and `|` / `>` block scalars —
// so that part is read here; nested maps (`metadata:`) are skipped, and
// anything else is refused with the line it is on.

/** The front matter text, or null when the file does not start with one (Codex: "missing YAML frontmatter delimited by ---"). */
export function extractFrontMatter(contents: string): string | null {
  const lines = contents.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return null;
  const body: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '---') return body.length ? body.join('\n') : null;
    body.push(lines[i]!);
  }
  return null;
}

export class FrontMatterError extends Error {}

/** Top-level string scalars of the front matter, by key. */
export function parseFrontMatter(text: string): Record<string, string> {
  const lines = text.split('\n');
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line)) continue;
    // Indented lines belong to a nested value skipped below.
    if (/^\s/.test(line)) continue;
    const m = /^([A-Za-z0-9_.-]+)\s*:(?:\s+(.*))?$/.exec(line);
    if (!m) throw new FrontMatterError(`line ${i + 1}: expected "key: value", got ${JSON.stringify(line)}`);
    const key = m[1]!;
    const raw = (m[2] ?? '').trim();
    if (raw === '') {
      // A nested map (e.g. `metadata:`): its `sub: value` lines become `key.sub`; anything deeper is skipped.
      while (i + 1 < lines.length && (/^\s+/.test(lines[i + 1]!) || lines[i + 1]!.trim() === '')) {
        const sub = /^\s+([A-Za-z0-9_.-]+)\s*:\s+(.+)$/.exec(lines[++i]!);
        if (sub && !/^[|>]/.test(sub[2]!.trim())) out[`${key}.${sub[1]}`] = flowScalar(sub[2]!.trim(), i + 1);
      }
      continue;
    }
    if (/^[|>][+-]?$/.test(raw)) {
      const block: string[] = [];
      while (i + 1 < lines.length && (/^\s+\S/.test(lines[i + 1]!) || lines[i + 1]!.trim() === '')) block.push(lines[++i]!);
      out[key] = blockScalar(raw, block);
      continue;
    }
    // A plain scalar may go on over indented lines, folded into one.
    let value = raw;
    if (!/^['"]/.test(raw)) while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]!) && !/^\s*#/.test(lines[i + 1]!)) value += ` ${lines[++i]!.trim()}`;
    out[key] = flowScalar(value, i + 1);
  }
  return out;
}

function blockScalar(indicator: string, lines: string[]): string {
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  const body = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
  while (body.length && body.at(-1)!.trim() === '') body.pop();
  const text = indicator.startsWith('>') ? body.join('\n').replace(/([^\n])\n(?!\n)/g, '$1 ') : body.join('\n');
  return indicator.endsWith('-') ? text : `${text}\n`;
}

function flowScalar(raw: string, lineNo: number): string {
  if (raw.startsWith('"')) {
    const end = raw.lastIndexOf('"');
    if (end <= 0) throw new FrontMatterError(`line ${lineNo}: unterminated double-quoted string`);
    try {
      return JSON.parse(raw.slice(0, end + 1)) as string;
    } catch {
      throw new FrontMatterError(`line ${lineNo}: invalid double-quoted string`);
    }
  }
  if (raw.startsWith("'")) {
    const end = raw.lastIndexOf("'");
    if (end <= 0) throw new FrontMatterError(`line ${lineNo}: unterminated single-quoted string`);
    return raw.slice(1, end).replace(/''/g, "'");
  }
  // A plain scalar ends at a comment.
  return raw.replace(/\s+#.*$/, '');
}
