// Codex's own app-server protocol schema, generated at test time by the pinned
// reference (`codex app-server generate-json-schema`, never committed), with
// ajv validators per method and direction. Codex writes draft-07 schemas, which
// is ajv's default dialect.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** A JSON schema node as Codex's generator writes it. */
export type SchemaNode = { [key: string]: any };

/** Where a message's payload failed Codex's schema: a JSON pointer into params/result, and why. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/** What a message is, seen from our server: the payload checked is params, or result for responses. */
export type MessageKind = 'clientRequest' | 'response' | 'notification' | 'serverRequest' | 'serverRequestResponse';

/** Runs the reference's generator into a fresh directory and returns every schema file by its relative path. */
export function generateCodexSchemaFiles(bin: string): Map<string, SchemaNode> {
  const out = mkdtempSync(join(tmpdir(), 'codex-schema-'));
  try {
    // The npm package's entry is a node script; a native binary runs as is.
    const [cmd, args] = bin.endsWith('.js') ? [process.execPath, [bin]] : [bin, []];
    execFileSync(cmd, [...args, 'app-server', 'generate-json-schema', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
    const files = new Map<string, SchemaNode>();
    for (const rel of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
      if (rel.endsWith('.json')) files.set(relative(out, join(out, rel)), JSON.parse(readFileSync(join(out, rel), 'utf8')));
    }
    return files;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// Response schemas whose name is not the params name with Params → Response
// (codex-rs app-server-protocol's client_request_definitions!).
const RESPONSE_NAME_OVERRIDES: Record<string, string> = {
  'config/value/write': 'ConfigWriteResponse',
  'config/batchWrite': 'ConfigWriteResponse',
};

// Codex's integer formats; ajv knows none of them, and they catch negative
// durations or fractional counts.
const NUMBER_FORMATS: Record<string, (n: number) => boolean> = {
  int32: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  int64: Number.isInteger,
  uint: (n) => Number.isInteger(n) && n >= 0,
  uint16: (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 16,
  uint32: (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
  uint64: (n) => Number.isInteger(n) && n >= 0,
  double: Number.isFinite,
};

interface MethodEntry {
  file: string;
  /** Definition name of the params, or undefined when the method takes none. */
  params: string | undefined;
}

export class CodexProtocolSchema {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, discriminator: true });
  private readonly tables: Record<'clientRequest' | 'notification' | 'serverRequest', Map<string, MethodEntry>>;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly added = new Set<string>();

  constructor(private readonly files: Map<string, SchemaNode>) {
    for (const [name, ok] of Object.entries(NUMBER_FORMATS)) this.ajv.addFormat(name, { type: 'number', validate: ok });
    this.tables = {
      clientRequest: methodTable(this.file('ClientRequest.json'), 'ClientRequest.json'),
      notification: methodTable(this.file('ServerNotification.json'), 'ServerNotification.json'),
      serverRequest: methodTable(this.file('ServerRequest.json'), 'ServerRequest.json'),
    };
  }

  static generate(bin: string): CodexProtocolSchema {
    return new CodexProtocolSchema(generateCodexSchemaFiles(bin));
  }

  methods(kind: 'clientRequest' | 'notification' | 'serverRequest'): string[] {
    return [...this.tables[kind].keys()];
  }

  /**
   * Problems of `payload` (params, or result for the two response kinds) for
   * `method`; undefined when Codex has no such method in that direction.
   */
  check(kind: MessageKind, method: string, payload: unknown): SchemaIssue[] | undefined {
    const validate = this.validator(kind, method);
    if (!validate) return undefined;
    return validate(payload) ? [] : readableIssues(validate.errors ?? []);
  }

  /** Problems of a whole JSON-RPC message against Codex's JSONRPCRequest, …Notification, …Response or …Error. */
  checkEnvelope(message: Record<string, unknown>): SchemaIssue[] {
    const shape = 'error' in message ? 'JSONRPCError' : 'result' in message ? 'JSONRPCResponse' : 'id' in message ? 'JSONRPCRequest' : 'JSONRPCNotification';
    const validate = this.compile(`${shape}.json`, undefined);
    return validate(message) ? [] : readableIssues(validate.errors ?? []);
  }

  /**
   * The raw schema of a client request's params, or of a client's reply to a
   * server request, with a resolver for its `$ref`s, for building examples.
   */
  payloadSchema(kind: 'clientRequest' | 'serverRequestResponse', method: string): { schema: SchemaNode; resolve: (ref: string) => SchemaNode } | undefined {
    const entry = (kind === 'clientRequest' ? this.tables.clientRequest : this.tables.serverRequest).get(method);
    if (!entry) return undefined;
    // A request without params (account/logout): Codex's clients send none, or null.
    if (kind === 'clientRequest' && !entry.params) {
      return {
        schema: { type: 'null' },
        resolve: (ref) => {
          throw new Error(`${method}: no params, so no definition ${ref}`);
        },
      };
    }
    if (!entry.params) return undefined;
    const file = kind === 'clientRequest' ? entry.file : this.responseFile(method, entry);
    const defs = (this.file(file).definitions ?? {}) as Record<string, SchemaNode>;
    const resolve = (ref: string): SchemaNode => {
      const def = defs[ref.replace(/^#\/definitions\//, '')];
      if (!def) throw new Error(`${file}: no definition ${ref}`);
      return def;
    };
    return { schema: kind === 'clientRequest' ? resolve(`#/definitions/${entry.params}`) : this.file(file), resolve };
  }

  private validator(kind: MessageKind, method: string): ValidateFunction | undefined {
    const table = kind === 'response' ? this.tables.clientRequest : kind === 'serverRequestResponse' ? this.tables.serverRequest : this.tables[kind];
    const entry = table.get(method);
    if (!entry) return undefined;
    if (kind === 'response' || kind === 'serverRequestResponse') {
      return this.compile(this.responseFile(method, entry), undefined);
    }
    // A method without params: Codex sends none (or null).
    if (!entry.params) return this.ajv.compile({ type: 'null' });
    return this.compile(entry.file, entry.params);
  }

  private responseFile(method: string, entry: MethodEntry): string {
    const name = RESPONSE_NAME_OVERRIDES[method] ?? entry.params?.replace(/Params$/, 'Response');
    const file = [...this.files.keys()].find((f) => basename(f) === `${name}.json`);
    if (!file) throw new Error(`no response schema for ${method} (looked for ${name}.json); add it to RESPONSE_NAME_OVERRIDES`);
    return file;
  }

  private compile(file: string, definition: string | undefined): ValidateFunction {
    const key = definition ? `${file}#/definitions/${definition}` : file;
    let validate = this.compiled.get(key);
    if (!validate) {
      if (!this.added.has(file)) {
        this.ajv.addSchema(simplifyUnions(structuredClone(this.file(file))), file);
        this.added.add(file);
      }
      validate = definition ? this.ajv.compile({ $ref: key }) : this.ajv.getSchema(file)!;
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private file(name: string): SchemaNode {
    const f = this.files.get(name);
    if (!f) throw new Error(`Codex's generator wrote no ${name}`);
    return f;
  }
}

/** method → params definition, from a ClientRequest/ServerNotification/ServerRequest oneOf. */
function methodTable(schema: SchemaNode, file: string): Map<string, MethodEntry> {
  const table = new Map<string, MethodEntry>();
  for (const variant of schema.oneOf as SchemaNode[]) {
    const method = variant.properties.method.enum[0] as string;
    const ref = variant.properties.params?.$ref as string | undefined;
    table.set(method, { file, params: ref?.replace(/^#\/definitions\//, '') });
  }
  return table;
}

// ---------- readable errors ----------
// ajv reports every branch of a failed union. Two rewrites keep one error per
// real problem: tagged unions (every branch has a one-value `type`) get ajv's
// `discriminator`, so only the matching variant is checked; other unions
// (nullable refs, "string or object") become an if/then chain on the JSON
// type, so a value meets only the branches of its own type.

function simplifyUnions(node: unknown, defs?: Record<string, SchemaNode>): any {
  if (Array.isArray(node)) return node.map((n) => simplifyUnions(n, defs));
  if (!node || typeof node !== 'object') return node;
  const n = node as SchemaNode;
  const ownDefs = (n.definitions as Record<string, SchemaNode> | undefined) ?? defs;
  for (const k of Object.keys(n)) n[k] = simplifyUnions(n[k], ownDefs);
  const key = Array.isArray(n.oneOf) ? 'oneOf' : Array.isArray(n.anyOf) ? 'anyOf' : undefined;
  if (!key || 'if' in n) return n;
  let branches = n[key] as SchemaNode[];
  if (key === 'oneOf' && branches.every(isTaggedByType)) {
    n.discriminator = { propertyName: 'type' };
    return n;
  }
  delete n[key];
  // null first: a nullable field that is not null is checked against the rest only.
  const nullable = branches.some(isNullOnly);
  branches = branches.filter((b) => !isNullOnly(b));
  const types = branches.map((b) => jsonTypeOf(b, ownDefs));
  let rest: SchemaNode;
  const byType = new Map<string, SchemaNode[]>();
  types.forEach((t, i) => byType.set(t!, [...(byType.get(t!) ?? []), branches[i]!]));
  if (branches.length === 1) rest = branches[0]!;
  else if (types.some((t) => t === undefined) || byType.size === 1) rest = { [key]: branches };
  else {
    // A string is checked against the string branches only, an object against the object ones.
    rest = { type: [...byType.keys()] };
    for (const [type, group] of [...byType].reverse()) rest = { if: { type }, then: group.length === 1 ? group[0] : { [key]: group }, else: rest };
  }
  return Object.assign(n, nullable ? { if: { type: 'null' }, else: rest } : 'if' in rest ? rest : { allOf: [...(n.allOf ?? []), rest] });
}

function isNullOnly(b: SchemaNode): boolean {
  return b.type === 'null' && Object.keys(b).length === 1;
}

function isTaggedByType(b: SchemaNode): boolean {
  return b.properties?.type?.enum?.length === 1 && Array.isArray(b.required) && b.required.includes('type');
}

/** The single JSON type a branch accepts, when it is plain to see. */
function jsonTypeOf(b: SchemaNode, defs: Record<string, SchemaNode> | undefined, depth = 0): string | undefined {
  if (typeof b.type === 'string') return b.type;
  if (b.enum?.every((v: unknown) => typeof v === 'string')) return 'string';
  if (typeof b.$ref === 'string' && defs && depth < 4) {
    const def = defs[b.$ref.replace(/^#\/definitions\//, '')];
    return def ? jsonTypeOf(def, defs, depth + 1) : undefined;
  }
  return undefined;
}

function readableIssues(errors: ErrorObject[]): SchemaIssue[] {
  const leaf = errors.filter((e) => {
    if (e.keyword === 'if') return false;
    // A union's summary says less than the branch errors beneath it.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf')
      return !errors.some((o) => o !== e && o.keyword !== 'if' && o.keyword !== e.keyword && o.instancePath.startsWith(e.instancePath));
    return true;
  });
  const issues = leaf.map((e): SchemaIssue => {
    const p = e.params as Record<string, any>;
    switch (e.keyword) {
      case 'required':
        return { path: `${e.instancePath}/${p.missingProperty}`, message: 'is required by Codex but missing' };
      case 'additionalProperties':
        return { path: `${e.instancePath}/${p.additionalProperty}`, message: 'is not a Codex field (additionalProperties: false)' };
      case 'discriminator':
        return { path: `${e.instancePath}/${p.tag}`, message: `${JSON.stringify(p.tagValue)} is not a Codex variant` };
      case 'enum':
        return { path: e.instancePath, message: `must be one of ${JSON.stringify(p.allowedValues)}` };
      default:
        return { path: e.instancePath, message: e.message ?? e.keyword };
    }
  });
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(`${i.path}\0${i.message}`) && seen.add(`${i.path}\0${i.message}`));
}
