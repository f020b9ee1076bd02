// Typed access to a merged config table. Every accessor either returns a
// well-typed value (or undefined when absent) or throws a ConfigError that
// names where the value came from, its key path, and what was expected.
import { ConfigError } from './errors.js';
import { describeValue, getPath, isTable, type TomlTable } from './table.js';

export interface ValueSource {
  /** The config.toml path or the `-c ...` flag that supplied the value. */
  origin: string;
  /** Key path as the user wrote it, e.g. `profiles.fast.model`. */
  keyPath: string;
}

export type Locate = (path: readonly string[]) => ValueSource;

export class ConfigReader {
  constructor(
    readonly table: TomlTable,
    readonly locate: Locate,
  ) {}

  raw(path: readonly string[]): unknown {
    return getPath(this.table, path);
  }

  /** Throws "<origin>: <key>: expected <expected>, got <value>" (`got` replaces the value description). */
  fail(path: readonly string[], expected: string, got = describeValue(this.raw(path))): never {
    const { origin, keyPath } = this.locate(path);
    throw new ConfigError(`${origin}: ${keyPath}: expected ${expected}, got ${got}`, {
      source: origin,
      keyPath,
    });
  }

  string(path: readonly string[]): string | undefined {
    const v = this.raw(path);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') this.fail(path, 'a string');
    return v;
  }

  nonEmptyString(path: readonly string[]): string | undefined {
    const v = this.string(path);
    if (v !== undefined && v.trim() === '') this.fail(path, 'a non-empty string');
    return v;
  }

  boolean(path: readonly string[]): boolean | undefined {
    const v = this.raw(path);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail(path, 'a boolean (true or false)');
    return v;
  }

  integer(path: readonly string[], min = Number.MIN_SAFE_INTEGER): number | undefined {
    const v = this.raw(path);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      this.fail(path, min === 0 ? 'a non-negative integer' : min > Number.MIN_SAFE_INTEGER ? `an integer >= ${min}` : 'an integer');
    }
    return v;
  }

  oneOf<T extends string>(path: readonly string[], allowed: readonly T[]): T | undefined {
    const v = this.raw(path);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(path, `one of ${allowed.join(', ')}`);
    }
    return v as T;
  }

  stringArray(path: readonly string[]): string[] | undefined {
    const v = this.raw(path);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) this.fail(path, 'an array of strings');
    v.forEach((item, i) => {
      if (typeof item !== 'string') this.fail(path, 'an array of strings', `${describeValue(item)} at index ${i}`);
    });
    return [...(v as string[])];
  }

  /** A table whose values are all strings (headers, query params, env `set`). */
  stringMap(path: readonly string[]): Record<string, string> | undefined {
    const t = this.tableAt(path);
    if (t === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const [k, item] of Object.entries(t)) {
      if (typeof item !== 'string') this.fail([...path, k], 'a string');
      out[k] = item;
    }
    return out;
  }

  tableAt(path: readonly string[]): TomlTable | undefined {
    const v = this.raw(path);
    if (v === undefined) return undefined;
    if (!isTable(v)) this.fail(path, 'a table');
    return v;
  }
}
