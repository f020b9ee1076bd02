// The update feed files electron-builder writes (latest.yml, latest-linux.yml,
// latest-mac.yml) and its app-update.yml use a small YAML subset: top-level
// `key: scalar` lines and one level of `key:` followed by a list of `- key: scalar`
// maps. This reads exactly that subset and refuses anything else by line, so the
// app needs no YAML library in its main process.

export type FeedScalar = string | number;
export type FeedValue = FeedScalar | Record<string, FeedScalar>[];

export class FeedFormatError extends Error {
  constructor(source: string, line: number | null, message: string) {
    super(`${source}${line === null ? '' : `:${line}`}: ${message}`);
    this.name = 'FeedFormatError';
  }
}

const KEY = /^([A-Za-z_][\w-]*):(?:\s+(.*))?$/;

/** Parses the subset; `source` names the file in errors. */
export function parseFeedYaml(text: string, source: string): Record<string, FeedValue> {
  const out: Record<string, FeedValue> = {};
  let list: Record<string, FeedScalar>[] | null = null;
  let item: Record<string, FeedScalar> | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const indent = line.length - line.trimStart().length;
    const body = line.trimStart();
    if (indent === 0) {
      const m = KEY.exec(body);
      if (!m) throw new FeedFormatError(source, n, `expected "key: value", got ${JSON.stringify(body.slice(0, 80))}`);
      if (m[1] in out) throw new FeedFormatError(source, n, `duplicate key ${m[1]}`);
      item = null;
      if (m[2] === undefined || m[2] === '') {
        list = [];
        out[m[1]] = list;
      } else {
        list = null;
        out[m[1]] = scalar(m[2], source, n);
      }
      return;
    }
    if (!list) throw new FeedFormatError(source, n, 'indented line outside a list');
    let entry = body;
    if (body.startsWith('- ')) {
      item = {};
      list.push(item);
      entry = body.slice(2).trimStart();
    } else if (!item) throw new FeedFormatError(source, n, 'list entry must start with "- "');
    const m = KEY.exec(entry);
    if (!m || m[2] === undefined) throw new FeedFormatError(source, n, `expected "key: value" in a list entry, got ${JSON.stringify(entry.slice(0, 80))}`);
    item![m[1]] = scalar(m[2], source, n);
  });
  return out;
}

function scalar(text: string, source: string, line: number): FeedScalar {
  const t = text.trim();
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) throw new FeedFormatError(source, line, 'unterminated single-quoted string');
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (t.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'string') return v;
    } catch {
      // falls through to the error below
    }
    throw new FeedFormatError(source, line, 'bad double-quoted string');
  }
  if (/^[{[&*!|>]/.test(t)) throw new FeedFormatError(source, line, `unsupported YAML value ${JSON.stringify(t.slice(0, 40))}`);
  if (/^\d+$/.test(t)) return Number(t);
  return t;
}
