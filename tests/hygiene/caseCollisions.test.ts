// No two tracked paths may differ only in letter case (or Unicode normal form),
// nor two modules whose names do once the extension is dropped: macOS and
// Windows disks are case-insensitive by default, so there `import
// './Settings.js'` (which TypeScript and bundlers try as Settings.ts first)
// loads settings.ts, and a checkout of a/x and a/X keeps only one.
import { describe, expect, it } from 'vitest';
import { trackedFiles } from '../support/trackedFiles.js';

// What an import specifier names once its extension is swapped or added.
const MODULE_EXTENSION = /(\.d)?\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** Groups of tracked paths that one name reaches on a case-insensitive disk. */
function caseCollisions(paths: readonly string[]): string[][] {
  // folded name → each spelling of it → the tracked paths behind that spelling
  const names = new Map<string, Map<string, Set<string>>>();
  const add = (kind: string, spelled: string, path: string) => {
    const key = kind + '\0' + spelled.normalize('NFC').toLowerCase();
    const spellings = names.get(key) ?? new Map<string, Set<string>>();
    names.set(key, spellings.set(spelled, (spellings.get(spelled) ?? new Set()).add(path)));
  };
  for (const path of paths) {
    const parts = path.split('/');
    // Folders too: a/Lib/x.ts and a/lib/y.ts land in one folder there.
    for (let i = 1; i < parts.length; i++) add('path', parts.slice(0, i).join('/'), parts.slice(0, i).join('/') + '/');
    add('path', path, path);
    if (MODULE_EXTENSION.test(path)) add('module', path.replace(MODULE_EXTENSION, ''), path);
  }
  const groups = [...names.values()]
    .filter((spellings) => spellings.size > 1)
    .map((spellings) => [...new Set([...spellings.values()].flatMap((s) => [...s]))].sort());
  const seen = new Set<string>();
  return groups.filter((g) => !seen.has(g.join('\0')) && seen.add(g.join('\0'))).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

describe('tracked paths', () => {
  it('never differ only in case', () => {
    const tracked = trackedFiles();
    expect(tracked.length).toBeGreaterThan(100);
    expect(caseCollisions(tracked)).toEqual([]);
  });
});

describe('caseCollisions', () => {
  it('finds files and folders that differ only in case or normal form', () => {
    expect(
      caseCollisions([
        'docs/caf\u00e9.md', // é precomposed
        'docs/cafe\u0301.md', // e + combining acute
        'main/Lib/a.ts',
        'main/lib/b.ts',
        'notes/README',
        'notes/readme',
      ]),
    ).toEqual([['docs/cafe\u0301.md', 'docs/caf\u00e9.md'].sort(), ['main/Lib/', 'main/lib/'], ['notes/README', 'notes/readme']]);
  });

  it('finds modules one import reaches, though their extensions differ', () => {
    expect(caseCollisions(['renderer/src/Settings.tsx', 'renderer/src/settings.ts', 'src/Markdown.tsx', 'src/markdown.ts'])).toEqual([
      ['renderer/src/Settings.tsx', 'renderer/src/settings.ts'],
      ['src/Markdown.tsx', 'src/markdown.ts'],
    ]);
  });

  it('leaves names that differ otherwise alone', () => {
    expect(caseCollisions(['a/settings.ts', 'a/settingsModel.ts', 'a/SettingsPanel.tsx', 'a/settings.test.ts', 'b/settings.ts', 'c/x.ts', 'c/x.tsx'])).toEqual(
      [],
    );
  });
});
