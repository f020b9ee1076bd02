// Rooms named by where code runs, and kept so: the core (plain Node, shared by
// the CLI and the desktop app) never reaches into the CLI, Electron, the desktop
// shell or the IPC layer; code shared by main, preload and renderer reaches
// neither Node nor the core; the renderer (a sandboxed browser page) reaches
// neither the core nor Node. "Reaches" follows imports transitively through
// tracked files, so a detour through a third file is caught too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, type ImportEdge, type ImportTarget } from '../support/importGraph.js';
import { REPO_ROOT, trackedFiles } from '../support/trackedFiles.js';

interface Rule {
  name: string;
  /** The files the rule starts from. */
  appliesTo: (path: string) => boolean;
  /** Why an import that leads to `target` is out of bounds, or null when it is fine. */
  forbids: (target: ImportTarget) => string | null;
}

/** A known violation, allowed until the named issue moves the code. */
interface Exception {
  rule: string;
  importer: string;
  /** The tracked file, Node builtin or package imported. */
  imports: string;
  why: string;
}

interface Violation {
  rule: string;
  /** Start file → … → importer. */
  chain: string[];
  importer: string;
  imports: string;
  reason: string;
}

const isTest = (p: string) => /\.test\.tsx?$/.test(p);
const under = (prefix: string) => (p: string) => p.startsWith(prefix);
const targetName = (t: ImportTarget) => (t.kind === 'file' ? t.path : t.kind === 'missing' ? t.specifier : t.name);

// Code shared by main, preload and renderer today. When it moves into one
// folder (issue 12), point these at the folder; the test refuses a root that
// holds no tracked file, so a move cannot leave the rule checking nothing.
const SHARED_ROOTS = ['main/protocol/', 'main/ipc/contract.ts', 'main/ipc/api.ts'];
const isShared = (p: string) => SHARED_ROOTS.some((r) => (r.endsWith('/') ? p.startsWith(r) : p === r));

const nodeOrElectron = (t: ImportTarget): string | null =>
  t.kind === 'node'
    ? 'a Node builtin'
    : t.kind === 'package' && t.name === 'electron'
      ? 'Electron'
      : null;
const theCore = (t: ImportTarget): string | null => (t.kind === 'file' && t.path.startsWith('main/core/') ? 'the core' : null);

const RULES: Rule[] = [
  {
    name: 'core stays out of cli, electron, desktop and ipc',
    appliesTo: under('main/core/'),
    forbids: (t) => {
      if (t.kind === 'package' && t.name === 'electron') return 'Electron';
      if (t.kind !== 'file') return null;
      const room = /^main\/(cli|electron|desktop|ipc)\//.exec(t.path);
      return room ? `main/${room[1]}` : null;
    },
  },
  {
    name: 'shared code imports neither Node nor the core',
    appliesTo: isShared,
    forbids: (t) => nodeOrElectron(t) ?? theCore(t),
  },
  {
    name: 'renderer does not import the core',
    appliesTo: under('renderer/'),
    forbids: theCore,
  },
  {
    // Its unit tests run under Node in vitest; the page itself cannot.
    name: 'renderer does not import Node',
    appliesTo: (p) => p.startsWith('renderer/') && !isTest(p),
    forbids: nodeOrElectron,
  },
];

// Violations in the tree today, each to be removed by the issue that moves the
// code. An exception that no longer matches anything fails the test, so the
// list only shrinks.
const EXCEPTIONS: Exception[] = [
  {
    rule: 'core stays out of cli, electron, desktop and ipc',
    importer: 'main/core/mcp/connectionManager.ts',
    imports: 'main/cli/version.ts',
    why: 'issue 12: the version constant moves into the core',
  },
  {
    rule: 'core stays out of cli, electron, desktop and ipc',
    importer: 'main/core/mcp/mcpCommand.test.ts',
    imports: 'main/cli/mcpCommand.ts',
    why: 'issue 12: a test of `codex mcp` (the CLI) sitting in the core; move it beside main/cli or under tests/',
  },
  {
    rule: 'core stays out of cli, electron, desktop and ipc',
    importer: 'main/core/mcp/mcpCommand.test.ts',
    imports: 'main/cli/args.ts',
    why: 'issue 12: same misplaced CLI test as above',
  },
  {
    rule: 'core stays out of cli, electron, desktop and ipc',
    importer: 'main/core/execServer/fixtures/cliEntry.ts',
    imports: 'main/cli/execServerCommand.ts',
    why: 'issue 12: a test entry point for `codex exec-server` (the CLI) kept in the core; it belongs under tests/',
  },
];

