// The README's test-placement rule, kept: a test beside production code is a
// unit test and starts no process. One that imports child_process, itself or
// through a helper of a test tree (tests/support/…), belongs under tests/<area>/.
// Production modules a unit test imports are not followed: the core starts
// processes by design, and importing it starts none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, type ImportEdge } from '../support/importGraph.js';
import { REPO_ROOT, trackedFiles } from '../support/trackedFiles.js';

const TEST_TREES = ['tests/', 'e2e/'];
const inTestTree = (p: string) => TEST_TREES.some((t) => p.startsWith(t));
const isTestFile = (p: string) => /\.test\.tsx?$/.test(p);
const SOURCE = /\.(m|c)?(ts|tsx|js)$/;
const isChildProcess = (name: string) => name === 'child_process' || name === 'node:child_process';

/** Each test beside code that reaches child_process, with the chain of files that leads there. */
function misplacedTests(tracked: readonly string[], read: (path: string) => string): string[][] {
  const sources = tracked.filter((p) => SOURCE.test(p) && (inTestTree(p) || isTestFile(p)));
  const graph = importGraph(sources, new Set(tracked), read);
  const spawnChain = (start: string): string[] | undefined => {
    const seen = new Set<string>();
    const walk = (path: string, chain: string[]): string[] | undefined => {
      if (seen.has(path)) return undefined;
      seen.add(path);
      const edges: ImportEdge[] = graph.get(path) ?? [];
      if (edges.some((e) => e.target.kind === 'node' && isChildProcess(e.target.name))) return chain;
      for (const e of edges) {
        // Only helpers of the test trees are followed: production code is what the test is about.
        if (e.target.kind === 'file' && inTestTree(e.target.path)) {
          const found = walk(e.target.path, [...chain, e.target.path]);
          if (found) return found;
        }
      }
      return undefined;
    };
    return walk(start, [start]);
  };
  return sources
    .filter((p) => isTestFile(p) && !inTestTree(p))
    .map(spawnChain)
    .filter((c): c is string[] => c !== undefined);
}

describe('test placement', () => {
  it('no test beside code starts a process (imports child_process, directly or through a test helper)', () => {
    const tracked = trackedFiles();
    const besideCode = tracked.filter((p) => isTestFile(p) && !inTestTree(p));
    // The rule must be checking something: unit tests beside code exist.
    expect(besideCode.length).toBeGreaterThan(20);
    const misplaced = misplacedTests(tracked, (p) => readFileSync(join(REPO_ROOT, p), 'utf8'));
    expect(misplaced.map((chain) => `${chain[0]} reaches child_process via ${chain.join(' → ')}: move it under tests/<area>/`)).toEqual([]);
  });

  it('catches a direct import and one through a helper, and leaves production imports and test-tree tests alone', () => {
    const files: Record<string, string> = {
      'main/core/a/direct.test.ts': "import { spawnSync } from 'node:child_process';",
      'main/core/a/viaHelper.test.ts': "import { run } from '../../../tests/support/runner.js';",
      'tests/support/runner.ts': "import { helper } from './spawner.js';",
      'tests/support/spawner.ts': "import { spawn } from 'child_process';",
      'main/core/a/pure.test.ts': "import { x } from './x.js';\nimport { tree } from '../../../tests/support/pure.js';",
      'main/core/a/x.ts': "import { spawn } from 'node:child_process';",
      'tests/support/pure.ts': "import { join } from 'node:path';",
      'tests/area/spawns.test.ts': "import { spawn } from 'node:child_process';",
    };
    const misplaced = misplacedTests(Object.keys(files), (p) => files[p]!);
    expect(misplaced).toEqual([['main/core/a/direct.test.ts'], ['main/core/a/viaHelper.test.ts', 'tests/support/runner.ts', 'tests/support/spawner.ts']]);
  });
});
