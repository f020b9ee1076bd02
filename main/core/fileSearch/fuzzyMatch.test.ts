import { describe, expect, it } from 'vitest';
import { alignBoundIn, alignCeiling, BONUS_IN_NAME, fuzzyMatch, fuzzyScore, fuzzyScoreBound, pathTraits } from './fuzzyMatch.js';

describe('fuzzyMatch', () => {
  it('needs every query character in order, case-insensitively', () => {
    expect(fuzzyMatch('abc', 'xyz')).toBeNull();
    expect(fuzzyMatch('ts', 'st')).toBeNull();
    expect(fuzzyMatch('main', 'docs/MAIN.md')?.indices).toEqual([5, 6, 7, 8]);
  });

  it('returns the positions of the best alignment, not the first one', () => {
    // The leftmost "m","a","i","n" would be scattered; the name holds them in a row.
    expect(fuzzyMatch('main', 'src/m/a/i/n/main.ts')?.indices).toEqual([12, 13, 14, 15]);
    expect(fuzzyMatch('util/main', 'src/util/mainHelper.ts')?.indices).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('prefers word starts (camelCase, after / and _) to letters inside words', () => {
    const m = fuzzyMatch('mh', 'src/util/mainHelper.ts')!;
    expect(m.indices).toEqual([9, 13]);
    const starts = fuzzyMatch('fb', 'src/fooBar.ts')!.score;
    const inside = fuzzyMatch('fb', 'src/xfxbx.ts')!.score;
    expect(starts).toBeGreaterThan(inside);
  });

  it('ranks a match inside the file name above one spread over folders, and an exact name highest', () => {
    const inName = fuzzyMatch('main', 'src/main.ts')!;
    const spread = fuzzyMatch('main', 'm/a/i/n.ts')!;
    expect(inName.score).toBeGreaterThanOrEqual(BONUS_IN_NAME);
    expect(spread.score).toBeLessThan(BONUS_IN_NAME);
    expect(fuzzyMatch('main.ts', 'src/main.ts')!.score).toBeGreaterThan(fuzzyMatch('main.ts', 'src/main.tsx')!.score);
    expect(fuzzyMatch('src', 'src', 'src', 'directory')!.score).toBeGreaterThan(2 * BONUS_IN_NAME);
  });

  it("matches a file in its name when the name holds the query, even where the folders would score higher (Codex's choice)", () => {
    // "s" at 0 (after the start) would score more than the plain "s" of ".ts", but the name wins.
    expect(fuzzyMatch('s', 'src/main.ts')!.indices).toEqual([10]);
    // Folders are matched by path and get no name bonus unless named exactly like the query.
    expect(fuzzyMatch('u', 'src/util', 'src/util', 'directory')!.score).toBeLessThan(BONUS_IN_NAME);
  });

  it('consecutive letters beat the same letters with gaps', () => {
    expect(fuzzyMatch('abc', 'x/abc.ts')!.score).toBeGreaterThan(fuzzyMatch('abc', 'x/axbxc.ts')!.score);
  });
});

describe('fuzzyScore', () => {
  it('scores as fuzzyMatch does, on forced, banded and gapped alignments, in names and across folders', () => {
    const paths = ['src/util/mainHelper.ts', 'pkg0/test/module0Handler.ts', 'docs/MAIN.md', 'a/b/c', 'mod/mod/module.ts', 'x-y_z/FooBar9.ts', 'readme'];
    const queries = ['m', 'mh', 'modhandler', 'mod', 'main', 'srcmain', 'fb9', 'abc', 'readme', 'zz', 'ts', 'util/main'];
    let matched = 0;
    for (const path of paths)
      for (const q of queries)
        for (const kind of ['file', 'directory'] as const) {
          const full = fuzzyMatch(q, path, path.toLowerCase(), kind);
          if (full) matched++;
          expect(fuzzyScore(q, path, path.toLowerCase(), kind), `${q} in ${path} (${kind})`).toBe(full?.score ?? 0);
        }
    expect(matched).toBeGreaterThan(20);
  });

  it('traces the one forced alignment: a run keeps its word-start bonus, a gap costs', () => {
    // m after '/' (16 + 2 * 9), o and d in its run (16 + 9 each), h after a one-letter gap (16 - 3), all in the name.
    expect(fuzzyMatch('modh', 'x/modXh')).toEqual({ score: BONUS_IN_NAME + 34 + 25 + 25 + 13, indices: [2, 3, 4, 6] });
  });
});

describe('fuzzyScoreBound', () => {
  const paths = [
    'src/util/mainHelper.ts',
    'pkg0/test/module0Handler.ts',
    'docs/MAIN.md',
    'a/b/c',
    'mod/mod/module.ts',
    'x-y_z/FooBar9.ts',
    'readme',
    'my docs/Main File.md',
    'tab\there/x y',
    'win\\path\\file.ts',
    'mod',
    'ab/xaxb',
    'ma/module/mxa',
  ];
  const queries = [
    'm',
    'mh',
    'modhandler',
    'mod',
    'main',
    'srcmain',
    'fb9',
    'abc',
    'readme',
    'zz',
    'ts',
    'util/main',
    ' f',
    'f',
    'h',
    'x y',
    'file.ts',
    'module.ts',
    'ab',
    'ma',
    'mxa',
  ];

  it('is never below the score, and 0 exactly when there is no match', () => {
    let matched = 0;
    for (const path of paths)
      for (const q of queries)
        for (const kind of ['file', 'directory'] as const) {
          const score = fuzzyScore(q, path, path.toLowerCase(), kind);
          const bound = fuzzyScoreBound(q, pathTraits(path, kind));
          if (score > 0) matched++;
          expect(bound > 0, `${q} in ${path} (${kind})`).toBe(score > 0);
          expect(bound, `${q} in ${path} (${kind})`).toBeGreaterThanOrEqual(score);
        }
    expect(matched).toBeGreaterThan(40);
  });

  /** The ceiling with its alignment part worked out the dearer way (as a search does once the cheap one is not enough). */
  const tighter = (q: string, path: string, kind: 'file' | 'directory') => {
    const p = pathTraits(path, kind);
    const cheap = fuzzyScoreBound(q, p);
    return cheap === 0 ? 0 : cheap - alignCeiling(q.length, p.topBonus) + alignBoundIn(q, path, p.lower, 0, path.length, p.topBonus);
  };

  it('tightened, is still never below the score', () => {
    const more = ['pkg0/src/module4Handler.ts', 'a/ma/xm-a', 'mmaa/amam', 'x/MainApp', 'src/m a.ts', 'aa/aaa'];
    const moreQueries = ['ma', 'mm', 'aa', 'maa', 'mam', 'map', 'm a', 'xma', 'srcma'];
    for (const path of [...paths, ...more])
      for (const q of [...queries, ...moreQueries])
        for (const kind of ['file', 'directory'] as const) {
          const score = fuzzyScore(q, path, path.toLowerCase(), kind);
          expect(tighter(q, path, kind), `${q} in ${path} (${kind})`).toBeGreaterThanOrEqual(score);
          expect(tighter(q, path, kind) > 0, `${q} in ${path} (${kind})`).toBe(score > 0);
        }
  });

  it('tightened, prices a gap: letters far apart in a name are bounded by their real score', () => {
    // 'm' starts the name, 'a' is inside 'Handler' seven letters on: the cheap ceiling assumes both at word starts.
    const path = 'pkg0/src/module4Handler.ts';
    expect(fuzzyScoreBound('ma', pathTraits(path, 'file'))).toBeGreaterThan(fuzzyScore('ma', path, path.toLowerCase(), 'file'));
    expect(tighter('ma', path, 'file')).toBe(fuzzyScore('ma', path, path.toLowerCase(), 'file'));
  });

  it('is reached by a typed prefix of a name (so a search can skip everything below its 50th)', () => {
    for (const [q, path] of [
      ['mod', 'lib/module.ts'],
      ['m', 'pkg0/module0Handler.ts'],
      ['pkg1/src', 'pkg1/src/a.ts'],
      ['mod', 'lib/mod'],
    ] as const)
      expect(fuzzyScoreBound(q, pathTraits(path, 'file')), `${q} in ${path}`).toBe(fuzzyScore(q, path, path.toLowerCase(), 'file'));
    // After a space a letter earns more than after a '/', and the bound knows it.
    expect(fuzzyScoreBound('f', pathTraits('a/my file.md', 'file'))).toBe(fuzzyScore('f', 'a/my file.md', 'a/my file.md', 'file'));
  });
});
