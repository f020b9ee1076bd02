// Gives the matcher a taste of every kind of path and query once per process,
// before its first real scan. The engine optimizes a scan's loop for the
// branches it has seen run; a branch first met in a 100,000-path scan (a
// query found only across folders, a folder, an exact name) threw that code
// away mid-scan and made the keystroke 4 to 5 times slower than the same one
// later. A few thousand calls on made-up paths, about 20-30 ms once, while git lists the tree.
import { alignBoundIn, charMask } from './fuzzyMatch.js';
import { Listing } from './listing.js';
import { MATCH_LIMIT, RootScan, type FileSearchMatch } from './rootScan.js';

const PATHS = ['src/app/main.ts', 'pkg1/test/module12Handler.ts', 'docs/My Notes/read me.md', 'main', 'lib/x-y_z/FooBar9.rs'];
/** Single letters, runs, gaps, letters with several places to go ('pa', 'p1e', 'de'), queries only a whole path holds, exact names, misses. */
const QUERIES = ['m', 'p', 'ma', 'main', 'mh', 'pa', 'p1e', 'de', 'pkg1/t', 'srcapp', 'src', 'app', 'fb9', 'rm', 'zz', 'doc/n', 'module12handler.ts'];
const ROUNDS = 4;
const SHORT_QUERIES = ['m', 'ma', 'pa', 'de', 'p1e', 'mh', 'zz'];
const TIGHT_ROUNDS = 40;

let primed = false;

export function primeMatcher(): void {
  if (primed) return;
  primed = true;
  // The same listing and scan a search runs (folders come in with the files), with its best 50 not yet
  // full, full of matches any path beats, and full of ones none beats (the three ways a path is met).
  const listing = new Listing();
  listing.addFiles(`${PATHS.join('\0')}\0`);
  const filled = (score: number): FileSearchMatch[] =>
    Array.from({ length: MATCH_LIMIT }, () => ({ root: '/', path: 'x'.repeat(99), match_type: 'file', file_name: 'x', score, indices: null }));
  for (let round = 0; round < ROUNDS; round++)
    for (const lower of QUERIES)
      for (const best of [[], filled(1), filled(Number.MAX_SAFE_INTEGER)])
        new RootScan('/', listing, { start: 0, end: listing.count }, { lower, chars: charMask(lower) }, best).step(listing.count);
  // The tighter ceiling runs on nearly every path of a short query's scan: cheap calls, so many more of them.
  const { texts, lowers, block, start, end } = listing;
  for (let round = 0; round < TIGHT_ROUNDS; round++)
    for (const lower of SHORT_QUERIES)
      for (let i = 0; i < listing.count; i++) alignBoundIn(lower, texts[block[i]!]!, lowers[block[i]!]!, start[i]!, end[i]!, listing.topBonus(i));
}
