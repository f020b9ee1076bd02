// Edits config.toml in place for the app-server's `config/value/write` and
// `config/batchWrite`, and answers `config/read`. Only the keys being written
// change: a value is replaced where it is written, a new key is added as one line
// in the nearest table that already exists, comments and every other byte stay.
// Built on the table editor of main/core/config/tomlTableEdit.ts (header parsing,
// value formatting); every edit is checked by re-parsing. Writes go through
// updateFileLocked: the edits apply to what is on disk under config.toml's lock.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'smol-toml';
import { ConfigEditError, formatKey, formatValue, parseKeyPath, removeTable, type TomlValue } from './tomlTableEdit.js';
import { updateFileLocked } from './lockedUpdate.js';
import type { Config } from './types.js';
import type {
  ConfigEdit,
  ConfigLayer,
  ConfigLayerMetadata,
  ConfigReadResponse,
  ConfigWriteResponse,
  JsonValue,
  MergeStrategy,
} from '../../../shared/protocol/types.js';

export { ConfigEditError };

type Table = Record<string, unknown>;

/** `a.b."c.d"` → ['a', 'b', 'c.d']; a clear error for anything else. */
export function splitKeyPath(keyPath: string): string[] {
  const keys = keyPath.trim() === '' ? null : parseKeyPath(keyPath);
  if (!keys || keys.some((k) => k === ''))
    throw new ConfigEditError(`invalid key path "${keyPath}": expected dotted keys such as model or features.web_search`);
  return keys;
}

