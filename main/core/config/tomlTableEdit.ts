// A small text-level editor for config.toml: appends or removes a whole table
// (`[mcp_servers.<name>]` and its subtables) and leaves every other byte of the
// file alone (comments, ordering, formatting). Each edit is checked by parsing
// the result with smol-toml and comparing it with the intended data. Writing the
// file is config/lockedUpdate.ts's job.
import { parse } from 'smol-toml';
import { formatKeyPath } from '../../../shared/protocol/configKeyPath.js';

export class ConfigEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigEditError';
  }
}

export type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };

export function formatKey(key: string): string {
  return formatKeyPath([key]);
}

export function formatValue(v: TomlValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ConfigEditError(`cannot write ${v} to TOML`);
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  const entries = Object.entries(v);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${formatKey(k)} = ${formatValue(x)}`).join(', ')} }`;
}

/**
 * Renders `[a.b]` with scalar/array keys first and sub-tables (plain objects) as
 * their own `[a.b.sub]` tables after a blank line, like Codex writes them.
 */
export function renderTable(tablePath: string[], data: Record<string, TomlValue>): string {
  const header = `[${tablePath.map(formatKey).join('.')}]\n`;
  let body = '';
  const subs: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'object' && !Array.isArray(v)) subs.push(renderTable([...tablePath, k], v));
    else body += `${formatKey(k)} = ${formatValue(v)}\n`;
  }
  return [header + body, ...subs].join('\n');
}

/** Splits a header's inner text (`mcp_servers."a.b" . env`) into keys; null when it is not a key path. */
export function parseKeyPath(inner: string): string[] | null {
  const keys: string[] = [];
  let i = 0;
  const ws = () => {
    while (i < inner.length && (inner[i] === ' ' || inner[i] === '\t')) i++;
  };
  for (;;) {
    ws();
    if (i >= inner.length) return null;
    const ch = inner[i]!;
    if (ch === '"') {
      let j = i + 1;
      let raw = '"';
      while (j < inner.length && inner[j] !== '"') {
        if (inner[j] === '\\') {
          raw += inner[j]! + (inner[j + 1] ?? '');
          j += 2;
        } else raw += inner[j++]!;
      }
      if (j >= inner.length) return null;
      try {
        keys.push(JSON.parse(raw + '"') as string);
      } catch {
        return null;
      }
      i = j + 1;
    } else if (ch === "'") {
      const j = inner.indexOf("'", i + 1);
      if (j < 0) return null;
      keys.push(inner.slice(i + 1, j));
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_-]+/.exec(inner.slice(i));
      if (!m) return null;
      keys.push(m[0]);
      i += m[0].length;
    }
    ws();
    if (i >= inner.length) return keys;
    if (inner[i] !== '.') return null;
    i++;
  }
}

interface Header {
  line: number;
  path: string[];
}

