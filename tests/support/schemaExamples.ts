// Example values built from a JSON schema as Codex's generator writes it:
// `fullExample` fills every field, and `schemaVariants` adds one field at a
// time to the required ones so that each enum value, union branch and null of every field (nested
// included) appears in at least one example. The conformance test feeds them,
// checked valid against Codex's schema first, to our request parsers.
import type { SchemaNode } from './codexSchema.js';

export type Resolve = (ref: string) => SchemaNode;

const MAX_DEPTH = 8;

/** One valid value with every optional field present (the first branch of each union). */
export function fullExample(schema: SchemaNode | boolean, resolve: Resolve, depth = 0): unknown {
  const s = deref(schema, resolve);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (Array.isArray(s.allOf)) return fullExample(mergeAll(s, resolve), resolve, depth);
  const union = unionOf(s);
  if (union) {
    const branch = union.find((b) => !isNull(deref(b, resolve))) ?? union[0]!;
    return fullExample(withOwnFields(s, branch, resolve), resolve, depth);
  }
  const type = Array.isArray(s.type) ? (s.type.find((t: string) => t !== 'null') ?? 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(s.required ?? []);
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, SchemaNode>)) {
        if (depth < MAX_DEPTH || required.has(k)) out[k] = fullExample(v, resolve, depth + 1);
      }
      if (!s.properties && s.additionalProperties)
        out.sample = s.additionalProperties === true ? 'sample' : fullExample(s.additionalProperties, resolve, depth + 1);
      return out;
    }
    case 'array':
      return s.items ? [fullExample(s.items, resolve, depth + 1)] : [];
    case 'string':
      return 'sample';
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return 'sample'; // `true` / `{}`: any JSON value
  }
}

/** Valid values covering every enum value, union branch and null: the full one, the minimal one, then one field at a time. */
export function schemaVariants(schema: SchemaNode | boolean, resolve: Resolve, depth = 0): unknown[] {
  const s = deref(schema, resolve);
  if (depth >= MAX_DEPTH) return [fullExample(s, resolve, depth)];
  if ('const' in s) return [s.const];
  if (Array.isArray(s.enum)) return [...s.enum];
  if (Array.isArray(s.allOf)) return schemaVariants(mergeAll(s, resolve), resolve, depth);
  const union = unionOf(s);
  if (union) return union.flatMap((b) => schemaVariants(withOwnFields(s, b, resolve), resolve, depth));
  if (Array.isArray(s.type)) return s.type.flatMap((t: string) => schemaVariants({ ...s, type: t }, resolve, depth));
  if (s.type === 'array') return s.items ? schemaVariants(s.items, resolve, depth + 1).map((v) => [v]) : [[]];
  if (s.type !== 'object' || !s.properties) return [fullExample(s, resolve, depth)];
  const base = fullExample(s, resolve, depth) as Record<string, unknown>;
  const required = new Set<string>(s.required ?? []);
  const minimal = Object.fromEntries(Object.entries(base).filter(([k]) => required.has(k)));
  // Each field varies alone on top of the required ones, so that one field a
  // consumer rejects cannot hide what it does with another.
  const out: unknown[] = [base, minimal];
  for (const [k, v] of Object.entries(s.properties as Record<string, SchemaNode>)) {
    for (const alt of schemaVariants(v, resolve, depth + 1)) out.push({ ...minimal, [k]: alt });
  }
  return out;
}

function deref(schema: SchemaNode | boolean, resolve: Resolve): SchemaNode {
  if (typeof schema === 'boolean') return {};
  let s = schema;
  for (let i = 0; typeof s.$ref === 'string' && i < 20; i++) {
    const { $ref, ...rest } = s;
    s = { ...resolve($ref), ...rest };
  }
  return s;
}

function unionOf(s: SchemaNode): SchemaNode[] | undefined {
  return Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined;
}

function isNull(s: SchemaNode): boolean {
  return s.type === 'null';
}

/** A union branch together with the fields its parent declares beside the union (e.g. ImageUserInput's `type` and `detail`). */
function withOwnFields(parent: SchemaNode, branch: SchemaNode, resolve: Resolve): SchemaNode {
  const { oneOf: _o, anyOf: _a, ...own } = parent;
  const b = deref(branch, resolve);
  if (!own.properties) return b;
  return { ...b, type: 'object', properties: { ...own.properties, ...b.properties }, required: [...(own.required ?? []), ...(b.required ?? [])] };
}

/** allOf of object schemas (Codex wraps single refs in allOf to attach a description). */
function mergeAll(s: SchemaNode, resolve: Resolve): SchemaNode {
  const { allOf, ...own } = s;
  return (allOf as SchemaNode[]).reduce<SchemaNode>((acc, part) => {
    const p = deref(part, resolve);
    return {
      ...acc,
      ...p,
      properties: acc.properties || p.properties ? { ...acc.properties, ...p.properties } : undefined,
      required: [...(acc.required ?? []), ...(p.required ?? [])],
    };
  }, own);
}