/** Every forbidden import reachable from the files a rule applies to, with the shortest chain to it. */
function layeringViolations(graph: ReadonlyMap<string, readonly ImportEdge[]>, rules: readonly Rule[]): Violation[] {
  const out: Violation[] = [];
  for (const rule of rules) {
    const seen = new Map<string, string[]>(); // file → chain from a start file
    const queue: string[] = [];
    for (const path of graph.keys()) {
      if (rule.appliesTo(path)) {
        seen.set(path, [path]);
        queue.push(path);
      }
    }
    const reported = new Set<string>();
    for (let i = 0; i < queue.length; i++) {
      const file = queue[i]!;
      const chain = seen.get(file)!;
      for (const edge of graph.get(file) ?? []) {
        const reason = rule.forbids(edge.target);
        if (reason !== null) {
          const key = `${file}\0${targetName(edge.target)}`;
          if (!reported.has(key)) {
            reported.add(key);
            out.push({ rule: rule.name, chain, importer: file, imports: targetName(edge.target), reason });
          }
          continue; // never follow an import past the wall
        }
        if (edge.target.kind === 'file' && !seen.has(edge.target.path) && graph.has(edge.target.path)) {
          seen.set(edge.target.path, [...chain, edge.target.path]);
          queue.push(edge.target.path);
        }
      }
    }
  }
  return out;
}

const matches = (e: Exception, v: Violation) => e.rule === v.rule && e.importer === v.importer && e.imports === v.imports;
const describeViolation = (v: Violation) => `${v.rule}: ${v.chain.join(' → ')} imports ${v.imports} (${v.reason})`;

describe('layering of the rooms', () => {
  const tracked = trackedFiles();
  const sources = tracked.filter((p) => /\.(ts|tsx|mts|cts)$/.test(p));
  const graph = importGraph(sources, new Set(tracked), (p) => readFileSync(join(REPO_ROOT, p), 'utf8'));

  it('finds no import across a wall, except the listed ones', () => {
    const violations = layeringViolations(graph, RULES);
    const unexpected = violations.filter((v) => !EXCEPTIONS.some((e) => matches(e, v))).map(describeViolation);
    expect(unexpected, 'imports across a room wall').toEqual([]);
    const stale = EXCEPTIONS.filter((e) => !violations.some((v) => matches(e, v)));
    expect(stale, 'exceptions that no longer happen: remove them from EXCEPTIONS').toEqual([]);
  });

  it('checks rooms that exist: every rule starts from some tracked file, every shared root holds one', () => {
    for (const rule of RULES) expect([...graph.keys()].some(rule.appliesTo), rule.name).toBe(true);
    for (const root of SHARED_ROOTS) expect(sources.some((p) => (root.endsWith('/') ? p.startsWith(root) : p === root)), root).toBe(true);
  });

  it('reads the imports it must see: the core and the renderer import from the shared protocol', () => {
    // If the scanner silently read nothing, the wall check above would pass on anything.
    const edges = [...graph.entries()].flatMap(([from, es]) => es.map((e) => ({ from, to: targetName(e.target) })));
    expect(edges.some((e) => e.from.startsWith('main/core/') && e.to.startsWith('main/protocol/'))).toBe(true);
    expect(edges.some((e) => e.from.startsWith('renderer/src/') && e.to === 'main/ipc/api.ts')).toBe(true);
  });
});

describe('layeringViolations', () => {
  const file = (path: string): ImportTarget => ({ kind: 'file', path });
  const edge = (specifier: string, target: ImportTarget): ImportEdge => ({ specifier, target });

  it('reports each kind of wall crossing, directly and through another file', () => {
    const graph = new Map<string, ImportEdge[]>([
      ['main/core/a.ts', [edge('../cli/args.js', file('main/cli/args.ts')), edge('../protocol/p.js', file('main/protocol/p.ts'))]],
      ['main/core/b.ts', [edge('electron', { kind: 'package', name: 'electron' })]],
      ['main/protocol/p.ts', [edge('./q.js', file('main/protocol/q.ts'))]],
      ['main/protocol/q.ts', [edge('node:fs', { kind: 'node', name: 'node:fs' }), edge('../core/b.js', file('main/core/b.ts'))]],
      ['renderer/src/view.tsx', [edge('../../main/desktop/d.js', file('main/desktop/d.ts'))]],
      ['main/desktop/d.ts', [edge('../core/c.js', file('main/core/c.ts')), edge('path', { kind: 'node', name: 'path' })]],
      ['main/core/c.ts', []],
      ['main/cli/args.ts', []],
      ['renderer/src/view.test.ts', [edge('node:os', { kind: 'node', name: 'node:os' })]],
    ]);
    const found = layeringViolations(graph, RULES).map((v) => `${v.chain.join('>')} ! ${v.imports}`);
    expect(found.sort()).toEqual(
      [
        // core
        'main/core/a.ts ! main/cli/args.ts',
        'main/core/b.ts ! electron',
        // shared (the core reaching it through a.ts adds nothing: Node is fine for the core)
        'main/protocol/q.ts ! node:fs',
        'main/protocol/q.ts ! main/core/b.ts',
        // renderer, through a desktop file; the renderer's own test may use Node
        'renderer/src/view.tsx>main/desktop/d.ts ! main/core/c.ts',
        'renderer/src/view.tsx>main/desktop/d.ts ! path',
      ].sort(),
    );
  });
});
