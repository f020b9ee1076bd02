// Serialises a JSON value as a TOML literal, to turn protocol `config` objects
// into `-c key=value` overrides.
export function tomlLiteral(value: unknown): string {
  if (value === null || value === undefined) throw new Error('null is not a TOML value');
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)} = ${tomlLiteral(v)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  throw new Error(`cannot express ${typeof value} in TOML`);
}

/** `{a: {b: 1}, "c.d": true}` → `["a.b=1", "c.d=true"]` (nested objects flattened into dotted keys). */
export function configObjectToOverrides(config: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) out.push(...configObjectToOverrides(value as Record<string, unknown>, path));
    else out.push(`${path}=${tomlLiteral(value)}`);
  }
  return out;
}
