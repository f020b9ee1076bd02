// Plain-object helpers for parsed TOML: smol-toml yields ordinary objects,
// arrays, primitives and TomlDate (a Date subclass), nothing else.

export type TomlTable = Record<string, unknown>;

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

// Keys that would reach Object.prototype when used as property names; a
// `-c __proto__.x=1` must not be able to touch it.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isUnsafeKey(key: string): boolean {
  return UNSAFE_KEYS.has(key);
}

export function getPath(table: TomlTable, path: readonly string[]): unknown {
  let cur: unknown = table;
  for (const seg of path) {
    if (!isTable(cur) || !Object.hasOwn(cur, seg)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** Sets a nested value, replacing any non-table on the way with a fresh table (as `-c` does). */
export function setPath(table: TomlTable, path: readonly string[], value: unknown): void {
  if (path.length === 0) throw new Error('empty key path');
  let cur = table;
  for (const seg of path.slice(0, -1)) {
    const next = cur[seg];
    if (isTable(next)) {
      cur = next;
    } else {
      const fresh: TomlTable = {};
      cur[seg] = fresh;
      cur = fresh;
    }
  }
  cur[path[path.length - 1]!] = value;
}

/** Tables merge key by key; anything else in `over` replaces what `base` had. Inputs are not modified. */
export function deepMerge(base: TomlTable, over: TomlTable): TomlTable {
  const out: TomlTable = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isTable(prev) && isTable(value) ? deepMerge(prev, value) : cloneValue(value);
  }
  return out;
}

export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (isTable(value)) return deepMerge({}, value) as T;
  return value;
}

export { formatKeyPath } from '../../../shared/protocol/configKeyPath.js';

/** Short description of a value for "expected X, got Y" messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'no value';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return `a date-time (${value.toISOString()})`;
  if (Array.isArray(value)) return 'an array';
  if (isTable(value)) return 'a table';
  return String(value);
}
