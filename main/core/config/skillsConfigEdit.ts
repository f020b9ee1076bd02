// `skills/config/write` as Codex 0.169 writes it: a disabled skill is one
// `[[skills.config]]` entry in config.toml (`path = "<SKILL.md>"` or
// `name = "<name>"`, then `enabled = false`); enabling it removes that entry
// (observed on the reference CLI: nothing is left behind). Only those lines change;
// every edit is checked by re-parsing. Writing the file is lockedUpdate's job.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { ConfigEditError, findHeaders, formatValue } from './tomlTableEdit.js';

export type SkillSelector = { path: string } | { name: string };

interface SkillConfigEntry {
  path?: unknown;
  name?: unknown;
  enabled?: unknown;
}

/** Codex compares override paths after normalizing them (symlinks resolved when the file exists). */
export function normalizeSkillPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function matches(entry: SkillConfigEntry, selector: SkillSelector): boolean {
  if ('name' in selector) return entry.name === selector.name && entry.path === undefined;
  return typeof entry.path === 'string' && normalizeSkillPath(entry.path) === normalizeSkillPath(selector.path);
}

/** The `[[skills.config]]` entries of a parsed config (the user's layer); a clear error when they are not a list of tables. */
export function skillConfigEntries(doc: Record<string, unknown>, source: string): SkillConfigEntry[] {
  const skills = doc.skills;
  if (skills === undefined) return [];
  if (!isTable(skills)) throw new ConfigEditError(`${source}: skills must be a table`);
  const list = skills.config;
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every(isTable)) throw new ConfigEditError(`${source}: skills.config must be a list of tables ([[skills.config]])`);
  return list;
}

/** Returns config.toml's text with the skill enabled or disabled as Codex writes it. */
export function setSkillEnabled(text: string, selector: SkillSelector, enabled: boolean): string {
  const before = parseDoc(text, 'config.toml');
  const entries = skillConfigEntries(before, 'config.toml');
  const endsWithNewline = text.endsWith('\n') || text === '';
  const lines = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const headers = findHeaders(lines);
  const blocks = headers
    .map((h, i) => ({ ...h, end: i + 1 < headers.length ? headers[i + 1]!.line : lines.length }))
    .filter((h) => /^\s*\[\[/.test(lines[h.line]!) && h.path.length === 2 && h.path[0] === 'skills' && h.path[1] === 'config');
  if (blocks.length !== entries.length)
    throw new ConfigEditError('skills.config in config.toml is not written as [[skills.config]] tables; edit the file by hand');
  const hits = entries.map((e, i) => (matches(e, selector) ? i : -1)).filter((i) => i >= 0);

  const expectedEntries = enabled
    ? entries.filter((_, i) => !hits.includes(i))
    : hits.length
      ? entries.map((e, i) => (hits.includes(i) ? { ...e, enabled: false } : e))
      : [...entries, { ...selector, enabled: false }];
  if (sameData(expectedEntries, entries)) return text;

  let out: string;
  if (enabled)
    out = removeBlocks(
      lines,
      hits.map((i) => blocks[i]!),
      endsWithNewline,
    );
  else if (hits.length)
    out = setEnabledFalse(
      lines,
      hits.map((i) => blocks[i]!),
      endsWithNewline,
    );
  else {
    const key = 'name' in selector ? `name = ${formatValue(selector.name)}` : `path = ${formatValue(selector.path)}`;
    out = text;
    if (out.length > 0 && !out.endsWith('\n')) out += '\n';
    if (out.trim().length > 0 && !out.endsWith('\n\n')) out += '\n';
    out += `[[skills.config]]\n${key}\nenabled = false\n`;
  }

  const expected = JSON.parse(canonical(before)) as Record<string, unknown>;
  if (expectedEntries.length) (expected.skills = isTable(expected.skills) ? expected.skills : {}).config = expectedEntries;
  else if (isTable(expected.skills)) {
    delete expected.skills.config;
    if (Object.keys(expected.skills).length === 0) delete expected.skills;
  }
  if (!sameData(parseDoc(out, 'the edited config.toml'), expected))
    throw new ConfigEditError('could not change skills.config in config.toml without changing other settings; edit the file by hand');
  return out;
}

type Block = { line: number; end: number };

/** Drops each block's lines (trailing blank and comment lines stay with what follows) and one blank separator above it. */
function removeBlocks(lines: string[], blocks: Block[], endsWithNewline: boolean): string {
  const remove = new Set<number>();
  for (const b of blocks) {
    let last = b.end - 1;
    while (last > b.line && /^\s*(#.*)?$/.test(lines[last]!)) last--;
    for (let l = b.line; l <= last; l++) remove.add(l);
    if (b.line > 0 && /^\s*$/.test(lines[b.line - 1]!) && !remove.has(b.line - 1)) remove.add(b.line - 1);
  }
  const kept = lines.filter((_, i) => !remove.has(i));
  while (kept.length && kept[kept.length - 1]!.trim() === '') kept.pop();
  const out = kept.join('\n');
  return out.trim() === '' ? '' : out + (endsWithNewline || remove.has(lines.length - 1) ? '\n' : '');
}

/** Sets `enabled = false` in each block: the existing key's value, or a new line after the block's last key. */
function setEnabledFalse(lines: string[], blocks: Block[], endsWithNewline: boolean): string {
  const out = [...lines];
  for (const b of [...blocks].sort((x, y) => y.line - x.line)) {
    const at = out.slice(b.line + 1, b.end).findIndex((l) => /^\s*enabled\s*=/.test(l));
    if (at >= 0) out[b.line + 1 + at] = out[b.line + 1 + at]!.replace(/^(\s*enabled\s*=\s*)[^#]*?(\s*(#.*)?)$/, '$1false$2');
    else {
      let last = b.end - 1;
      while (last > b.line && /^\s*(#.*)?$/.test(out[last]!)) last--;
      out.splice(last + 1, 0, 'enabled = false');
    }
  }
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

function parseDoc(text: string, what: string): Record<string, unknown> {
  try {
    return parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigEditError(`${what} is not valid TOML: ${(err as Error).message}`);
  }
}

/** smol-toml's tables have no prototype: compare parsed documents as JSON with sorted keys. */
function sameData(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    isTable(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, x[k]]),
        )
      : x,
  );
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
