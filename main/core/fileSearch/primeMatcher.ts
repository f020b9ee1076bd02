// Gives the matcher a taste of every kind of path and query once per process,
// before its first real scan. The engine optimizes a scan's loop for the
// branches it has seen run; a branch first met in a 100,000-path scan (a
// query found only across folders, a folder, an exact name) threw that code
// away mid-scan and made the keystroke 4 to 5 times slower than the same one
// later. A few thousand calls on made-up paths, about 5-10 ms once.
import { charMask, fuzzyMatch, fuzzyScore, fuzzyScoreBound, pathTraits } from './fuzzyMatch.js';

const PATHS = [
  pathTraits('src/app/main.ts', 'file'),
  pathTraits('src/app', 'directory'),
  pathTraits('pkg1/test/module12Handler.ts', 'file'),
  pathTraits('docs/My Notes/read me.md', 'file'),
  pathTraits('main', 'file'),
  pathTraits('lib/x-y_z/FooBar9.rs', 'file'),
];
/** Single letters, runs, gaps, letters with several places to go ('pa', 'p1e', 'de'), queries only a whole path holds, exact names, misses. */
const QUERIES = ['m', 'p', 'ma', 'main', 'mh', 'pa', 'p1e', 'de', 'pkg1/t', 'srcapp', 'src', 'app', 'fb9', 'rm', 'zz', 'doc/n', 'module12handler.ts'];
const ROUNDS = 20;

let primed = false;

export function primeMatcher(): void {
  if (primed) return;
  primed = true;
  for (let round = 0; round < ROUNDS; round++)
    for (const q of QUERIES) {
      const chars = charMask(q);
      for (const e of PATHS) {
        if (fuzzyScoreBound(q, e, chars) === 0) continue;
        fuzzyScore(q, e.path, e.lower, e.type, e.nameStart);
        if (round === 0) fuzzyMatch(q, e.path, e.lower, e.type);
      }
    }
}
