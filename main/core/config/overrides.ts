// `-c key.path=value` flags, as Codex parses them: split at the first `=`,
// the key is a dotted path (TOML quoting allowed), the value is TOML when it
// parses and the raw text otherwise (so `-c model=o3` needs no quotes).
import { parse } from 'smol-toml';
import { ConfigError } from './errors.js';
import { formatKeyPath, isTable, isUnsafeKey, setPath, type TomlTable } from './table.js';

export interface CliOverride {
  /** The flag text as given, for error messages. */
  raw: string;
  path: string[];
  value: unknown;
}

function flagError(raw: string, problem: string): ConfigError {
  return new ConfigError(`-c ${raw}: ${problem}; expected -c key=value (for example -c model="o3")`, {
    source: `-c ${raw}`,
  });
}

/**
 * Splits a dotted key into segments. TOML's own key grammar is used so that
 * `projects."/a/b".trust_level` and `'lit.eral'` work; anything TOML rejects
 * falls back to a plain split on dots (Codex splits naively).
 */
export function parseKeyPath(key: string): string[] {
  let doc: unknown;
  try {
    doc = parse(`${key} = 0`);
  } catch {
    return key.split('.').map((s) => s.trim());
  }
  const path: string[] = [];
  let cur = doc;
  while (isTable(cur)) {
    const keys = Object.keys(cur);
    if (keys.length !== 1) break;
    path.push(keys[0]!);
    cur = cur[keys[0]!];
  }
  return path;
}

/** The value part: a single TOML value, else the text itself. */
export function parseOverrideValue(text: string): unknown {
  try {
    const doc = parse(`value = ${text}`);
    // Text with a newline could smuggle in more keys; then it is not one value.
    if (Object.keys(doc).length === 1) return doc.value;
  } catch {
    // not TOML: fall through to the literal string
  }
  return text;
}

export function parseCliOverride(raw: string): CliOverride {
  const eq = raw.indexOf('=');
  if (eq < 0) throw flagError(raw, "missing '='");
  const key = raw.slice(0, eq).trim();
  if (key === '') throw flagError(raw, 'empty key');
  const path = parseKeyPath(key);
  if (path.length === 0 || path.some((seg) => seg === '')) throw flagError(raw, `invalid key "${key}"`);
  const unsafe = path.find(isUnsafeKey);
  if (unsafe !== undefined) throw flagError(raw, `"${unsafe}" is not allowed as a key`);
  return { raw, path, value: parseOverrideValue(raw.slice(eq + 1).trim()) };
}

export function parseCliOverrides(raws: readonly string[] = []): CliOverride[] {
  return raws.map(parseCliOverride);
}

/** Applies overrides in order (later ones win) to `table`, in place. */
export function applyCliOverrides(table: TomlTable, overrides: readonly CliOverride[]): TomlTable {
  for (const o of overrides) setPath(table, o.path, o.value);
  return table;
}

/** `--enable F` / `--disable F` are shorthands for `-c features.F=true|false`. */
export function featureToggleOverrides(enable: readonly string[] = [], disable: readonly string[] = []): string[] {
  const toggle = (name: string, on: boolean): string => {
    const trimmed = name.trim();
    if (trimmed === '') {
      throw new ConfigError(`--${on ? 'enable' : 'disable'}: expected a feature name`, {
        source: `--${on ? 'enable' : 'disable'}`,
      });
    }
    return `${formatKeyPath(['features', trimmed])}=${on}`;
  };
  return [...enable.map((f) => toggle(f, true)), ...disable.map((f) => toggle(f, false))];
}
