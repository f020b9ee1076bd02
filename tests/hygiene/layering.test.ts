// Rooms named by where code runs, and kept so: the core (plain Node, shared by
// the CLI and the desktop app) never reaches into the CLI, the TUI, Electron,
// the desktop shell or the IPC layer; code shared by main, preload and renderer
// (shared/) reaches nothing outside shared/ and no Node builtin; the renderer (a
// sandboxed browser page) and the preload bridge reach only their own folder and
// shared/, never the core and never Node. "Reaches" follows imports transitively
// through tracked files, so a detour through a third file is caught too.
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

// Code shared by main, preload and renderer. The test refuses a root that holds
// no tracked file, so a move cannot leave the rule checking nothing.
const SHARED_ROOT = 'shared/';
const isShared = under(SHARED_ROOT);

const nodeOrElectron = (t: ImportTarget): string | null =>
  t.kind === 'node' ? 'a Node builtin' : t.kind === 'package' && t.name === 'electron' ? 'Electron' : null;

/** The room a tracked file outside `allowed` lives in ("the core" for main/core), or null. */
const outsideOf =
  (...allowed: string[]) =>
  (t: ImportTarget): string | null => {
    if (t.kind !== 'file' || allowed.some((a) => t.path.startsWith(a))) return null;
    if (t.path.startsWith('main/core/')) return 'the core';
    const room = /^(main\/[^/]+|[^/]+)\//.exec(t.path);
    return room ? room[1]! : t.path;
  };

const RULES: Rule[] = [
  {
    name: 'core stays out of cli, tui, electron, desktop and ipc',
    appliesTo: under('main/core/'),
    forbids: (t) => {
      if (t.kind === 'package' && t.name === 'electron') return 'Electron';
      if (t.kind !== 'file') return null;
      const room = /^main\/(cli|tui|electron|desktop|ipc)\//.exec(t.path);
      return room ? `main/${room[1]}` : null;
    },
  },
  {
    name: 'shared code imports neither Node nor anything outside shared/',
    appliesTo: isShared,
    forbids: (t) => nodeOrElectron(t) ?? outsideOf(SHARED_ROOT)(t),
  },
  {
    // "the core" is named for what it is; any other room outside renderer/ and shared/ is refused too.
    name: 'renderer imports only renderer/ and shared/ (never the core)',
    appliesTo: under('renderer/'),
    forbids: outsideOf('renderer/', SHARED_ROOT),
  },
  {
    // Its unit tests run under Node in vitest; the page itself cannot.
    name: 'renderer does not import Node',
    appliesTo: (p) => p.startsWith('renderer/') && !isTest(p),
    forbids: nodeOrElectron,
  },
  {
    // The sandboxed preload gets Electron's renderer-side modules only.
    name: 'preload imports only shared/ and Electron',
    appliesTo: under('preload/'),
    forbids: (t) => (t.kind === 'node' ? 'a Node builtin' : outsideOf('preload/', SHARED_ROOT)(t)),
  },
];

// Known violations, each to be removed by the issue that moves the code (none
// today). An exception that no longer matches anything fails the test, so the
// list only shrinks.
const EXCEPTIONS: Exception[] = [];

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

  it('checks rooms that exist: every rule starts from some tracked file, the shared folder holds one', () => {
    for (const rule of RULES) expect([...graph.keys()].some(rule.appliesTo), rule.name).toBe(true);
    expect(sources.some(isShared), SHARED_ROOT).toBe(true);
  });

  it('reads the imports it must see: the core and the renderer import from the shared protocol', () => {
    // If the scanner silently read nothing, the wall check above would pass on anything.
    const edges = [...graph.entries()].flatMap(([from, es]) => es.map((e) => ({ from, to: targetName(e.target) })));
    expect(edges.some((e) => e.from.startsWith('main/core/') && e.to.startsWith('shared/protocol/'))).toBe(true);
    expect(edges.some((e) => e.from.startsWith('renderer/src/') && e.to === 'shared/ipc/api.ts')).toBe(true);
  });
});

describe('layeringViolations', () => {
  const file = (path: string): ImportTarget => ({ kind: 'file', path });
  const edge = (specifier: string, target: ImportTarget): ImportEdge => ({ specifier, target });

  it('reports each kind of wall crossing, directly and through another file', () => {
    const graph = new Map<string, ImportEdge[]>([
      ['main/core/a.ts', [edge('../cli/args.js', file('main/cli/args.ts')), edge('../../shared/protocol/p.js', file('shared/protocol/p.ts'))]],
      ['main/core/b.ts', [edge('electron', { kind: 'package', name: 'electron' })]],
      ['main/core/t.ts', [edge('../tui/x.js', file('main/tui/x.ts'))]],
      ['shared/protocol/p.ts', [edge('./q.js', file('shared/protocol/q.ts')), edge('zod/mini', { kind: 'package', name: 'zod' })]],
      ['shared/protocol/q.ts', [edge('node:fs', { kind: 'node', name: 'node:fs' }), edge('../../main/core/c.js', file('main/core/c.ts'))]],
      ['shared/ipc/api.ts', [edge('../../main/desktop/d.js', file('main/desktop/d.ts'))]],
      ['renderer/src/view.tsx', [edge('../../main/desktop/d.js', file('main/desktop/d.ts')), edge('../../shared/protocol/p.js', file('shared/protocol/p.ts'))]],
      ['renderer/src/other.tsx', [edge('../../main/core/c.js', file('main/core/c.ts'))]],
      ['main/desktop/d.ts', [edge('../core/c.js', file('main/core/c.ts')), edge('path', { kind: 'node', name: 'path' })]],
      ['main/core/c.ts', []],
      ['main/cli/args.ts', []],
      ['main/tui/x.ts', []],
      ['renderer/src/view.test.ts', [edge('node:os', { kind: 'node', name: 'node:os' })]],
      [
        'preload/index.ts',
        [
          edge('electron', { kind: 'package', name: 'electron' }),
          edge('../shared/ipc/api.js', file('shared/ipc/api.ts')),
          edge('node:path', { kind: 'node', name: 'node:path' }),
        ],
      ],
    ]);
    const found = layeringViolations(graph, RULES).map((v) => `${v.chain.join('>')} ! ${v.imports}`);
    expect(found.sort()).toEqual(
      [
        // core (reaching shared code is fine, and Node is fine for the core)
        'main/core/a.ts ! main/cli/args.ts',
        'main/core/b.ts ! electron',
        'main/core/t.ts ! main/tui/x.ts',
        // shared: Node, the core, any other room; a package (zod) is fine
        'shared/protocol/q.ts ! node:fs',
        'shared/protocol/q.ts ! main/core/c.ts',
        'shared/ipc/api.ts ! main/desktop/d.ts',
        // renderer: any room but its own and shared/, directly or through shared code
        'renderer/src/view.tsx ! main/desktop/d.ts',
        'renderer/src/other.tsx ! main/core/c.ts',
        'renderer/src/view.tsx>shared/protocol/p.ts>shared/protocol/q.ts ! main/core/c.ts',
        // renderer and Node, through whatever it imports; the renderer's own test may use Node
        'renderer/src/view.tsx>main/desktop/d.ts ! path',
        'renderer/src/view.tsx>shared/protocol/p.ts>shared/protocol/q.ts ! node:fs',
        // preload: Electron is fine, Node and rooms beyond shared/ are not
        'preload/index.ts ! node:path',
        'preload/index.ts>shared/ipc/api.ts ! main/desktop/d.ts',
      ].sort(),
    );
  });
});