/** Identifies one state of the file's bytes, for `expectedVersion` checks. */
export function configVersion(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

// ---------- scanning: where each key is written ----------

interface Assignment {
  /** Full key path: the table's path plus the dotted key; null inside `[[array]]` tables. */
  path: string[] | null;
  lineStart: number;
  valueStart: number;
  valueEnd: number;
  /** Offset just past the newline that ends the value's last line. */
  lineEnd: number;
}
interface Header {
  path: string[];
  isArray: boolean;
  lineStart: number;
}

const KEY_PART = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const ASSIGNMENT = new RegExp(String.raw`^[ \t]*(${KEY_PART}(?:[ \t]*\.[ \t]*${KEY_PART})*)[ \t]*=[ \t]*`);
const HEADER = /^[ \t]*(\[\[?)(.*?)\]\]?[ \t]*(#.*)?\r?$/;
const BLANK_OR_COMMENT = /^[ \t]*(#.*)?\r?$/;

function lineEndAt(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl;
}

/** End offset of the TOML value starting at `start` (a trailing comment is not part of it). */
function valueEndAt(text: string, start: number): number {
  for (let lineStart = start; lineStart <= text.length;) {
    const end = lineEndAt(text, lineStart);
    const contentEnd = end > lineStart && text[end - 1] === '\r' ? end - 1 : end;
    const line = text.slice(lineStart, contentEnd);
    // Candidate ends: before each `#` (one may start a comment) and the end of the line.
    const candidates: number[] = [];
    for (let i = line.indexOf('#'); i >= 0; i = line.indexOf('#', i + 1)) candidates.push(lineStart + i);
    candidates.push(contentEnd);
    for (const c of candidates) {
      if (!BLANK_OR_COMMENT.test(text.slice(c, contentEnd))) continue;
      const candidate = text.slice(start, c);
      try {
        parse(`x = ${candidate}`);
        return start + candidate.replace(/[ \t\r]+$/, '').length;
      } catch {
        /* not the end yet */
      }
    }
    if (end >= text.length) break;
    lineStart = end + 1;
  }
  throw new ConfigEditError(`config.toml: cannot find the end of the value at offset ${start}`);
}

function scan(text: string): { assignments: Assignment[]; headers: Header[] } {
  const assignments: Assignment[] = [];
  const headers: Header[] = [];
  let table: string[] | null = [];
  let pos = 0;
  while (pos < text.length) {
    const end = lineEndAt(text, pos);
    const line = text.slice(pos, end);
    const next = end + 1;
    if (BLANK_OR_COMMENT.test(line)) {
      pos = next;
      continue;
    }
    const h = HEADER.exec(line);
    const headerPath = h ? parseKeyPath(h[2]!) : null;
    if (h && headerPath) {
      const isArray = h[1] === '[[';
      headers.push({ path: headerPath, isArray, lineStart: pos });
      table = isArray ? null : headerPath;
      pos = next;
      continue;
    }
    const a = ASSIGNMENT.exec(line);
    const keys = a ? parseKeyPath(a[1]!) : null;
    if (!a || !keys) throw new ConfigEditError(`config.toml: cannot read the line at offset ${pos}: ${line.trim()}`);
    const valueStart = pos + a[0].length;
    const valueEnd = valueEndAt(text, valueStart);
    const lastLineEnd = lineEndAt(text, valueEnd);
    assignments.push({ path: table ? [...table, ...keys] : null, lineStart: pos, valueStart, valueEnd, lineEnd: Math.min(lastLineEnd + 1, text.length) });
    pos = lastLineEnd + 1;
  }
  return { assignments, headers };
}

// ---------- data-level model of an edit, to check the text-level result ----------

function parseDoc(text: string, what: string): Table {
  try {
    return parse(text) as Table;
  } catch (err) {
    throw new ConfigEditError(`${what} is not valid TOML: ${(err as Error).message}`);
  }
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function getIn(doc: Table, p: string[]): unknown {
  let cur: unknown = doc;
  for (const k of p) {
    if (!isTable(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

function setIn(doc: Table, p: string[], v: unknown): void {
  let cur = doc;
  for (const k of p.slice(0, -1)) {
    if (!isTable(cur[k])) cur[k] = {};
    cur = cur[k] as Table;
  }
  if (v === undefined) delete cur[p[p.length - 1]!];
  else cur[p[p.length - 1]!] = v;
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
function isPrefix(prefix: string[], full: string[]): boolean {
  return prefix.length <= full.length && prefix.every((k, i) => k === full[i]);
}

function toToml(v: JsonValue, where: string): TomlValue {
  if (v === null) throw new ConfigEditError(`${where}: TOML has no null; remove the key instead`);
  if (Array.isArray(v)) return v.map((x, i) => toToml(x, `${where}[${i}]`));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toToml(x, `${where}.${k}`)]));
  return v;
}

// ---------- text-level primitives ----------

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Sets one leaf value (scalar, array or whole inline table) at `p`. */
function setLeaf(text: string, p: string[], value: TomlValue): string {
  const doc = parseDoc(text, 'config.toml');
  const { assignments, headers } = scan(text);
  const where = p.map(formatKey).join('.');
  const exact = assignments.find((a) => a.path && samePath(a.path, p));
  if (exact) return text.slice(0, exact.valueStart) + formatValue(value) + text.slice(exact.valueEnd);
  // Written inside an inline table (`tui = { notifications = true }`): rewrite that one value.
  const inline = assignments.find((a) => a.path && a.path.length < p.length && isPrefix(a.path, p));
  if (inline) {
    const current = getIn(doc, inline.path!);
    if (!isTable(current)) throw new ConfigEditError(`cannot set ${where}: ${inline.path!.map(formatKey).join('.')} is not a table`);
    const updated = parseDoc(`x = ${text.slice(inline.valueStart, inline.valueEnd)}`, where).x as Table;
    setIn(updated, p.slice(inline.path!.length), value);
    return text.slice(0, inline.valueStart) + formatValue(updated as TomlValue) + text.slice(inline.valueEnd);
  }
  if (isTable(getIn(doc, p)) && !isTable(value)) throw new ConfigEditError(`cannot set ${where}: it is a table in config.toml; edit the file by hand`);
  if (getIn(doc, p) !== undefined) throw new ConfigEditError(`cannot set ${where}: it is written in a form this editor does not change; edit the file by hand`);
  return insertKey(text, p, value, assignments, headers);
}

/** Adds `rest.of.key = value` as one line in the deepest table of `p` that has its own header (or the root). */
function insertKey(text: string, p: string[], value: TomlValue, assignments: Assignment[], headers: Header[]): string {
  const eol = eolOf(text);
  let container: Header | null = null;
  for (const h of headers) {
    if (!h.isArray && h.path.length < p.length && isPrefix(h.path, p) && (!container || h.path.length > container.path.length)) container = h;
  }
  const tablePath = container?.path ?? [];
  const line = `${p.slice(tablePath.length).map(formatKey).join('.')} = ${formatValue(value)}`;
  const sectionStart = container ? lineEndAt(text, container.lineStart) + 1 : 0;
  const nextHeader = headers.find((h) => h.lineStart >= sectionStart);
  const sectionEnd = nextHeader ? nextHeader.lineStart : text.length;
  const inSection = assignments.filter((a) => a.lineStart >= sectionStart && a.lineStart < sectionEnd);
  const last = inSection[inSection.length - 1];
  if (last) {
    const at = last.lineEnd;
    const needsBreak = at > 0 && text[at - 1] !== '\n';
    return text.slice(0, at) + (needsBreak ? eol : '') + line + eol + text.slice(at);
  }
  if (container) {
    const at = Math.min(sectionStart, text.length);
    const needsBreak = at > 0 && text[at - 1] !== '\n';
    return text.slice(0, at) + (needsBreak ? eol : '') + line + eol + text.slice(at);
  }
  if (!nextHeader) {
    // Root of a file without tables or keys: append after whatever comments it holds.
    const sep = text.length === 0 || text.endsWith('\n') ? '' : eol;
    return text + sep + line + eol;
  }
  // Root without keys but with tables: before the first table's attached comment block.
  let at = nextHeader.lineStart;
  for (;;) {
    if (at === 0) break;
    const prevStart = text.lastIndexOf('\n', at - 2) + 1;
    const prev = text.slice(prevStart, at - 1);
    if (!/^[ \t]*#/.test(prev)) break;
    at = prevStart;
  }
  return text.slice(0, at) + line + eol + eol + text.slice(at);
}

/** Removes the key at `p` (its whole lines, or its entry of an inline table, or its `[table]`). */
function removeKey(text: string, p: string[]): string {
  const doc = parseDoc(text, 'config.toml');
  if (getIn(doc, p) === undefined) return text;
  const { assignments, headers } = scan(text);
  const exact = assignments.find((a) => a.path && samePath(a.path, p));
  if (exact) return text.slice(0, exact.lineStart) + text.slice(exact.lineEnd);
  const inline = assignments.find((a) => a.path && a.path.length < p.length && isPrefix(a.path, p));
  if (inline) {
    const updated = parseDoc(`x = ${text.slice(inline.valueStart, inline.valueEnd)}`, p.join('.')).x as Table;
    setIn(updated, p.slice(inline.path!.length), undefined);
    return text.slice(0, inline.valueStart) + formatValue(updated as TomlValue) + text.slice(inline.valueEnd);
  }
  if (headers.some((h) => !h.isArray && samePath(h.path, p))) return removeTable(text, p);
  // A table made only of dotted keys or sub-tables: remove each part.
  const value = getIn(doc, p);
  if (isTable(value)) {
    let out = text;
    for (const k of Object.keys(value)) out = removeKey(out, [...p, k]);
    return out;
  }
  throw new ConfigEditError(`cannot remove ${p.map(formatKey).join('.')}: it is written in a form this editor does not change; edit the file by hand`);
}

// ---------- public API ----------

/**
 * Applies one edit to the text of config.toml and returns the new text. `replace`
 * makes the key hold exactly `value` (null removes it); `upsert` merges a table
 * value into the existing table. Throws ConfigEditError when the result would not
 * parse to exactly the intended settings.
 */
export function applyConfigEdit(text: string, edit: ConfigEdit): string {
  const p = splitKeyPath(edit.keyPath);
  const expected = parseDoc(text, 'config.toml');
  applyToData(expected, p, edit.value, edit.mergeStrategy);
  const out = applyToText(text, p, edit.value, edit.mergeStrategy);
  const after = parseDoc(out, `config.toml after setting ${edit.keyPath}`);
  if (!isDeepStrictEqual(after, expected) && !isDeepStrictEqual(pruneEmpty(after), pruneEmpty(expected))) {
    throw new ConfigEditError(`could not set ${edit.keyPath} in config.toml without changing other settings; edit the file by hand`);
  }
  return out;
}

function applyToData(doc: Table, p: string[], value: JsonValue, strategy: MergeStrategy): void {
  if (value === null) return setIn(doc, p, undefined);
  if (strategy === 'upsert' && isTable(value) && isTable(getIn(doc, p))) {
    for (const [k, x] of Object.entries(value)) applyToData(doc, [...p, k], x, strategy);
    return;
  }
  setIn(doc, p, toToml(value, p.join('.')));
}

function applyToText(text: string, p: string[], value: JsonValue, strategy: MergeStrategy): string {
  if (value === null) return removeKey(text, p);
  const current = getIn(parseDoc(text, 'config.toml'), p);
  if (isTable(value) && isTable(current)) {
    let out = text;
    if (strategy === 'replace') for (const k of Object.keys(current)) if (!(k in value)) out = removeKey(out, [...p, k]);
    for (const [k, x] of Object.entries(value)) out = applyToText(out, [...p, k], x, strategy);
    return out;
  }
  return setLeaf(text, p, toToml(value, p.join('.')));
}

function pruneEmpty(v: unknown): unknown {
  if (!isTable(v)) return v;
  const out: Table = {};
  for (const [k, x] of Object.entries(v)) {
    const pruned = pruneEmpty(x);
    if (isTable(pruned) && Object.keys(pruned).length === 0) continue;
    out[k] = pruned;
  }
  return out;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new ConfigEditError(`${file}: cannot read: ${(err as Error).message}`);
  }
}

/** `expectedVersion` no longer matches the file: Codex's `configVersionConflict`. */
export class ConfigVersionConflictError extends ConfigEditError {
  /** The wire value of `config_write_error_code`. */
  readonly code = 'configVersionConflict';
  constructor(readonly file: string) {
    // Codex's message, word for word: clients may show it as is.
    super('Configuration was modified since last read. Fetch latest version and retry.');
    this.name = 'ConfigVersionConflictError';
  }
}

/**
 * Applies `edits` in order to `file` (missing = empty) and writes it atomically
 * once, under the file's lock and on its current content (never on a copy read
 * earlier). With `expectedVersion`, refuses when the file changed since that version.
 */
export function writeConfigEdits(file: string, edits: ConfigEdit[], expectedVersion?: string | null): ConfigWriteResponse {
  const { after } = updateFileLocked(file, (raw) => {
    if (expectedVersion && expectedVersion !== configVersion(raw)) throw new ConfigVersionConflictError(file);
    // A UTF-8 BOM is kept where it was; the edits work on the TOML after it.
    const bom = raw.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    let text = raw.slice(bom.length);
    for (const edit of edits) text = applyConfigEdit(text, edit);
    return bom + text;
  });
  return { status: 'ok', version: configVersion(after), filePath: path.resolve(file), overriddenMetadata: null };
}

/** The user's layer (config.toml) with its version. */
export function readUserLayer(file: string): ConfigLayer {
  const raw = readText(file);
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return {
    name: { type: 'user', file: path.resolve(file), profile: null },
    version: configVersion(raw),
    config: toJson(parseDoc(text, file)),
    disabledReason: null,
  };
}

/** TOML dates become strings; everything else is already JSON. */
function toJson(v: unknown): JsonValue {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(toJson);
  if (isTable(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v as JsonValue;
}

/**
 * `config/read`: the effective settings (file, trusted project files, profile, overrides
 * and defaults for the keys the core resolves), which layer each key of those files came
 * from, and optionally the layers (untrusted project ones with their disabledReason).
 */
export function buildConfigReadResponse(config: Config, includeLayers: boolean): ConfigReadResponse {
  const user = readUserLayer(config.configFile);
  const effective: Record<string, JsonValue> = {
    ...(toJson(config.raw) as Record<string, JsonValue>),
    model: config.model,
    model_provider: config.modelProviderId,
    approval_policy: config.approvalPolicy,
    sandbox_mode: config.sandboxMode,
    model_reasoning_effort: config.modelReasoningEffort ?? null,
    model_reasoning_summary: config.modelReasoningSummary ?? null,
  };
  // Project layers (lowest first) as Codex lists them; a disabled one is shown but sets nothing.
  const projects: ConfigLayer[] = config.projectLayers.map((l) => ({
    name: { type: 'project', dotCodexFolder: l.dotCodexFolder },
    version: configVersion(l.text ?? ''),
    config: toJson(l.config),
    disabledReason: l.disabledReason,
  }));
  const origins: Record<string, ConfigLayerMetadata> = {};
  const walk = (v: JsonValue, prefix: string[], meta: ConfigLayerMetadata) => {
    if (isTable(v) && Object.keys(v).length > 0) for (const [k, x] of Object.entries(v)) walk(x as JsonValue, [...prefix, k], meta);
    else if (prefix.length) origins[prefix.join('.')] = meta;
  };
  for (const layer of [user, ...projects]) {
    if (layer.disabledReason === null) walk(layer.config, [], { name: layer.name, version: layer.version });
  }
  // Highest precedence first, as Codex's layers_high_to_low.
  return { config: effective, origins, layers: includeLayers ? [...projects.reverse(), user] : null };
}
