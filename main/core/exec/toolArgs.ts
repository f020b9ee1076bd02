// Parses exec_command / write_stdin arguments the way Codex (serde_json) does,
// so a malformed call gets the same reply as from Codex 0.169 (observed):
//   {"yield_time_ms":500}                      ⇒ failed to parse function arguments: missing field `cmd` at line 1 column 21
//   {"session_id":"abc","chars":""}            ⇒ … invalid type: string "abc", expected i32 at line 1 column 19
//   {"cmd":"echo hi","yield_time_ms":250.5}    ⇒ … invalid type: floating point `250.5`, expected u64 at line 1 column 38
// The position is the last character serde had consumed: the end of the bad
// value, or the closing brace for a missing field. Unknown keys are ignored.
// Syntax errors use JSON.parse's message (serde's wording is not reproduced).
import type { ExecCommandArgs, WriteStdinArgs } from './unifiedExec.js';

type FieldType = 'string' | 'bool' | 'u64' | 'i32' | 'usize' | 'strings' | 'permissions';

const EXPECTED: Record<FieldType, string> = {
  string: 'a string',
  bool: 'a boolean',
  u64: 'u64',
  i32: 'i32',
  usize: 'usize',
  strings: 'a sequence',
  permissions: 'enum SandboxPermissions',
};

const EXEC_FIELDS: Record<string, FieldType> = {
  cmd: 'string',
  workdir: 'string',
  shell: 'string',
  login: 'bool',
  tty: 'bool',
  yield_time_ms: 'u64',
  max_output_tokens: 'usize',
  sandbox_permissions: 'permissions',
  justification: 'string',
  prefix_rule: 'strings',
};

const WRITE_FIELDS: Record<string, FieldType> = {
  session_id: 'i32',
  chars: 'string',
  yield_time_ms: 'u64',
  max_output_tokens: 'usize',
};

export class ToolArgsError extends Error {
  constructor(detail: string) {
    super(`failed to parse function arguments: ${detail}`);
    this.name = 'ToolArgsError';
  }
}

interface Located {
  key: string;
  /** Index of the value's last character. */
  end: number;
  raw: string;
}

/** Top-level keys of a JSON object text with where their values end (input already valid JSON). */
function locateTopLevel(text: string): { fields: Located[]; close: number } {
  const fields: Located[] = [];
  let i = text.indexOf('{') + 1;
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const skipString = () => {
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipValue = () => {
    const c = text[i];
    if (c === '"') return skipString();
    if (c === '{' || c === '[') {
      let depth = 0;
      do {
        const d = text[i];
        if (d === '"') {
          skipString();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        if (d === '}' || d === ']') depth--;
        i++;
      } while (depth > 0);
      return;
    }
    while (i < text.length && !/[\s,}\]]/.test(text[i]!)) i++;
  };
  for (;;) {
    skipWs();
    if (text[i] === '}') return { fields, close: i };
    const keyStart = i;
    skipString();
    const key = JSON.parse(text.slice(keyStart, i)) as string;
    skipWs();
    i++; // colon
    skipWs();
    const valueStart = i;
    skipValue();
    fields.push({ key, end: i - 1, raw: text.slice(valueStart, i) });
    skipWs();
    if (text[i] === ',') i++;
  }
}

function position(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < index; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return `at line ${line} column ${index - lineStart + 1}`;
}

function unexpected(value: unknown, raw: string): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return `boolean \`${value}\``;
  if (Array.isArray(value)) return 'sequence';
  if (typeof value === 'object') return 'map';
  const n = value as number;
  if (/[.eE]/.test(raw)) return `floating point \`${Number.isInteger(n) ? n.toFixed(1) : String(n)}\``;
  return `integer \`${n}\``;
}

function check(type: FieldType, value: unknown, raw: string): string | undefined {
  const bad = (kind: 'type' | 'value') => `invalid ${kind}: ${unexpected(value, raw)}, expected ${EXPECTED[type]}`;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : bad('type');
    case 'bool':
      return typeof value === 'boolean' ? undefined : bad('type');
    case 'strings':
      if (!Array.isArray(value)) return bad('type');
      for (const v of value as unknown[]) {
        if (typeof v !== 'string') return `invalid type: ${unexpected(v, JSON.stringify(v))}, expected a string`;
      }
      return undefined;
    case 'permissions':
      if (typeof value !== 'string') return bad('type');
      return value === 'use_default' || value === 'require_escalated'
        ? undefined
        : `unknown variant \`${value}\`, expected \`use_default\` or \`require_escalated\``;
    case 'u64':
    case 'usize':
    case 'i32': {
      if (typeof value !== 'number' || /[.eE]/.test(raw)) return bad('type');
      if (type === 'i32' ? value < -2147483648 || value > 2147483647 : value < 0) return bad('value');
      return undefined;
    }
  }
}

function parseWith(text: string, fields: Record<string, FieldType>, required: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ToolArgsError((err as Error).message);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ToolArgsError(`invalid type: ${unexpected(value, text.trim())}, expected a map`);
  }
  const { fields: located, close } = locateTopLevel(text);
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const f of located) {
    const type = fields[f.key];
    if (!type) continue;
    if (seen.has(f.key)) throw new ToolArgsError(`duplicate field \`${f.key}\` ${position(text, f.end)}`);
    seen.add(f.key);
    const v = JSON.parse(f.raw) as unknown;
    // Option<_> fields accept null as "absent"; the required one does not.
    if (v === null && f.key !== required) continue;
    const problem = check(type, v, f.raw);
    if (problem) throw new ToolArgsError(`${problem} ${position(text, f.end)}`);
    out[f.key] = v;
  }
  if (!seen.has(required)) throw new ToolArgsError(`missing field \`${required}\` ${position(text, close)}`);
  return out;
}

/** exec_command arguments (Codex's extra approval fields are kept too). */
export function parseExecCommandArgs(text: string): ExecCommandArgs & {
  sandbox_permissions?: 'use_default' | 'require_escalated';
  justification?: string;
  prefix_rule?: string[];
} {
  return parseWith(text, EXEC_FIELDS, 'cmd') as unknown as ExecCommandArgs;
}

export function parseWriteStdinArgs(text: string): WriteStdinArgs {
  return parseWith(text, WRITE_FIELDS, 'session_id') as unknown as WriteStdinArgs;
}
