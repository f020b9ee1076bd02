// Who imports what, read from source text: the module specifiers of static
// `import … from`, side-effect `import '…'`, `export … from` and dynamic
// `import('…')`, resolved to tracked files (relative specifiers), Node builtins
// or packages. A regex scanner rather than the TypeScript API: TypeScript 7's
// `require('typescript')` exposes only its version.
import { builtinModules } from 'node:module';
import { posix } from 'node:path';

/** Where an import leads. */
export type ImportTarget =
  | { kind: 'file'; path: string }
  | { kind: 'node'; name: string }
  | { kind: 'package'; name: string }
  /** A relative specifier that matches no tracked file (a typo, or a generated file). */
  | { kind: 'missing'; specifier: string };

export interface ImportEdge {
  specifier: string;
  target: ImportTarget;
}

// Statements start a line (after indentation), so prose in comments ("we import
// x from y") and code inside template strings on the same line are not taken
// for imports. `[^;'"]*?` keeps one match inside one statement.
const STATIC_IMPORT = /^[ \t]*import\s+(?:type\s+)?[^;'"]*?\bfrom\s*(['"])([^'"\n]+)\1/gm;
const SIDE_EFFECT_IMPORT = /^[ \t]*import\s*(['"])([^'"\n]+)\1/gm;
const EXPORT_FROM = /^[ \t]*export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\1/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*(['"])([^'"\n]+)\1\s*[,)]/g;

/** Every module specifier the source names, in order of appearance, without duplicates. */
export function importSpecifiers(source: string): string[] {
  const found: Array<{ at: number; specifier: string }> = [];
  for (const pattern of [STATIC_IMPORT, SIDE_EFFECT_IMPORT, EXPORT_FROM, DYNAMIC_IMPORT]) {
    for (const m of source.matchAll(pattern)) found.push({ at: m.index, specifier: m[2]! });
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.specifier))];
}

const NODE_BUILTINS = new Set(builtinModules);

export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]!);
}

/** The package a bare specifier names: `@scope/name` or `name`, without subpath. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

// TypeScript under NodeNext/Bundler: `./x.js` names `x.ts` or `x.tsx`, `./x.mjs` names `x.mts`.
const SOURCE_FOR: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

export function resolveImport(fromPath: string, specifier: string, tracked: ReadonlySet<string>): ImportTarget {
  if (isNodeBuiltin(specifier)) return { kind: 'node', name: specifier };
  if (!specifier.startsWith('.')) return { kind: 'package', name: packageName(specifier) };
  const base = posix.normalize(posix.join(posix.dirname(fromPath), specifier));
  const ext = posix.extname(base);
  const stem = base.slice(0, base.length - ext.length);
  const candidates = [...(SOURCE_FOR[ext] ?? []).map((e) => stem + e), base, ...['.ts', '.tsx', '/index.ts', '/index.tsx'].map((e) => base + e)];
  const path = candidates.find((c) => tracked.has(c));
  return path ? { kind: 'file', path } : { kind: 'missing', specifier };
}

/** path → its imports, for the given source files. `read` returns a file's text. */
export function importGraph(sources: readonly string[], tracked: ReadonlySet<string>, read: (path: string) => string): Map<string, ImportEdge[]> {
  const graph = new Map<string, ImportEdge[]>();
  for (const path of sources) {
    graph.set(
      path,
      importSpecifiers(read(path)).map((specifier) => ({ specifier, target: resolveImport(path, specifier, tracked) })),
    );
  }
  return graph;
}