/** Table headers (`[x]`, `[[x]]`) by line, skipping multi-line strings. */
export function findHeaders(lines: string[]): Header[] {
  const out: Header[] = [];
  let inMultiline: '"""' | "'''" | null = null;
  lines.forEach((line, idx) => {
    if (inMultiline) {
      if (countDelims(line, inMultiline) % 2 === 1) inMultiline = null;
      return;
    }
    const m = /^\s*\[\[?(.*?)\]\]?\s*(#.*)?$/.exec(line);
    if (m && !/^\s*\[\s*["'0-9a-zA-Z_-][^=]*,/.test(line)) {
      const p = parseKeyPath(m[1]!);
      if (p) {
        out.push({ line: idx, path: p });
        return;
      }
    }
    for (const d of ['"""', "'''"] as const) {
      if (countDelims(line, d) % 2 === 1) {
        inMultiline = d;
        return;
      }
    }
  });
  return out;
}

function countDelims(line: string, d: string): number {
  let n = 0;
  for (let i = line.indexOf(d); i >= 0; i = line.indexOf(d, i + 3)) n++;
  return n;
}

function startsWith(full: string[], prefix: string[]): boolean {
  return prefix.length <= full.length && prefix.every((k, i) => full[i] === k);
}

function parseToml(text: string, what: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigEditError(`${what} is not valid TOML: ${(err as Error).message}`);
  }
}

function getIn(doc: Record<string, unknown>, p: string[]): unknown {
  let cur: unknown = doc;
  for (const k of p) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function clone(doc: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(canonical(doc)) as Record<string, unknown>;
}

/** JSON with sorted keys (TOML dates as strings), to compare parsed documents. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return `${x}n`;
    if (x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Date)) {
      return Object.fromEntries(
        Object.keys(x)
          .sort()
          .map((k) => [k, (x as Record<string, unknown>)[k]]),
      );
    }
    return x;
  });
}

function pruneEmpty(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const p = pruneEmpty(x);
    if (p && typeof p === 'object' && !Array.isArray(p) && !(p instanceof Date) && Object.keys(p).length === 0) continue;
    out[k] = p;
  }
  return out;
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** Appends `[tablePath]` (and its subtables) at the end of the file's text. The table must not exist yet. */
export function appendTable(text: string, tablePath: string[], data: Record<string, TomlValue>): string {
  const before = parseToml(text, 'config.toml');
  if (getIn(before, tablePath) !== undefined) throw new ConfigEditError(`${tablePath.join('.')} already exists`);
  let out = text;
  if (out.length > 0 && !out.endsWith('\n')) out += '\n';
  if (out.trim().length > 0 && !out.endsWith('\n\n')) out += '\n';
  out += renderTable(tablePath, data);
  const after = parseToml(out, 'the edited config.toml');
  const expected = clone(before);
  let cur = expected;
  for (const k of tablePath.slice(0, -1)) {
    if (cur[k] === undefined) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[tablePath[tablePath.length - 1]!] = data;
  if (!isDeepStrictEqual(after, expected)) {
    throw new ConfigEditError(`could not add [${tablePath.map(formatKey).join('.')}] to config.toml without changing other settings; edit the file by hand`);
  }
  return out;
}

/**
 * Removes exactly the lines of `[tablePath]` and its subtables. Comments right
 * above the next table stay with it; one blank separator line goes with the
 * removed table. Fails when the table is written inline or as dotted keys.
 */
export function removeTable(text: string, tablePath: string[]): string {
  const before = parseToml(text, 'config.toml');
  if (getIn(before, tablePath) === undefined) throw new ConfigEditError(`${tablePath.join('.')} does not exist`);
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  const headers = findHeaders(lines);
  const remove = new Set<number>();
  const blank = (l: number) => l >= 0 && l < lines.length && /^\s*$/.test(lines[l]!);
  headers.forEach((h, i) => {
    if (!startsWith(h.path, tablePath)) return;
    const next = i + 1 < headers.length ? headers[i + 1]!.line : lines.length;
    // Blank and comment lines at the end stay (comments right above a header belong to it).
    let last = next - 1;
    while (last > h.line && /^\s*(#.*)?$/.test(lines[last]!)) last--;
    for (let l = h.line; l <= last; l++) remove.add(l);
  });
  if (remove.size === 0) {
    throw new ConfigEditError(`[${tablePath.map(formatKey).join('.')}] is not written as its own table in config.toml; edit the file by hand`);
  }
  // One blank separator line goes with each removed block (the one above it, or below it at the top of the file).
  for (const startLine of [...remove].sort((a, b) => a - b)) {
    if (remove.has(startLine - 1)) continue;
    if (blank(startLine - 1)) remove.add(startLine - 1);
    else if (startLine === 0) {
      let l = startLine;
      while (remove.has(l)) l++;
      while (blank(l)) remove.add(l++);
    }
  }
  const kept = lines.filter((_, i) => !remove.has(i));
  let out = kept.join('\n');
  if (kept.length > 0 && (endsWithNewline || remove.has(lines.length - 1))) out += '\n';
  if (out.trim() === '') out = '';
  const after = parseToml(out, 'the edited config.toml');
  const expected = clone(before);
  const parent = getIn(expected, tablePath.slice(0, -1)) as Record<string, unknown>;
  delete parent[tablePath[tablePath.length - 1]!];
  // A parent left empty (`mcp_servers` after removing its only server) may vanish from the text.
  if (!isDeepStrictEqual(after, expected) && !isDeepStrictEqual(pruneEmpty(after), pruneEmpty(expected))) {
    throw new ConfigEditError(
      `could not remove [${tablePath.map(formatKey).join('.')}] from config.toml without changing other settings; edit the file by hand`,
    );
  }
  return out;
}
